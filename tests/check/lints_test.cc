// One test per lint: what a reviewer would see for each kind of mistake.
#include <doctest/doctest.h>

#include "advisor/check/check.h"
#include "advisor/check/lint_passes.h"
#include "advisor/check/lints.h"
#include "advisor/config/line_parser.h"
#include "advisor/engine/engine.h"

using namespace sa;
using namespace sa::check;

namespace {

// A ConfigSet as the loader would build it from (file, text) pairs in load order.
config::ConfigSet configs(std::vector<std::pair<std::string, std::string>> files,
                          config::Loader loader = config::Loader::systemd) {
  config::ConfigSet cs;
  cs.loader = loader;
  for (auto& [name, text] : files) {
    cs.files.push_back(name);
    // keep(): the assignments view the text, which must live as long as the set.
    config::parse_text(cs.keep(text), static_cast<uint32_t>(cs.files.size() - 1), name, loader, cs.assignments,
                       cs.diagnostics);
  }
  config::compute_effective(cs);
  return cs;
}

const engine::Catalog& catalog() {
  static const engine::Catalog c = [] {
    auto loaded = engine::parse_catalog(R"toml(
[[key]]
name = "net.ipv4.tcp_tw_reuse"
summary = "Reuse TIME_WAIT ports for connect()"
type = "enum"
min = 0
max = 2
values = { "0" = "off", "1" = "on", "2" = "loopback" }
added = "0"

[[key]]
name = "net.ipv4.tcp_tw_recycle"
summary = "Removed TIME_WAIT recycling"
type = "bool"
added = "0"
removed = "4.12"

[[key]]
name = "net.ipv4.tcp_sack"
summary = "Selective acknowledgements"
type = "bool"
added = "0"

[[key]]
name = "net.ipv4.tcp_retries2"
summary = "Retransmissions before giving up on an established connection"
type = "int"
added = "0"

[[key]]
name = "net.ipv4.tcp_fin_timeout"
summary = "FIN_WAIT_2 timeout of orphans"
type = "int"
min = 1
max = 600
added = "0"
)toml",
                                        "keys.toml");
    REQUIRE(loaded.ok());
    // Real names outside the catalog, as rules/known-keys.txt lists them.
    loaded.value.known_names = {"net.ipv4.tcp_dsack", "net.ipv4.tcp_fack", "net.ipv4.tcp_retries1"};
    return loaded.value;
  }();
  return c;
}

std::vector<Raw> keys(const config::ConfigSet& cs, const std::string& kernel = "6.1") {
  std::vector<Raw> out;
  lint_keys(cs, catalog(), kernel, out);
  return out;
}

std::string line(const Raw& r) {
  return r.finding.at->file + ":" + std::to_string(r.finding.at->line) + ": " + std::string(to_string(r.finding.severity)) +
         ": " + r.finding.message + " [" + r.finding.rule + "]";
}

}  // namespace

TEST_CASE("unknown-key: a typo of a catalog key gets 'did you mean'") {
  auto out = keys(configs({{"a.conf", "net.ipv4.tcp_tw_reuce = 1\nvm.swappiness = 10\n"}}));
  REQUIRE(out.size() == 1);  // vm.swappiness is not in the catalog but is no typo: not judged
  CHECK(line(out[0]) == "a.conf:1: warning: unknown key 'net.ipv4.tcp_tw_reuce'; did you mean 'net.ipv4.tcp_tw_reuse'? [unknown-key]");
  CHECK(out[0].column == Column::key);
}

TEST_CASE("unknown-key: a first component no /proc/sys folder has is an error") {
  auto out = keys(configs({{"a.conf", "nett.ipv4.tcp_tw_reuse = 1\n-ipv4.tcp_fin_timeout = 30\n"}}));
  REQUIRE(out.size() == 2);
  CHECK(line(out[0]) ==
        "a.conf:1: error: unknown key 'nett.ipv4.tcp_tw_reuse': /proc/sys has no 'nett'; did you mean 'net.ipv4.tcp_tw_reuse'? [unknown-key]");
  CHECK(out[1].finding.severity == Severity::notice);  // '-': the loader ignores the failure
  CHECK(known_top_level("vm.swappiness"));
  CHECK(known_top_level("net/ipv4/tcp_sack"));
  CHECK_FALSE(known_top_level("ipv4.tcp_sack"));
}

TEST_CASE("absent-on-kernel: tcp_tw_recycle on 4.12 or later, not before, not without a kernel") {
  auto cs = configs({{"a.conf", "net.ipv4.tcp_tw_recycle = 0\n-net.ipv4.tcp_tw_recycle = 0\n"}});
  auto on_61 = keys(cs, "6.1");
  REQUIRE(on_61.size() == 2);
  CHECK(line(on_61[0]) == "a.conf:1: error: net.ipv4.tcp_tw_recycle does not exist on kernel 6.1 (removed in 4.12) [absent-on-kernel]");
  CHECK(on_61[1].finding.severity == Severity::notice);
  CHECK(keys(cs, "4.12").size() == 2);
  CHECK(keys(cs, "4.11.12").empty());
  CHECK(keys(cs, "").empty());
}

TEST_CASE("invalid-value: wrong type, out of range, and the part before an inline comment") {
  auto out = keys(configs({{"a.conf",
                            "net.ipv4.tcp_tw_reuse = 3\n"
                            "net.ipv4.tcp_fin_timeout = soon\n"
                            "net.ipv4.tcp_fin_timeout = 0\n"
                            "net.ipv4.tcp_fin_timeout = 30 # half a minute\n"}}));
  REQUIRE(out.size() == 3);
  for (const auto& r : out) CHECK(r.finding.rule == "invalid-value");
  CHECK(out[0].finding.at->line == 1);
  CHECK(out[0].finding.message.find("net.ipv4.tcp_tw_reuse = '3': ") == 0);
  CHECK(out[1].finding.at->line == 2);
  CHECK(out[2].finding.at->line == 3);
  CHECK(out[0].column == Column::value);
}

TEST_CASE("duplicate-key: the earlier line of a file is dead, naming the line that wins") {
  std::vector<Raw> out;
  lint_shadowing(configs({{"a.conf", "net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_fin_timeout = 15\nnet.ipv4.tcp_fin_timeout = 15\n"}}), out);
  REQUIRE(out.size() == 2);
  CHECK(line(out[0]) == "a.conf:1: warning: net.ipv4.tcp_fin_timeout = 30 is assigned again on line 3 (15), which wins at boot [duplicate-key]");
  CHECK(line(out[1]) == "a.conf:2: notice: net.ipv4.tcp_fin_timeout = 15 is assigned again on line 3 with the same value [duplicate-key]");
}

TEST_CASE("shadowed-key: a later file wins at boot; overriding a vendor file is only info") {
  std::vector<Raw> out;
  auto cs = configs({{"/usr/lib/sysctl.d/50-default.conf", "net.ipv4.tcp_fin_timeout = 60\n"},
                     {"/etc/sysctl.d/10-a.conf", "net.ipv4.tcp_fin_timeout = 30\n"},
                     {"/etc/sysctl.d/99-b.conf", "net.ipv4.tcp_fin_timeout = 15\n"}});
  lint_shadowing(cs, out, [](const std::string& p) { return "host" + p; });
  REQUIRE(out.size() == 2);
  CHECK(line(out[0]) ==
        "/usr/lib/sysctl.d/50-default.conf:1: info: net.ipv4.tcp_fin_timeout = 60 is overridden at boot by host/etc/sysctl.d/99-b.conf:1 (15) under systemd [shadowed-key]");
  CHECK(line(out[1]) ==
        "/etc/sysctl.d/10-a.conf:1: warning: net.ipv4.tcp_fin_timeout = 30 is overridden at boot by host/etc/sysctl.d/99-b.conf:1 (15) under systemd [shadowed-key]");
}

TEST_CASE("syntax: advisor/config's diagnostics become findings under their own codes") {
  std::vector<Raw> out;
  lint_syntax(configs({{"a.conf", "net.ipv4.tcp_fin_timeout 30\n"}}), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].finding.rule == "missing-equals");
  CHECK(out[0].finding.severity == Severity::error);
  CHECK(out[0].finding.at->line == 1);
  CHECK_FALSE(out[0].finding.reason.empty());
}

TEST_CASE("near misses: at most two edits, one for short keys; a key merely absent from the catalog is no typo") {
  CHECK(edit_distance("tcp_tw_reuse", "tcp_tw_reuce", 2) == 1);
  CHECK(edit_distance("tcp_tw_reuse", "tcp_tw_ruese", 2) == 2);
  CHECK(edit_distance("tcp_tw_reuse", "tcp_sack", 2) == 3);  // gave up past the bound
  CHECK(edit_distance("abc", "abc", 2) == 0);
  CHECK(edit_distance("", "ab", 2) == 2);
  NearMiss nm(catalog());
  CHECK(nm.find("net.ipv4.tcp_tw_reuce") == std::optional<std::string>("net.ipv4.tcp_tw_reuse"));
  CHECK(nm.find("net.ipv4.tcp_fin_timeoutt") == std::optional<std::string>("net.ipv4.tcp_fin_timeout"));
  CHECK_FALSE(nm.find("net.ipv4.tcp_tw_reuse").has_value());  // itself: not a near miss
  CHECK_FALSE(nm.find("net.ipv4.tcp_ecn").has_value());
  CHECK_FALSE(nm.find("net.ipv4.tcp_window_scaling").has_value());
  // Real keys one edit from a catalog key are not typos.
  CHECK_FALSE(nm.find("net.ipv4.tcp_dsack").has_value());
  CHECK_FALSE(nm.find("net.ipv4.tcp_retries1").has_value());
  CHECK(catalog().is_known_name("net.ipv4.tcp_fack"));
  CHECK_FALSE(catalog().is_known_name("net.ipv4.tcp_tw_reuce"));
}

TEST_CASE("run_lints: every pass of the one list runs, in its order (syntax, keys, shadowing)") {
  std::vector<Raw> out;
  auto cs = configs({{"a.conf", "net.ipv4.tcp_fin_timeout 30\nnet.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_fin_timeout = 15\n"
                                "net.ipv4.tcp_tw_reuse = 7\n"}});
  NearMiss near(catalog());
  const std::string kernel = "6.1";
  run_lints(LintInput{cs, catalog(), kernel, near, ShownPath{}}, out);
  std::vector<std::string> rules;
  for (const Raw& r : out) rules.push_back(r.finding.rule);
  CHECK(rules == std::vector<std::string>{"missing-equals", "invalid-value", "duplicate-key"});
  CHECK(lint_passes().size() == 4);
}
