#include <doctest/doctest.h>

#include "advisor/plan/plan_json.h"

using namespace sa;
using namespace sa::plan;
using nlohmann::json;

namespace {

Plan sample_plan() {
  Plan p;
  p.profile = "load-balancer";
  p.profile_reason = "--profile";
  p.kernel = "6.18.44";
  Change c;
  c.key = "net.ipv4.tcp_tw_reuse";
  c.current = "2";
  c.configured = "0";
  c.configured_at = Origin{"/etc/sysctl.d/10-net.conf", 3};
  c.proposed = "1";
  c.rule = "tw-reuse-for-active-closers";
  c.severity = Severity::warning;
  c.reason = "34,211 TIME_WAIT sockets against 28,232 local ports";
  c.references = {"Documentation/networking/ip-sysctl.rst"};
  c.message = "reuse TIME_WAIT ports for outgoing connections";
  c.also_rules = {"upstream-port-pressure"};
  c.priority = 70;
  p.changes.push_back(c);
  Change d;
  d.key = "net.ipv4.ip_local_port_range";
  d.proposed = "1024 65000";
  d.rule = "wide-port-range";
  d.severity = Severity::notice;
  d.reason = "upstream connections";
  p.changes.push_back(d);
  Finding f;
  f.rule = "no-tw-recycle";
  f.severity = Severity::error;
  f.key = "net.ipv4.tcp_tw_recycle";
  f.message = "tcp_tw_recycle was removed in 4.12";
  f.reason = "it broke clients behind NAT";
  f.at = Origin{"/etc/sysctl.conf", 12};
  f.col = 1;
  p.findings.push_back(f);
  Finding g;
  g.rule = "close-wait-is-the-application";
  g.message = "many CLOSE_WAIT";
  g.reason = "no sysctl fixes that";
  p.findings.push_back(g);
  p.not_evaluated.push_back({"listen-overflows-rising", "needs --sample"});
  p.conflicts.push_back({"net.ipv4.tcp_fin_timeout", "a", "30", "b", "15"});
  return p;
}

}  // namespace

TEST_CASE("a plan renders with the field names DESIGN.md promises") {
  json j = to_json(sample_plan());
  CHECK(j["schema"] == "sysctl-advisor/plan/v1");
  CHECK(j["profile"] == "load-balancer");
  const json& c = j["changes"][0];
  CHECK(c["key"] == "net.ipv4.tcp_tw_reuse");
  CHECK(c["current"] == "2");
  CHECK(c["configured"]["value"] == "0");
  CHECK(c["configured"]["file"] == "/etc/sysctl.d/10-net.conf");
  CHECK(c["configured"]["line"] == 3);
  CHECK(c["proposed"] == "1");
  CHECK(c["severity"] == "warning");
  CHECK(c["message"] == "reuse TIME_WAIT ports for outgoing connections");
  CHECK(c["also_rules"][0] == "upstream-port-pressure");
  CHECK(c["priority"] == 70);
  CHECK(j["changes"][1]["current"].is_null());
  CHECK(j["changes"][1]["configured"].is_null());
  CHECK(j["findings"][0]["file"] == "/etc/sysctl.conf");
  CHECK(j["findings"][0]["line"] == 12);
  CHECK(j["findings"][1]["key"].is_null());
  CHECK(j["findings"][1]["file"].is_null());
  CHECK(j["findings"][1]["line"].is_null());
  CHECK(j["not_evaluated"][0]["needs"] == "needs --sample");
  CHECK(j["conflicts"][0]["winner_value"] == "30");
}

TEST_CASE("a plan read back from its JSON is the same plan") {
  std::vector<Diagnostic> errors;
  auto back = plan_from_json(to_json(sample_plan()), errors);
  REQUIRE(back.has_value());
  CHECK(errors.empty());
  CHECK(to_json(*back) == to_json(sample_plan()));
  CHECK(back->changes[0].configured_at->line == 3);
  CHECK_FALSE(back->changes[1].current.has_value());
}

TEST_CASE("every problem in a plan file is named by its JSON path, all at once") {
  json j = to_json(sample_plan());
  j["schema"] = "sysctl-advisor/plan/v9";
  j["changes"][0]["proposed"] = 1;
  j["changes"][1]["severity"] = "fatal";
  j["changes"][1].erase("rule");
  j["findings"][0]["line"] = "twelve";
  std::vector<Diagnostic> errors;
  CHECK_FALSE(plan_from_json(j, errors).has_value());
  std::string all;
  for (const auto& e : errors) all += e.message + "\n";
  CHECK(errors.size() == 5);
  CHECK(all.find("schema: expected \"sysctl-advisor/plan/v1\", got \"sysctl-advisor/plan/v9\"") != std::string::npos);
  CHECK(all.find("changes[0].proposed: expected a string, got number") != std::string::npos);
  CHECK(all.find("changes[1].severity: expected one of error, warning, notice, info, got \"fatal\"") != std::string::npos);
  CHECK(all.find("changes[1].rule: missing; expected a string") != std::string::npos);
  CHECK(all.find("findings[0].line: expected a positive integer or null") != std::string::npos);
  CHECK(errors[0].code == "invalid-plan");
}

TEST_CASE("a plan that is not an object, or has no changes array, is refused") {
  std::vector<Diagnostic> errors;
  CHECK_FALSE(plan_from_json(json::array(), errors).has_value());
  CHECK(errors.at(0).message == "(top level): expected a plan object, got array");
  errors.clear();
  CHECK_FALSE(plan_from_json(json{{"schema", "sysctl-advisor/plan/v1"}, {"profile", "x"}, {"findings", json::array()}}, errors));
  CHECK(errors.at(0).message == "changes: missing; expected an array");
}
