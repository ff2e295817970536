// The five renderings of one check result, as a CI log, a JSON consumer, a code-scanning service,
// a JUnit report viewer and a GitHub runner see them.
#include <doctest/doctest.h>

#include "advisor/report/check_json.h"
#include "advisor/report/check_text.h"
#include "advisor/report/github.h"
#include "advisor/report/junit.h"
#include "advisor/report/sarif.h"

using namespace sa;

namespace {

plan::CheckResult sample() {
  plan::CheckResult r;
  r.repo_root = "/repo";
  r.groups.push_back({"edge", "load-balancer", "6.1", "systemd", {"hosts/edge/etc/sysctl.d/10-a.conf"}});
  plan::CheckFinding e;
  e.rule = "absent-on-kernel";
  e.severity = Severity::error;
  e.key = "net.ipv4.tcp_tw_recycle";
  e.message = "net.ipv4.tcp_tw_recycle does not exist on kernel 6.1 (removed in 4.12)";
  e.reason = "At boot the write fails.\nDelete the line.";
  e.at = plan::Origin{"hosts/edge/etc/sysctl.d/10-a.conf", 3};
  e.col = 1;
  e.group = "edge";
  plan::CheckFinding w;
  w.rule = "duplicate-key";
  w.severity = Severity::warning;
  w.key = "net.ipv4.tcp_fin_timeout";
  w.message = "50% of a, b: value\r\nwith newline";
  w.at = plan::Origin{"hosts/edge/etc/sysctl.d/10-a.conf", 5};
  w.col = 27;
  w.group = "edge";
  plan::CheckFinding open;
  open.rule = "somaxconn-raise";
  open.severity = Severity::info;
  open.open = true;
  open.message = "not evaluated (needs the live host): Raise somaxconn";
  open.group = "edge";
  r.findings = {e, w, open};
  r.rules = {{"absent-on-kernel", "Key that does not exist on the target kernel", "The write fails.", {"commit 4396e46187ca"}, Severity::error, true},
             {"duplicate-key", "Key assigned twice in one file", "Only the last wins.", {}, Severity::warning, true},
             {"somaxconn-raise", "Raise somaxconn", "{x} overflows", {"net/socket.c"}, Severity::warning, false}};
  r.suppressed = 2;
  return r;
}

}  // namespace

// A message quoting a file can hold CR LF (or ESC): in text it is escaped, one finding one line.
TEST_CASE("text: compiler-style lines, the reason under each, open rules per group, a summary") {
  CHECK(report::render_check_text(sample(), {Severity::error, true}) ==
        "hosts/edge/etc/sysctl.d/10-a.conf:3:1: error: net.ipv4.tcp_tw_recycle does not exist on kernel 6.1 (removed in 4.12) [absent-on-kernel]\n"
        "    At boot the write fails.\n"
        "    Delete the line.\n"
        "hosts/edge/etc/sysctl.d/10-a.conf:5:27: warning: 50% of a, b: value\\x0d\\x0awith newline [duplicate-key]\n"
        "edge: info: 1 rule not evaluated (needs the live host): somaxconn-raise\n"
        "1 error, 1 warning, 0 notices, 0 info in 1 file of 1 host group; 1 rule not evaluated offline; 2 suppressed; "
        "failing at --fail-on error\n");
}

TEST_CASE("json: the check/v1 contract with the plan finding shape") {
  auto j = report::check_to_json(sample(), Severity::warning);
  CHECK(j["schema"] == "sysctl-advisor/check/v1");
  CHECK(j["failed"] == true);
  CHECK(j["fail_on"] == "warning");
  REQUIRE(j["findings"].size() == 3);
  const auto& f = j["findings"][0];
  CHECK(f["rule"] == "absent-on-kernel");
  CHECK(f["severity"] == "error");
  CHECK(f["key"] == "net.ipv4.tcp_tw_recycle");
  CHECK(f["file"] == "hosts/edge/etc/sysctl.d/10-a.conf");
  CHECK(f["line"] == 3);
  CHECK(f["col"] == 1);
  CHECK(f["group"] == "edge");
  CHECK(f["open"] == false);
  CHECK(j["findings"][2]["file"].is_null());
  CHECK(j["findings"][2]["line"].is_null());
  CHECK(j["findings"][2]["open"] == true);
  CHECK(j["groups"][0]["kernel"] == "6.1");
  CHECK(j["summary"]["error"] == 1);
  CHECK(j["summary"]["not_evaluated"] == 1);
  CHECK(j["summary"]["suppressed"] == 2);
}

TEST_CASE("sarif: rule metadata, levels, relative locations, open results") {
  auto s = report::check_to_sarif(sample());
  CHECK(s["version"] == "2.1.0");
  const auto& run = s["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["id"] == "absent-on-kernel");
  CHECK(rules[0]["name"] == "AbsentOnKernel");
  CHECK(rules[0]["shortDescription"]["text"] == "Key that does not exist on the target kernel");
  CHECK(rules[0]["help"]["text"] == "The write fails.\n\nReferences:\n- commit 4396e46187ca");
  CHECK(rules[0]["defaultConfiguration"]["level"] == "error");
  CHECK(run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///repo/");
  const auto& res = run["results"];
  REQUIRE(res.size() == 3);
  CHECK(res[0]["level"] == "error");
  CHECK(res[0]["ruleIndex"] == 0);
  const auto& loc = res[0]["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"]["uri"] == "hosts/edge/etc/sysctl.d/10-a.conf");
  CHECK(loc["artifactLocation"]["uriBaseId"] == "SRCROOT");
  CHECK(loc["region"]["startLine"] == 3);
  CHECK(loc["region"]["startColumn"] == 1);
  CHECK(res[1]["level"] == "warning");
  CHECK(res[2]["kind"] == "open");
  CHECK(res[2]["level"] == "none");
  // Group-wide: the group's first file, no region.
  CHECK(res[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "hosts/edge/etc/sysctl.d/10-a.conf");
  CHECK_FALSE(res[2]["locations"][0]["physicalLocation"].contains("region"));
  CHECK(report::uri_path("a b/c%d.conf") == "a%20b/c%25d.conf");
  CHECK(std::string(report::sarif_level(Severity::notice)) == "note");
}

TEST_CASE("junit: a test case per file and rule; failures at --fail-on, open rules skipped") {
  std::string x = report::render_junit(sample(), Severity::error, {"absent-on-kernel", "duplicate-key", "invalid-value"});
  CHECK(x.find("<testsuites name=\"sysctl-advisor check\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\">") != std::string::npos);
  CHECK(x.find("<testsuite name=\"edge\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\">") != std::string::npos);
  CHECK(x.find("<testcase classname=\"hosts/edge/etc/sysctl.d/10-a.conf\" name=\"absent-on-kernel\" file=\"hosts/edge/etc/sysctl.d/10-a.conf\" line=\"3\">\n"
               "      <failure type=\"error\" message=\"net.ipv4.tcp_tw_recycle does not exist on kernel 6.1 (removed in 4.12)\">") != std::string::npos);
  // Below --fail-on: passes, the finding in system-out.
  CHECK(x.find("name=\"duplicate-key\" file=\"hosts/edge/etc/sysctl.d/10-a.conf\" line=\"5\">\n      <system-out>") != std::string::npos);
  CHECK(x.find("<testcase classname=\"hosts/edge/etc/sysctl.d/10-a.conf\" name=\"invalid-value\" file=\"hosts/edge/etc/sysctl.d/10-a.conf\">\n    </testcase>") != std::string::npos);
  CHECK(x.find("<testcase classname=\"edge\" name=\"somaxconn-raise\">\n      <skipped message=\"not evaluated (needs the live host): Raise somaxconn\"/>") != std::string::npos);
  CHECK(report::xml_escape("a<b & \"c\"\x01") == "a&lt;b &amp; &quot;c&quot;");
}

TEST_CASE("github: workflow commands with the spec's escaping") {
  std::string g = report::render_github(sample(), Severity::error);
  CHECK(g ==
        "::error file=hosts/edge/etc/sysctl.d/10-a.conf,line=3,col=1,title=Key that does not exist on the target kernel [absent-on-kernel]::"
        "net.ipv4.tcp_tw_recycle does not exist on kernel 6.1 (removed in 4.12)%0AAt boot the write fails.%0ADelete the line.\n"
        "::warning file=hosts/edge/etc/sysctl.d/10-a.conf,line=5,col=27,title=Key assigned twice in one file [duplicate-key]::"
        "50%25 of a, b: value%0D%0Awith newline\n"
        "::debug::edge: not evaluated (needs the live host): Raise somaxconn [somaxconn-raise]\n"
        "1 error, 1 warning, 0 notices, 0 info in 1 file of 1 host group; 1 rule not evaluated offline; 2 suppressed; "
        "failing at --fail-on error\n");
  CHECK(report::escape_github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A");
}
