// Plan assembly (one change per key, conflicts by priority) and the three renderings a user reads.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "advisor/plan/proposals.h"
#include "advisor/report/plan_formats.h"

using namespace sa;
using namespace sa::plan;

namespace {

Proposal proposal(const std::string& rule, const std::string& key, const std::string& value, int priority,
                  bool needed = true) {
  Proposal p;
  p.change.key = key;
  p.change.proposed = value;
  p.change.rule = rule;
  p.change.priority = priority;
  p.change.current = "2";
  p.needed = needed;
  return p;
}

Plan sample() {
  Plan p;
  p.profile = "load-balancer";
  p.profile_reason = "--profile";
  p.kernel = "5.15.0";
  Change c;
  c.key = "net.ipv4.tcp_tw_reuse";
  c.current = "2";
  c.configured = "0";
  c.configured_at = Origin{"/etc/sysctl.d/99-x.conf", 4};
  c.proposed = "1";
  c.rule = "tw-reuse-on-connecting-side";
  c.severity = Severity::warning;
  c.message = "Let outgoing connects reuse TIME_WAIT ports";
  c.reason = "24,613 TIME_WAIT sockets towards 10.0.0.7:8080 | against 28,232 usable local ports (87.2%).";
  c.references = {"Documentation/networking/ip-sysctl.rst: tcp_tw_reuse"};
  p.changes.push_back(c);
  Finding f;
  f.rule = "fin-timeout-myth";
  f.severity = Severity::notice;
  f.key = "net.ipv4.tcp_fin_timeout";
  f.message = "tcp_fin_timeout = 15 does not shorten TIME_WAIT";
  f.reason = "TIME_WAIT is fixed at 60 s.";
  f.at = Origin{"/etc/sysctl.d/99-x.conf", 3};
  p.findings.push_back(f);
  p.not_evaluated.push_back({"listen-overflows-rising", "needs --sample"});
  p.conflicts.push_back({"net.ipv4.tcp_tw_reuse", "tw-reuse-on-connecting-side", "1", "server-rule", "0", 60, 50});
  return p;
}

}  // namespace

TEST_CASE("proposals: highest priority wins, the loser is a conflict, an equal value joins the winner") {
  Plan p;
  add_proposals(p, {proposal("b-low", "k", "0", 50), proposal("a-high", "k", "1", 60), proposal("c-same", "k", "1", 10),
                    proposal("other", "j", "5", 50)});
  sort_plan(p);
  REQUIRE(p.changes.size() == 2);
  CHECK(p.changes[0].key == "j");
  CHECK(p.changes[1].key == "k");
  CHECK(p.changes[1].rule == "a-high");
  CHECK(p.changes[1].also_rules == std::vector<std::string>{"c-same"});
  REQUIRE(p.conflicts.size() == 1);
  CHECK(p.conflicts[0].winner_rule == "a-high");
  CHECK(p.conflicts[0].loser_rule == "b-low");
  CHECK(p.conflicts[0].loser_value == "0");

  // A tie goes to the id that sorts first; a winner that is already in place proposes nothing.
  Plan q;
  add_proposals(q, {proposal("z-rule", "k", "0", 50), proposal("a-rule", "k", "1", 50, false)});
  CHECK(q.changes.empty());
  REQUIRE(q.conflicts.size() == 1);
  CHECK(q.conflicts[0].winner_rule == "a-rule");
}

TEST_CASE("text: grouped, aligned, colour only when asked") {
  std::string t = report::plan_text(sample(), false);
  CHECK(t.find("Profile: load-balancer (--profile)\nKernel:  5.15.0\n") == 0);
  CHECK(t.find("Changes (1)\n"
               "  KEY                    CURRENT  CONFIGURED                     PROPOSED  SEVERITY  RULE\n"
               "  net.ipv4.tcp_tw_reuse  2        0 (/etc/sysctl.d/99-x.conf:4)  1         warning   tw-reuse-on-connecting-side\n") != std::string::npos);
  CHECK(t.find("    24,613 TIME_WAIT sockets towards 10.0.0.7:8080 | against 28,232 usable local ports (87.2%).\n") != std::string::npos);
  CHECK(t.find("  notice  tcp_fin_timeout = 15 does not shorten TIME_WAIT  [fin-timeout-myth]\n"
               "    net.ipv4.tcp_fin_timeout at /etc/sysctl.d/99-x.conf:3\n") != std::string::npos);
  CHECK(t.find("Not evaluated (1)\n  listen-overflows-rising  needs --sample\n") != std::string::npos);
  CHECK(t.find("net.ipv4.tcp_tw_reuse: tw-reuse-on-connecting-side (priority 60) sets 1, over server-rule (priority 50) which wanted 0") != std::string::npos);
  CHECK(t.find('\033') == std::string::npos);
  std::string colored = report::plan_text(sample(), true);
  CHECK(colored.find("\033[33mwarning\033[0m") != std::string::npos);

  Plan empty;
  empty.profile = "generic";
  empty.profile_reason = "no live evidence";
  std::string e = report::plan_text(empty, false);
  CHECK(e.find("Changes: none") != std::string::npos);
  CHECK(e.find("Not evaluated") == std::string::npos);
}

TEST_CASE("long reasons wrap at 100 columns under their indent") {
  Plan p = sample();
  p.changes[0].reason = std::string(30, 'a') + " " + std::string(30, 'b') + " " + std::string(30, 'c') + " " + std::string(30, 'd');
  std::string t = report::plan_text(p, false);
  CHECK(t.find("    " + std::string(30, 'a') + " " + std::string(30, 'b') + " " + std::string(30, 'c') + "\n    " +
               std::string(30, 'd') + "\n") != std::string::npos);
}

TEST_CASE("markdown: a table with escaped pipes, then the reasoning") {
  std::string m = report::plan_markdown(sample());
  CHECK(m.find("## sysctl-advisor plan: load-balancer\n") == 0);
  CHECK(m.find("| `net.ipv4.tcp_tw_reuse` | `2` | `0` at `/etc/sysctl.d/99-x.conf:4` | **`1`** | warning | `tw-reuse-on-connecting-side` |") !=
        std::string::npos);
  CHECK(m.find("> 24,613 TIME_WAIT sockets towards 10.0.0.7:8080 | against") != std::string::npos);  // quoted, not a table
  CHECK(m.find("- **notice** `fin-timeout-myth`: tcp_fin_timeout = 15 does not shorten TIME_WAIT (`net.ipv4.tcp_fin_timeout` at `/etc/sysctl.d/99-x.conf:3`)") !=
        std::string::npos);
  CHECK(m.find("### Not evaluated\n\n- `listen-overflows-rising`: needs --sample\n") != std::string::npos);
}

TEST_CASE("json: the DESIGN.md contract with its schema") {
  auto j = nlohmann::json::parse(report::plan_json(sample()));
  CHECK(j["schema"] == "sysctl-advisor/plan/v1");
  CHECK(j["changes"][0]["key"] == "net.ipv4.tcp_tw_reuse");
  CHECK(j["changes"][0]["current"] == "2");
  CHECK(j["changes"][0]["proposed"] == "1");
  CHECK(j["findings"][0]["line"] == 3);
  CHECK(j["not_evaluated"][0]["needs"] == "needs --sample");
}
