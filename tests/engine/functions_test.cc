// The function registry and [[define]]s: the docs table is the registry's, the checker and the
// evaluator agree with it, names defined once are used by several rules and overridden locally,
// and the offline functions count what the live reader counts.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "advisor/engine/checker.h"
#include "advisor/engine/evaluator.h"
#include "advisor/engine/expr_parser.h"
#include "advisor/engine/functions.h"
#include "advisor/live/census.h"
#include "advisor/live/port_range.h"
#include "knowledge_fixture.h"

using namespace sa;
using namespace sa::engine;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Loaded<RuleSet> compile(const std::string& shipped, const std::string& local = "") {
  std::vector<std::pair<std::string, std::string>> locals;
  if (!local.empty()) locals.emplace_back("/etc/sysctl-advisor/local.toml", local);
  return parse_rules({{"rules/test.toml", shipped}}, fixture::profiles(), fixture::catalog(), locals);
}

// A host whose largest TIME_WAIT group holds `share` of the local ports.
live::HostState host_with_share(double share) {
  live::HostState h;
  h.kernel = "6.1";
  h.sockets.known = true;
  h.sockets.states = {{"time-wait", 10000}};
  // One source address holding share of its range towards the upstream (v2: the busiest source).
  h.sockets.peers = {{"10.0.0.7:8080", "time-wait", 10000, share, 1, "10.0.1.1", static_cast<uint64_t>(share * 28232)}};
  h.usable_local_ports = 28232;
  return h;
}

std::vector<std::string> fired(const RuleSet& rules, const live::HostState& host) {
  const Profile* p = fixture::profiles().find("proxy");
  REQUIRE(p);
  Catalog cat = fixture::catalog();
  Facts f = host_facts(&host, nullptr, cat);
  std::vector<std::string> out;
  for (const auto& r : rules.rules)
    if (evaluate_rule(r, *p, f).kind == Outcome::Kind::finding) out.push_back(r.id);
  return out;
}

const char* kShipped = R"TOML(
[[define]]
name = "pressure_share"
value = 0.25
description = "share of the ports from which a destination is under pressure"

[[define]]
name = "under_pressure"
value = 'top_peer_share("time-wait") >= pressure_share'
description = "the largest TIME_WAIT group holds pressure_share or more"

[[rule]]
id = "pressure"
title = "pressure"
severity = "warning"
condition = 'under_pressure'

[[rule]]
id = "no-pressure"
title = "no pressure"
severity = "info"
condition = 'not under_pressure'
message = "below {percent(pressure_share)}"
)TOML";

}  // namespace

TEST_CASE("the functions table in docs/rule-format.md is the registry's") {
  std::string doc = read("docs/rule-format.md");
  const std::string begin = "<!-- BEGIN functions", end = "<!-- END functions -->";
  size_t b = doc.find(begin), e = doc.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  b = doc.find('\n', b) + 1;
  CHECK(doc.substr(b, e - b) == functions_markdown());
}

TEST_CASE("every row is complete and names one function") {
  std::set<std::string> names;
  for (const auto& f : functions()) {
    CAPTURE(f.name);
    CHECK(names.insert(f.name).second);
    CHECK(std::string(f.usage).rfind(std::string(f.name) + "(", 0) == 0);
    CHECK(*f.value);
    CHECK(*f.unknown_when);
    CHECK(static_cast<bool>(f.impl));
    CHECK(find_function(f.name) == &f);
  }
  CHECK(find_function("sysctl_value") == nullptr);
}

TEST_CASE("the checker takes arity and literal kinds from the row") {
  auto errors = [](const std::string& text) {
    ParsedExpr p = parse_expression(text);
    REQUIRE(p.errors.empty());
    Catalog cat = fixture::catalog();
    std::vector<std::string> out;
    for (const auto& e : check_expression(*p.expr, CheckContext{&cat, nullptr})) out.push_back(e.message);
    return out;
  };
  CHECK(errors("min(1)") == std::vector<std::string>{"min() takes 2 arguments, found 1"});
  CHECK(errors("usable_ports(1)") == std::vector<std::string>{"usable_ports() takes 0 arguments, found 1"});
  CHECK(errors("field(\"net.ipv4.ip_local_port_range\", 1)").empty());
  CHECK(errors("field(1, 1)") == std::vector<std::string>{
                                     "the first argument of field() must be a string literal, like field(\"net.ipv4.tcp_tw_reuse\")"});
  CHECK(errors("opens_upstream") ==
        std::vector<std::string>{"unknown name 'opens_upstream': names are functions (sysctl(\"key\")), traits "
                                 "(profile.opens_upstream) or [[define]]s of a rules file"});
  CHECK(errors("usable_ports") ==
        std::vector<std::string>{"unknown name 'usable_ports': names are functions (sysctl(\"key\")), traits "
                                 "(profile.usable_ports) or [[define]]s of a rules file; usable_ports is a function: "
                                 "call it as usable_ports(...)"});
}

// Bug: the census counts TCP_CLOSE as "closed" (ss's name) but the checker accepted only "close",
// so sockets("closed") was refused and sockets("close") was always 0.
TEST_CASE("socket states: the checker accepts exactly the names the census counts") {
  Catalog cat = fixture::catalog();
  for (const auto& state : live::tcp_state_names()) {
    CAPTURE(state);
    ParsedExpr p = parse_expression("sockets(\"" + state + "\")");
    CHECK(check_expression(*p.expr, CheckContext{&cat, nullptr}).empty());
    CHECK(live::tcp_state_number(state) > 0);
  }
  ParsedExpr p = parse_expression("sockets(\"close\")");
  auto errors = check_expression(*p.expr, CheckContext{&cat, nullptr});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("unknown socket state 'close'") == 0);
}

// Bug: offline usable_ports() neither rounded the span down to an even count nor merged overlapping
// reserved ranges, so `check` said 61,999 where the live model says 62,499.
TEST_CASE("usable ports: offline and live count alike on the same inputs") {
  struct Case {
    const char* range;
    const char* reserved;
  };
  const Case cases[] = {{"1024 65000", "1024-2000,1500-2500"}, {"32768 60999", ""}, {"32768 61000", "40000"},
                        {"10000 10999", "10100-10199,10500,20000"}, {"5000 5000", ""}, {"1024 65535", "1-65535"}};
  Catalog cat = fixture::catalog();
  for (const auto& c : cases) {
    CAPTURE(c.range);
    CAPTURE(c.reserved);
    config::ConfigSet conf;
    conf.files = {"/etc/sysctl.conf"};
    conf.assignments = {{"net.ipv4.ip_local_port_range", c.range, 0, 1}, {"net.ipv4.ip_local_reserved_ports", c.reserved, 0, 2}};
    config::EffectiveKey a, b;
    a.key = "net.ipv4.ip_local_port_range", a.value = c.range, a.winner = 0;
    b.key = "net.ipv4.ip_local_reserved_ports", b.value = c.reserved, b.winner = 1;
    conf.keys = {a, b};
    Facts offline = offline_facts(conf, "6.1", cat);
    ParsedExpr p = parse_expression("usable_ports()");
    Value v = eval(*p.expr, offline, nullptr);
    REQUIRE(v.kind == Value::Kind::number);
    uint64_t live = live::usable_local_ports(*live::parse_port_range(c.range), *live::parse_reserved_ports(c.reserved));
    CHECK(static_cast<uint64_t>(v.n) == live);
  }
  config::ConfigSet conf;
  conf.files = {"/etc/sysctl.conf"};
  conf.assignments = {{"net.ipv4.ip_local_port_range", "1024 65000", 0, 1},
                      {"net.ipv4.ip_local_reserved_ports", "1024-2000,1500-2500", 0, 2}};
  config::EffectiveKey a, b;
  a.key = "net.ipv4.ip_local_port_range", a.value = "1024 65000", a.winner = 0;
  b.key = "net.ipv4.ip_local_reserved_ports", b.value = "1024-2000,1500-2500", b.winner = 1;
  conf.keys = {a, b};
  Facts offline = offline_facts(conf, "6.1", cat);
  CHECK(render(eval(*parse_expression("usable_ports()").expr, offline, nullptr)) == "62,499");
}

TEST_CASE("a [[define]] is named once and used by complementary rules") {
  auto r = compile(kShipped);
  REQUIRE(fixture::messages(r.diagnostics) == std::vector<std::string>{});
  CHECK(fired(r.value, host_with_share(0.30)) == std::vector<std::string>{"pressure"});
  CHECK(fired(r.value, host_with_share(0.20)) == std::vector<std::string>{"no-pressure"});
  const Define* d = r.value.find_define("pressure_share");
  REQUIRE(d);
  CHECK(d->value_text == "0.25");
  CHECK(!d->overridden_at);
  CHECK(defines_of(*r.value.find("pressure")) == std::vector<std::string>{"pressure_share", "under_pressure"});
  CHECK(to_source(*r.value.find("no-pressure")->condition) == "not under_pressure");
}

TEST_CASE("an operator's local file overrides a define without editing the shipped rules") {
  auto r = compile(kShipped, "[[define]]\nname = \"pressure_share\"\nvalue = 0.1\n");
  REQUIRE(fixture::messages(r.diagnostics) == std::vector<std::string>{});
  CHECK(fired(r.value, host_with_share(0.20)) == std::vector<std::string>{"pressure"});
  const Define* d = r.value.find_define("pressure_share");
  REQUIRE(d);
  CHECK(d->value_text == "0.1");
  REQUIRE(d->overridden_at);
  CHECK(d->overridden_at->file == "/etc/sysctl-advisor/local.toml");
  CHECK(d->description == "share of the ports from which a destination is under pressure");
}

TEST_CASE("define mistakes are load errors at their place") {
  auto typo = compile(kShipped, "[[define]]\nname = \"presure_share\"\nvalue = 0.1\n");
  CHECK(fixture::messages(typo.diagnostics).at(0).find(
            "/etc/sysctl-advisor/local.toml:2:8: error: define 'presure_share' overrides no shipped definition; did you "
            "mean 'pressure_share'?") == 0);
  CHECK(typo.value.rules.empty());

  auto cycle = compile(R"TOML(
[[define]]
name = "a"
value = 'b + 1'
description = "a"
[[define]]
name = "b"
value = 'a * 2'
description = "b"
)TOML");
  REQUIRE(!cycle.ok());
  CHECK(fixture::messages(cycle.diagnostics).at(0).find("rules/test.toml:8:10: error: in define 'b' value: 'a' leads back "
                                                        "to 'b': definitions cannot use themselves") == 0);

  auto unknown = compile(R"TOML(
[[rule]]
id = "x"
title = "x"
severity = "info"
condition = 'top_peer_share("time-wait") >= pressure'
)TOML");
  REQUIRE(!unknown.ok());
  CHECK(fixture::messages(unknown.diagnostics).at(0).find("rules/test.toml:6:45: error: in rule 'x' condition: unknown name 'pressure'") == 0);

  auto twice = compile(std::string(kShipped) + "[[define]]\nname = \"pressure_share\"\nvalue = 1\ndescription = \"again\"\n");
  REQUIRE(!twice.ok());
  CHECK(fixture::messages(twice.diagnostics).at(0).find("error: define 'pressure_share' is already defined at rules/test.toml:2") !=
        std::string::npos);

  auto bad = compile("[[define]]\nname = \"sysctl\"\nvalue = 1\ndescription = \"x\"\n");
  REQUIRE(!bad.ok());
  CHECK(fixture::messages(bad.diagnostics).at(0).find("a name is snake_case") != std::string::npos);
}
