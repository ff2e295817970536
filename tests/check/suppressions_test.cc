// `# sysctl-advisor: ignore RULE-ID -- reason`: what the comment silences, and what is reported
// when it does not parse.
#include <doctest/doctest.h>

#include "advisor/check/suppressions.h"

using namespace sa::check;

TEST_CASE("a suppression names a rule, a reason, and covers its line and the next") {
  auto scan = scan_suppressions(
      "net.ipv4.tcp_fin_timeout = 30\n"
      "# sysctl-advisor: ignore unknown-key -- set by an out-of-tree patch\n"
      "net.ipv4.tcp_tw_reuce = 1\n",
      "a.conf");
  REQUIRE(scan.suppressions.size() == 1);
  CHECK(scan.problems.empty());
  const Suppression& s = scan.suppressions[0];
  CHECK(s.line == 2);
  CHECK(s.col == 1);
  CHECK(s.rule == "unknown-key");
  CHECK(s.reason == "set by an out-of-tree patch");
  CHECK(covers(s, "unknown-key", 2));
  CHECK(covers(s, "unknown-key", 3));
  CHECK_FALSE(covers(s, "unknown-key", 4));   // only the line after, not the rest of the file
  CHECK_FALSE(covers(s, "unknown-key", 1));
  CHECK_FALSE(covers(s, "duplicate-key", 3)); // one rule, not all
}

TEST_CASE("';' comments, indentation, several ids and a missing reason") {
  auto scan = scan_suppressions("x = 1\n   ; sysctl-advisor: ignore duplicate-key, shadowed-key\n", "b.conf");
  REQUIRE(scan.suppressions.size() == 2);
  CHECK(scan.suppressions[0].rule == "duplicate-key");
  CHECK(scan.suppressions[1].rule == "shadowed-key");
  CHECK(scan.suppressions[0].col == 4);
  CHECK(scan.suppressions[0].reason.empty());
}

TEST_CASE("a comment mentioning the tool that is no suppression is reported, with what was expected") {
  auto scan = scan_suppressions("# sysctl-advisor: disable everything\n# sysctl-advisor: ignore\n", "c.conf");
  CHECK(scan.suppressions.empty());
  REQUIRE(scan.problems.size() == 2);
  CHECK(scan.problems[0].code == "bad-suppression");
  CHECK(scan.problems[0].where.line == 1);
  CHECK(scan.problems[0].message == "expected 'ignore RULE-ID -- reason' after \"sysctl-advisor:\"");
  CHECK(scan.problems[1].where.line == 2);
  CHECK(scan.problems[1].message == "expected a rule id after 'ignore'");
}

TEST_CASE("the marker outside a comment is not a suppression") {
  auto scan = scan_suppressions("kernel.hostname = sysctl-advisor: ignore x\n", "d.conf");
  CHECK(scan.suppressions.empty());
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].where.col == 19);
}

TEST_CASE("files without the marker cost one search and yield nothing") {
  std::string big;
  for (int i = 0; i < 1000; ++i) big += "net.ipv4.tcp_fin_timeout = 30\n";
  auto scan = scan_suppressions(big + "# sysctl-advisor: ignore duplicate-key -- x\n", "e.conf");
  REQUIRE(scan.suppressions.size() == 1);
  CHECK(scan.suppressions[0].line == 1001);
}

TEST_CASE("YAML comments: ignore[RULE-ID] at the end of a line or on the line before") {
  auto scan = scan_suppressions(
      "sysctls:\n"
      "  # sysctl-advisor: ignore[sysctl-forbidden] -- our nodes allow it\n"
      "  - {name: net.core.somaxconn, value: \"4096\"}\n"
      "  net.ipv4.tcp_tw_reuse: 1  # sysctl-advisor: ignore[tw-reuse-on-passive-server, not-namespaced]\n"
      "  # sysctl-advisor: ignore[unknown-key\n",
      "k.yaml");
  REQUIRE(scan.suppressions.size() == 3);
  CHECK(scan.suppressions[0].rule == "sysctl-forbidden");
  CHECK(scan.suppressions[0].reason == "our nodes allow it");
  CHECK(covers(scan.suppressions[0], "sysctl-forbidden", 3));
  CHECK(scan.suppressions[1].rule == "tw-reuse-on-passive-server");
  CHECK(scan.suppressions[2].rule == "not-namespaced");
  CHECK(covers(scan.suppressions[2], "not-namespaced", 4));
  CHECK(scan.suppressions[1].col == 29);  // the "#"
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].where.line == 5);
  CHECK(scan.problems[0].message == "expected ']' after 'ignore[RULE-ID'");
}
