// Loading rules, profiles and the catalog: every mistake of a file at once, each at its
// file:line:col with the line and a caret, and never a half-loaded set.
#include <doctest/doctest.h>

#include "knowledge_fixture.h"

using namespace sa::engine;

TEST_CASE("the fixture itself loads cleanly") {
  auto c = parse_catalog(fixture::kKeys, "rules/keys.toml");
  CHECK(c.ok());
  CHECK(c.value.keys.size() == 5);
  auto p = parse_profiles({{"profiles/generic.toml", fixture::kGeneric}, {"profiles/proxy.toml", fixture::kProxy}});
  CHECK(fixture::messages(p.diagnostics).empty());
  REQUIRE(p.value.find("proxy"));
  CHECK(p.value.find("proxy")->ancestry == std::vector<std::string>{"proxy", "generic"});
  CHECK(p.value.find("proxy")->traits.at("new_connections_per_second").n == 100);  // inherited
}

TEST_CASE("every error of a rule file is reported, at file:line:col inside the condition, with a caret") {
  auto r = fixture::rules(R"TOML([[rule]]
id = "Bad_Id"
title = "two mistakes"
severity = "warn"
condition = 'sysctl("net.ipv4.tcp_tw_resue") == 1'

[[rule]]
id = "typo-function"
title = "t"
severity = "notice"
condition = '''
  profile.opens_upstream_connections
  and sysctll("net.ipv4.tcp_tw_reuse") == 1'''
)TOML");
  CHECK_FALSE(r.ok());
  CHECK(r.value.rules.empty());  // never half loaded
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 4);
  CHECK(m[0] ==
        "rules/test.toml:2:6: error: in rule 'Bad_Id': id 'Bad_Id' must be kebab-case: lower-case letters, digits and "
        "single dashes [bad-id]\n    id = \"Bad_Id\"\n         ^");
  CHECK(m[1] ==
        "rules/test.toml:4:12: error: in rule 'Bad_Id': unknown severity 'warn': expected error, warning, notice or info "
        "[bad-severity]\n    severity = \"warn\"\n               ^");
  CHECK(m[2] ==
        "rules/test.toml:5:21: error: in rule 'Bad_Id' condition: unknown key 'net.ipv4.tcp_tw_resue' (not in the key "
        "catalog rules/keys.toml); did you mean 'net.ipv4.tcp_tw_reuse'? [condition]\n"
        "    condition = 'sysctl(\"net.ipv4.tcp_tw_resue\") == 1'\n"
        "                        ^");
  CHECK(m[3] ==
        "rules/test.toml:13:7: error: in rule 'typo-function' condition: unknown function 'sysctll'; did you mean "
        "'sysctl'? [condition]\n      and sysctll(\"net.ipv4.tcp_tw_reuse\") == 1'''\n          ^");
}

TEST_CASE("syntax errors inside a condition point at the column in the file") {
  auto r = fixture::rules(R"TOML([[rule]]
id = "broken"
title = "t"
severity = "notice"
condition = """
  exists("net.ipv4.tcp_tw_reuse") and
  sysctl("net.ipv4.tcp_tw_reuse") = 1"""
)TOML");
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 1);
  CHECK(m[0] == "rules/test.toml:7:35: error: in rule 'broken' condition: unexpected '=': comparisons use '==' [syntax]\n"
                "      sysctl(\"net.ipv4.tcp_tw_reuse\") = 1\"\"\"\n"
                "                                      ^");
}

TEST_CASE("structure: missing and unknown fields, wrong types, set values out of range") {
  auto r = fixture::rules(R"TOML([[rule]]
id = "missing-title"
severity = "notice"
condtion = 'true'

[[rule]]
id = "bad-set"
title = "t"
severity = "warning"
priority = "high"
condition = 'true'
set = { key = "net.ipv4.tcp_tw_reuse", value = 3 }

[[rule]]
id = "bad-set-2"
title = "t"
severity = "warning"
condition = 'true'
set = { key = "net.ipv4.tcp_fin_timeout", value = "soon" }
profiles = ["proxxy"]
)TOML");
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 6);
  CHECK(m[0].rfind("rules/test.toml:4:1: error: in rule 'missing-title': unknown field 'condtion'; did you mean 'condition'? [unknown-field]", 0) == 0);
  CHECK(m[1].rfind("rules/test.toml:1:1: error: in rule 'missing-title': missing 'title' (a string) [missing-field]", 0) == 0);
  CHECK(m[2].rfind("rules/test.toml:1:1: error: in rule 'missing-title': missing 'condition' (a string) [missing-field]", 0) == 0);
  CHECK(m[3].rfind("rules/test.toml:10:12: error: in rule 'bad-set': 'priority' must be an integer, found a string [wrong-type]", 0) == 0);
  CHECK(m[4].rfind("rules/test.toml:20:13: error: in rule 'bad-set-2': unknown profile 'proxxy'; did you mean 'proxy'? [unknown-profile]", 0) == 0);
  CHECK(m[5].rfind("rules/test.toml:19:51: error: in rule 'bad-set-2': expected an integer of at least 1 for net.ipv4.tcp_fin_timeout, found 'soon' [bad-value]", 0) == 0);
  CHECK(r.value.rules.empty());
}

TEST_CASE("a value out of the catalog's range is refused at load time") {
  auto r = fixture::rules(R"TOML([[rule]]
id = "reuse-three"
title = "t"
severity = "warning"
condition = 'true'
set = { key = "net.ipv4.tcp_tw_reuse", value = 3 }
)TOML");
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 1);
  CHECK(m[0].rfind("rules/test.toml:6:48: error: in rule 'reuse-three': value '3' is not one of net.ipv4.tcp_tw_reuse's "
                   "values (0, 1, 2) [bad-value]", 0) == 0);
}

TEST_CASE("duplicate rule ids across files name the first definition") {
  const char* rule = "[[rule]]\nid = \"same\"\ntitle = \"t\"\nseverity = \"info\"\ncondition = 'true'\n";
  auto r = parse_rules({{"rules/a.toml", rule}, {"rules/b.toml", rule}}, fixture::profiles(), fixture::catalog());
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 1);
  CHECK(m[0].rfind("rules/b.toml:2:6: error: rule id 'same' is already used at rules/a.toml:1 [duplicate-id]", 0) == 0);
}

TEST_CASE("unknown traits, functions' arity and argument kinds are load errors") {
  auto r = fixture::rules(R"TOML([[rule]]
id = "t"
title = "t"
severity = "info"
condition = 'profile.opens_upstream and sockets("timewait") > 0 and counter(1) > 0 and min(1) > 0'
reason = "{top_peer(\"time-wait\", 2)}"
)TOML");
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 5);
  CHECK(m[0].find("5:22: error: in rule 't' condition: unknown trait 'opens_upstream' (traits are defined in generic.toml); did you mean 'opens_upstream_connections'?") != std::string::npos);
  CHECK(m[1].find("5:49: error: in rule 't' condition: unknown socket state 'timewait'") != std::string::npos);
  CHECK(m[1].find("did you mean 'time-wait'?") != std::string::npos);
  CHECK(m[2].find("5:77: error: in rule 't' condition: the first argument of counter() must be a string literal, like counter(\"TcpExt.ListenOverflows\")") != std::string::npos);
  CHECK(m[3].find("5:88: error: in rule 't' condition: min() takes 2 arguments, found 1") != std::string::npos);
  CHECK(m[4].find("6:12: error: in rule 't' reason: top_peer() takes 1 argument, found 2") != std::string::npos);
}

TEST_CASE("TOML syntax errors are one diagnostic with the position") {
  auto r = fixture::rules("[[rule]]\nid = \"x\nseverity = 1\n");
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 1);
  CHECK(m[0].rfind("rules/test.toml:2:", 0) == 0);
  CHECK(m[0].find("invalid TOML") != std::string::npos);
}

TEST_CASE("profiles: extends cycles, unknown parents, unknown traits, missing generic") {
  auto p = parse_profiles({{"profiles/generic.toml", fixture::kGeneric},
                           {"profiles/a.toml", "description = \"a\"\nextends = \"b\"\n"},
                           {"profiles/b.toml", "description = \"b\"\nextends = \"a\"\n"},
                           {"profiles/c.toml", "description = \"c\"\nextends = \"prox\"\n[traits]\ncloses_frist = true\n"},
                           {"profiles/d.toml", "description = \"d\"\n[traits]\ncloses_first = 1\n"}});
  CHECK(p.value.profiles.empty());
  auto m = fixture::messages(p.diagnostics);
  REQUIRE(m.size() == 5);
  CHECK(m[0].rfind("profiles/a.toml:2:11: error: 'extends' makes a cycle: a -> b -> a [extends-cycle]", 0) == 0);
  CHECK(m[1].rfind("profiles/b.toml:2:11: error: 'extends' makes a cycle: b -> a -> b [extends-cycle]", 0) == 0);
  CHECK(m[2].rfind("profiles/c.toml:2:11: error: extends unknown profile 'prox' [unknown-profile]", 0) == 0);
  CHECK(m[3].rfind("profiles/c.toml:4:1: error: trait 'closes_frist' is not declared in generic.toml (every trait must be); did you mean 'closes_first'? [unknown-trait]", 0) == 0);
  CHECK(m[4].rfind("profiles/d.toml:3:1: error: trait 'closes_first' must be true/false as in generic.toml, found a number [trait-type]", 0) == 0);

  auto none = parse_profiles({{"profiles/x.toml", "description = \"x\"\n"}});
  REQUIRE(none.diagnostics.size() == 1);
  CHECK(none.diagnostics[0].message == "no 'generic' profile: every profile extends generic.toml, which declares every trait");
}

TEST_CASE("catalog: bad types, defaults outside the type, duplicates") {
  auto c = parse_catalog(R"TOML([[key]]
name = "net.ipv4.x"
summary = "s"
type = "integer"

[[key]]
name = "net.ipv4.y"
summary = "s"
type = "bool"
defaults = [ { value = "2" } ]
added = "soon"

[[key]]
name = "net.ipv4.y"
summary = "s"
type = "string"
)TOML", "rules/keys.toml");
  CHECK(c.value.keys.empty());
  auto m = fixture::messages(c.diagnostics);
  REQUIRE(m.size() == 4);
  CHECK(m[0].rfind("rules/keys.toml:4:8: error: in key 'net.ipv4.x': unknown type 'integer': expected int, bool, enum, range, port-list, bitmask or string [bad-type]", 0) == 0);
  CHECK(m[1].rfind("rules/keys.toml:10:24: error: in key 'net.ipv4.y': default expected 0 or 1 for net.ipv4.y, found '2' [bad-value]", 0) == 0);
  CHECK(m[2].rfind("rules/keys.toml:11:9: error: in key 'net.ipv4.y': 'added' must be a kernel version like \"4.12\", found \"soon\" [bad-version]", 0) == 0);
  CHECK(m[3].rfind("rules/keys.toml:13:1: error: key 'net.ipv4.y' is already described at line 6 [duplicate-catalog-key]", 0) == 0);
}

// A rule naming a key outside the catalog and a key described twice in keys.toml have their own ids:
// `unknown-key` and `duplicate-key` are check's lints about sysctl files (a key that is no sysctl,
// a key assigned twice), and `explain` shows one meaning per id. Before, both reused the lint ids.
TEST_CASE("a rule's 'set' or 'key' outside the catalog is key-not-in-catalog, not check's unknown-key") {
  auto r = fixture::rules(R"TOML([[rule]]
id = "typo-set"
title = "t"
severity = "warning"
condition = 'true'
set = { key = "net.ipv4.tcp_tw_resue", value = 1 }
)TOML");
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 1);
  CHECK(m[0].rfind("rules/test.toml:6:15: error: in rule 'typo-set' 'set': unknown key 'net.ipv4.tcp_tw_resue' (not in "
                   "the key catalog rules/keys.toml); did you mean 'net.ipv4.tcp_tw_reuse'? [key-not-in-catalog]", 0) == 0);
}

TEST_CASE("did you mean: close names only") {
  CHECK(did_you_mean("tcp_tw_resue", {"tcp_tw_reuse", "tcp_fin_timeout"}) == std::optional<std::string>("tcp_tw_reuse"));
  CHECK_FALSE(did_you_mean("foo", {"tcp_tw_reuse"}));
  // A unique longer name that starts with what was typed is a likely truncation.
  CHECK(did_you_mean("opens_upstream", {"opens_upstream_connections", "closes_first"}) ==
        std::optional<std::string>("opens_upstream_connections"));
  CHECK_FALSE(did_you_mean("tcp_t", {"tcp_tw_reuse", "tcp_timestamps"}));
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("positions inside basic strings with escapes map back to the raw column") {
  auto r = fixture::rules(R"TOML([[rule]]
id = "escaped"
title = "t"
severity = "info"
condition = 'true'
message = "x {configured(\"net.ipv4.nope\")}"
)TOML");
  auto m = fixture::messages(r.diagnostics);
  REQUIRE(m.size() == 1);
  CHECK(m[0].rfind("rules/test.toml:6:26: error: in rule 'escaped' message: unknown key 'net.ipv4.nope'", 0) == 0);
}

TEST_CASE("[inference]: a table or [[inference]] tables, each with [[inference.confirm]]; mistakes located") {
  auto ok = parse_profiles({{"profiles/generic.toml", fixture::kGeneric},
                            {"profiles/db.toml", "description = \"db\"\n"
                                                 "[[inference]]\npriority = 40\ncondition = 'program_accepted() > 0'\nevidence = '{program()}'\n"
                                                 "[[inference.confirm]]\ncondition = 'program_is(\"postgres\")'\nevidence = 'named'\n"
                                                 "[[inference]]\npriority = 20\ncondition = 'accepted(\"5432\") > 0'\nevidence = 'counts'\n"}});
  REQUIRE(fixture::messages(ok.diagnostics).empty());
  const Profile* db = ok.value.find("db");
  REQUIRE(db);
  REQUIRE(db->inference.size() == 2);
  CHECK(db->inference[0].priority == 40);
  CHECK(db->inference[0].confirm.size() == 1);
  CHECK(db->inference[1].priority == 20);
  CHECK(db->inference[1].confirm.empty());

  auto bad = parse_profiles({{"profiles/generic.toml", fixture::kGeneric},
                             {"profiles/a.toml", "description = \"a\"\ninference = 3\n"},
                             {"profiles/b.toml", "description = \"b\"\n[inference]\ncondition = 'true'\nevidence = 'x'\n"
                                                 "[[inference.confirm]]\ncondition = 'program_iz(\"x\")'\nevidence = 'y'\nwhy = 1\n"}});
  auto m = fixture::messages(bad.diagnostics);
  REQUIRE(m.size() == 2);
  CHECK(m[0].rfind("profiles/a.toml:2:13: error: 'inference' must be an [inference] table or [[inference]] tables [wrong-type]", 0) == 0);
  CHECK(m[1].find("profiles/b.toml:8:1: error:") == 0);
  CHECK(m[1].find("why") != std::string::npos);
}

// A 240 KB keys.toml line of 20,000 unknown fields made 20,000 errors each holding the whole line:
// 22 s and 7.4 GB for `rules --rules DIR`.
TEST_CASE("a file of junk: 50 errors with their lines cut to 240 bytes, then one line for the rest") {
  std::string line = "key = [{name = \"net.ipv4.tcp_zzz\"";
  for (int i = 0; i < 20000; ++i) line += ", f" + std::to_string(i) + " = 1";
  auto c = parse_catalog(line + "}]\n", "rules/keys.toml");
  CHECK_FALSE(c.ok());
  REQUIRE(c.diagnostics.size() == 51);
  for (const auto& d : c.diagnostics) CHECK(d.source_line.size() <= 240);
  CHECK(c.diagnostics[0].code == "unknown-field");
  CHECK(c.diagnostics.back().code == "toml-too-many-problems");
  CHECK(c.diagnostics.back().message ==
        "more errors in this file are not shown (the first 50 are); is it a file of this format at all?");
  CHECK(c.value.keys.empty());
}

// Past the cap errors are no longer listed, but they still count: the load is refused whole (never a
// half-loaded set), and readers judge each item by ErrorMark, not by the list's size.
TEST_CASE("past the cap, the rules are still refused whole") {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "[[rule]]\nid = \"r" + std::to_string(i) + "\"\ntitle = \"t\"\nseverity = \"bogus\"\ncondition = 'true'\n\n";
  text += "[[rule]]\ntitle = \"no id, no severity, no condition\"\n";
  auto r = fixture::rules(text);
  CHECK(r.diagnostics.size() == 51);
  CHECK(r.value.rules.empty());
}
