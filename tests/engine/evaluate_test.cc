// Evaluation on hand-built facts: three-valued logic, templates quoting facts, changes vs
// findings, conflicts by priority, profile inference.
#include <doctest/doctest.h>

#include "advisor/engine/evaluator.h"
#include "advisor/engine/expr_parser.h"
#include "advisor/engine/reflow.h"
#include "advisor/engine/version.h"
#include "knowledge_fixture.h"

using namespace sa;
using namespace sa::engine;

namespace {

// A load balancer's host: 24,613 TIME_WAIT towards one upstream, tw_reuse at the 4.18+ default.
live::HostState proxy_host() {
  live::HostState h;
  h.kernel = "5.15.0-91-generic";
  h.sysctl["net.ipv4.tcp_tw_reuse"] = {live::SysctlValue::Status::ok, "2"};
  h.sysctl["net.ipv4.tcp_fin_timeout"] = {live::SysctlValue::Status::ok, "15"};
  h.sysctl["net.ipv4.ip_local_port_range"] = {live::SysctlValue::Status::ok, "32768 60999"};
  h.sysctl["net.ipv4.tcp_tw_recycle"] = {live::SysctlValue::Status::absent, ""};
  h.counters["Tcp.ActiveOpens"] = 51234567;
  h.counters["Tcp.PassiveOpens"] = 1200345;
  h.sockets.known = true;
  h.sockets.states = {{"time-wait", 30663}, {"established", 812}, {"listen", 4}};
  h.sockets.peers = {{"10.0.0.7:8080", "time-wait", 24613, 24613.0 / 28232, 1, "10.0.1.1", 24613},
                     {"10.0.0.8:8080", "time-wait", 6050, 6050.0 / 28232, 1, "10.0.1.1", 6050}};
  h.usable_local_ports = 28232;
  return h;
}

config::ConfigSet config_with_fin_timeout() {
  config::ConfigSet c;
  c.files = {"/etc/sysctl.conf", "/etc/sysctl.d/99-tuning.conf"};
  c.assignments.push_back({"net.ipv4.tcp_fin_timeout", "30", 0, 7});
  c.assignments.push_back({"net.ipv4.tcp_fin_timeout", "15", 1, 3});
  config::EffectiveKey k;
  k.key = "net.ipv4.tcp_fin_timeout";
  k.value = "15";
  k.winner = 1;
  k.shadowed = {0};
  c.keys.push_back(k);
  return c;
}

Value run(const std::string& text, const Facts& f, const Profile* p = nullptr) {
  ParsedExpr e = parse_expression(text);
  REQUIRE(e.errors.empty());
  return eval(*e.expr, f, p);
}

std::string fill(const std::string& text, const Facts& f) {
  ParsedTemplate t = parse_template(text);
  REQUIRE(t.errors.empty());
  return render_template(t.tmpl, f, nullptr);
}

const char* kRules = R"TOML(
[[rule]]
id = "tw-reuse-connecting"
title = "Reuse TIME_WAIT ports for outgoing connects"
profiles = ["proxy"]
severity = "warning"
priority = 60
condition = '''
  profile.opens_upstream_connections and sysctl("net.ipv4.tcp_tw_reuse") != 1
  and top_peer_share("time-wait") > 0.25
'''
set = { key = "net.ipv4.tcp_tw_reuse", value = 1 }
reason = '''
{top_peer_count("time-wait")} TIME_WAIT sockets towards {top_peer("time-wait")}
against {usable_ports()} usable local ports ({percent(top_peer_share("time-wait"))}).
'''

[[rule]]
id = "tw-reuse-off-for-servers"
title = "Servers do not need tw_reuse"
severity = "notice"
condition = 'sockets("time-wait") > 1000'
set = { key = "net.ipv4.tcp_tw_reuse", value = "0" }

[[rule]]
id = "fin-timeout-myth"
title = "tcp_fin_timeout does not shorten TIME_WAIT"
severity = "notice"
condition = 'configured("net.ipv4.tcp_fin_timeout") < 60'
key = "net.ipv4.tcp_fin_timeout"
message = "tcp_fin_timeout = {configured(\"net.ipv4.tcp_fin_timeout\")} does not shorten TIME_WAIT"

[[rule]]
id = "listen-drops-rising"
title = "Listen drops are rising"
severity = "warning"
condition = 'rate("TcpExt.ListenDrops") > 0'
)TOML";

}  // namespace

TEST_CASE("three-valued logic: unknown says what is missing, and/or short-circuit it") {
  Catalog cat = fixture::catalog();
  config::ConfigSet cfg = config_with_fin_timeout();
  Facts offline = offline_facts(cfg, "5.15", cat);
  Value v = run("sysctl(\"net.ipv4.tcp_tw_reuse\") == 1", offline);
  CHECK(v.is_unknown());
  CHECK(v.needs == "needs the live host");
  CHECK(run("false and sysctl(\"net.ipv4.tcp_tw_reuse\") == 1", offline).is_false());
  CHECK(run("sysctl(\"net.ipv4.tcp_tw_reuse\") == 1 and false", offline).is_false());
  CHECK(run("true or sockets(\"time-wait\") > 0", offline).is_true());
  CHECK(run("not (sockets(\"time-wait\") > 0)", offline).is_unknown());
  CHECK(run("configured(\"net.ipv4.tcp_fin_timeout\") == 15", offline).is_true());
  CHECK(run("is_configured(\"net.ipv4.tcp_tw_reuse\")", offline).is_false());
  CHECK(run("configured(\"net.ipv4.tcp_tw_reuse\")", offline).needs == "net.ipv4.tcp_tw_reuse is not configured");
  // exists offline: per the catalog for the target kernel
  CHECK(run("exists(\"net.ipv4.tcp_tw_recycle\")", offline).is_false());
  CHECK(run("exists(\"net.ipv4.tcp_tw_recycle\")", offline_facts(cfg, "4.9.0", cat)).is_true());
  CHECK(run("exists(\"net.ipv4.tcp_tw_recycle\")", offline_facts(cfg, "", cat)).needs == "needs the kernel version (--kernel)");
  // value(): configured, else the catalog default for the kernel
  CHECK(run("value(\"net.ipv4.tcp_tw_reuse\") == 2", offline).is_true());
  CHECK(run("value(\"net.ipv4.tcp_tw_reuse\") == 0", offline_facts(cfg, "4.14", cat)).is_true());

  live::HostState h = proxy_host();
  Facts live = host_facts(&h, &cfg, cat);
  CHECK(run("rate(\"TcpExt.ListenDrops\") > 0", live).needs == "needs --sample");
  CHECK(run("sysctl(\"net.ipv4.tcp_tw_recycle\") == 1", live).needs == "key absent on this kernel (net.ipv4.tcp_tw_recycle)");
  CHECK(run("counter(\"TcpExt.Nope\") > 0", live).needs == "counter TcpExt.Nope is not reported by this kernel");
  CHECK(run("exists(\"net.ipv4.tcp_tw_recycle\")", live).is_false());
  h.rates = std::map<std::string, double>{{"TcpExt.ListenDrops", 3.5}};
  CHECK(run("rate(\"TcpExt.ListenDrops\") > 3", live).is_true());
}

TEST_CASE("kernel compares as a version; arithmetic, strings, fields") {
  Catalog cat = fixture::catalog();
  live::HostState h = proxy_host();
  Facts f = host_facts(&h, nullptr, cat);
  CHECK(run("kernel >= \"4.12\"", f).is_true());
  CHECK(run("kernel < \"5.15.1\"", f).is_true());
  CHECK(run("kernel >= \"5.16\"", f).is_false());
  CHECK(run("sysctl(\"net.ipv4.ip_local_port_range\") == \"32768   60999\"", f).is_true());
  CHECK(run("field(\"net.ipv4.ip_local_port_range\", 1) - field(\"net.ipv4.ip_local_port_range\", 0) + 1 == 28232", f).is_true());
  CHECK(run("port_high() - port_low() + 1 == usable_ports()", f).is_true());
  CHECK(run("counter(\"Tcp.ActiveOpens\") / 0 > 1", f).needs == "division by zero");
  CHECK(run("peers(\"time-wait\") == 2 and top_peer_count(\"close-wait\") == 0", f).is_true());
  CHECK(run("top_peer(\"close-wait\")", f).is_unknown());
  CHECK(run("sockets(\"time-wait\") > 30000", f).is_true());
  // Without a census, TIME_WAIT comes from sockstat.
  h.sockets.known = false;
  h.sockstat["TCP"]["tw"] = 1234;
  CHECK(run("sockets(\"time-wait\") == 1234", f).is_true());
  CHECK(run("sockets(\"close-wait\")", f).needs == "the socket census could not be read");
}

TEST_CASE("usable ports from the configured range less reserved ports, offline") {
  Catalog cat = fixture::catalog();
  config::ConfigSet c;
  c.files = {"/etc/sysctl.conf"};
  c.assignments = {{"net.ipv4.ip_local_port_range", "10000 10999", 0, 1}, {"net.ipv4.ip_local_reserved_ports", "10100-10199,10500,20000", 0, 2}};
  config::EffectiveKey a, b;
  a.key = "net.ipv4.ip_local_port_range", a.value = "10000 10999", a.winner = 0;
  b.key = "net.ipv4.ip_local_reserved_ports", b.value = "10100-10199,10500,20000", b.winner = 1;
  c.keys = {a, b};
  Facts f = offline_facts(c, "6.1", cat);
  CHECK(render(run("usable_ports()", f)) == "899");
}

TEST_CASE("port pressure is the busiest source address's, never above one range") {
  Catalog cat = fixture::catalog();
  live::HostState h = proxy_host();
  // 60,000 TIME_WAIT towards one upstream from 4 source addresses (IP_BIND_ADDRESS_NO_PORT): 212% of
  // "one range", 53% for the busiest source.
  h.sockets.peers = {{"10.0.0.7:8080", "time-wait", 60000, 15000.0 / 28232, 4, "10.0.1.1", 15000},
                     {"10.0.0.9:5432", "time-wait", 20000, 20000.0 / 28232, 1, "10.0.1.9", 20000}};
  h.sockets.direction_known = true;
  h.sockets.outgoing = {{"time-wait", 30000}};
  h.sockets.sources = {{"10.0.1.9", "ipv4", {{"time-wait", 20000}}, 20000, 20000, 1, 20000.0 / 28232}};
  h.sockets.close_wait = {{"127.0.0.1:8088", 300, live::ProcessRef{812, "python3"}}};
  h.sockets.listeners = {{"0.0.0.0:5432", 129, 128, 40, std::nullopt}};
  Facts f = host_facts(&h, nullptr, cat);
  CHECK(render(run("top_peer(\"time-wait\")", f)) == "10.0.0.9:5432");  // 20,000 from one source beats 15,000
  CHECK(run("top_peer_share(\"time-wait\")", f).n == doctest::Approx(20000.0 / 28232));
  h.sockets.peers[1].busiest_count = 10000;
  CHECK(render(run("top_peer(\"time-wait\")", f)) == "10.0.0.7:8080");
  CHECK(render(run("top_peer_source(\"time-wait\")", f)) == "10.0.1.1");
  CHECK(run("top_peer_sources(\"time-wait\")", f).n == 4);
  CHECK(run("top_peer_count(\"time-wait\")", f).n == 60000);
  CHECK(run("top_peer_source_count(\"time-wait\")", f).n == 15000);
  CHECK(run("top_peer_share(\"time-wait\")", f).n == doctest::Approx(15000.0 / 28232));
  // A v1 snapshot: sources unknown, the share capped at one range.
  h.sockets.peers = {{"10.0.0.7:8080", "time-wait", 60000, 60000.0 / 28232, 0, "", 60000}};
  h.usable_local_ports = 0;
  CHECK(run("top_peer_share(\"time-wait\")", f).n == 1.0);
  CHECK(run("top_peer_source(\"time-wait\")", f).is_unknown());
  CHECK(run("outgoing(\"time-wait\")", f).n == 30000);
  CHECK(run("incoming(\"time-wait\")", f).n == 663);
  CHECK(render(run("top_source()", f)) == "10.0.1.9");
  CHECK(run("top_source_ports()", f).n == 20000);
  CHECK(render(run("close_wait_owner()", f)) == "python3 (pid 812)");
  CHECK(render(run("full_listener()", f)) == "0.0.0.0:5432");
  CHECK(render(run("full_listener_owner()", f)) == "an unidentified process");
  CHECK(run("full_listener_backlog()", f).n == 128);
  CHECK(run("listener_backlogs_known()", f).is_true());
  // A v1 snapshot: its peers were the connect-side TIME_WAIT and ESTABLISHED sockets.
  h.sockets.direction_known = false;
  h.sockets.peer_groups = 1;
  CHECK(run("incoming(\"time-wait\")", f).n == 0);  // 30,663 in all, 60,000 in the group: none left
  CHECK(run("incoming(\"close-wait\")", f).is_unknown());
  h.sockets.peer_groups = 2;  // the list was cut: the rest is not known
  CHECK(run("incoming(\"time-wait\")", f).is_unknown());
}

TEST_CASE("templates: thousands separators, percent, unknown holes") {
  Catalog cat = fixture::catalog();
  live::HostState h = proxy_host();
  Facts f = host_facts(&h, nullptr, cat);
  CHECK(fill("{sockets(\"time-wait\")} sockets, {percent(top_peer_share(\"time-wait\"))} of {usable_ports()}", f) ==
        "30,663 sockets, 87.2% of 28,232");
  CHECK(fill("{{literal}} {counter(\"Tcp.ActiveOpens\")} {1 / 3} {-1234567}", f) == "{literal} 51,234,567 0.33 -1,234,567");
  CHECK(fill("{rate(\"TcpExt.ListenDrops\")}/s", f) == "unknown/s");
  CHECK(thousands(0) == "0");
  CHECK(thousands(999) == "999");
  CHECK(thousands(1000) == "1,000");
}

TEST_CASE("a plan: a change quoting its evidence, a conflict by priority, a finding at its line, not evaluated") {
  auto loaded = fixture::rules(kRules);
  REQUIRE(fixture::messages(loaded.diagnostics).empty());
  Catalog cat = fixture::catalog();
  ProfileSet profiles = fixture::profiles();
  live::HostState h = proxy_host();
  config::ConfigSet cfg = config_with_fin_timeout();
  Facts f = host_facts(&h, &cfg, cat);
  plan::Plan p = evaluate(loaded.value, *profiles.find("proxy"), f);

  CHECK(p.profile == "proxy");
  CHECK(p.kernel == "5.15.0-91-generic");
  REQUIRE(p.changes.size() == 1);
  const plan::Change& c = p.changes[0];
  CHECK(c.key == "net.ipv4.tcp_tw_reuse");
  CHECK(c.current == std::optional<std::string>("2"));
  CHECK_FALSE(c.configured);
  CHECK(c.proposed == "1");
  CHECK(c.rule == "tw-reuse-connecting");
  CHECK(c.severity == Severity::warning);
  CHECK(c.reason == "24,613 TIME_WAIT sockets towards 10.0.0.7:8080 against 28,232 usable local ports (87.2%).");

  REQUIRE(p.conflicts.size() == 1);
  CHECK(p.conflicts[0].key == "net.ipv4.tcp_tw_reuse");
  CHECK(p.conflicts[0].winner_rule == "tw-reuse-connecting");
  CHECK(p.conflicts[0].winner_value == "1");
  CHECK(p.conflicts[0].winner_priority == 60);
  CHECK(p.conflicts[0].loser_rule == "tw-reuse-off-for-servers");
  CHECK(p.conflicts[0].loser_value == "0");

  REQUIRE(p.findings.size() == 1);
  CHECK(p.findings[0].rule == "fin-timeout-myth");
  CHECK(p.findings[0].message == "tcp_fin_timeout = 15 does not shorten TIME_WAIT");
  REQUIRE(p.findings[0].at);
  CHECK(p.findings[0].at->file == "/etc/sysctl.d/99-tuning.conf");
  CHECK(p.findings[0].at->line == 3);

  REQUIRE(p.not_evaluated.size() == 1);
  CHECK(p.not_evaluated[0].rule == "listen-drops-rising");
  CHECK(p.not_evaluated[0].needs == "needs --sample");

  // On generic, the proxy-only rule does not apply: the server rule proposes 0, no conflict.
  plan::Plan g = evaluate(loaded.value, *profiles.find("generic"), f);
  REQUIRE(g.changes.size() == 1);
  CHECK(g.changes[0].proposed == "0");
  CHECK(g.conflicts.empty());
}

TEST_CASE("already at the proposed value: no change, but the rule still wins its conflict") {
  auto loaded = fixture::rules(kRules);
  Catalog cat = fixture::catalog();
  ProfileSet profiles = fixture::profiles();
  live::HostState h = proxy_host();
  h.sysctl["net.ipv4.tcp_tw_reuse"].value = "1";
  Facts f = host_facts(&h, nullptr, cat);
  // The condition itself says != 1, so the rule goes silent; the server rule must not sneak in... it
  // does, since nothing opposes it: that is the honest result of these two rules.
  plan::Plan p = evaluate(loaded.value, *profiles.find("proxy"), f);
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].rule == "tw-reuse-off-for-servers");

  auto same = fixture::rules(R"TOML(
[[rule]]
id = "a-keep-one"
title = "a"
severity = "notice"
priority = 70
condition = 'true'
set = { key = "net.ipv4.tcp_tw_reuse", value = "1" }
[[rule]]
id = "b-want-zero"
title = "b"
severity = "notice"
condition = 'true'
set = { key = "net.ipv4.tcp_tw_reuse", value = "0" }
[[rule]]
id = "c-also-one"
title = "c"
severity = "notice"
condition = 'true'
set = { key = "net.ipv4.tcp_tw_reuse", value = "1" }
)TOML");
  REQUIRE(same.ok());
  plan::Plan q = evaluate(same.value, *profiles.find("generic"), f);
  CHECK(q.changes.empty());           // live is already 1
  REQUIRE(q.conflicts.size() == 1);   // but b-want-zero lost to a-keep-one
  CHECK(q.conflicts[0].loser_rule == "b-want-zero");

  h.sysctl["net.ipv4.tcp_tw_reuse"].value = "2";
  plan::Plan r = evaluate(same.value, *profiles.find("generic"), f);
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].rule == "a-keep-one");
  CHECK(r.changes[0].also_rules == std::vector<std::string>{"c-also-one"});
}

TEST_CASE("profile inference quotes its evidence, and says so when there is none") {
  Catalog cat = fixture::catalog();
  ProfileSet profiles = fixture::profiles();
  live::HostState h = proxy_host();
  Facts f = host_facts(&h, nullptr, cat);
  Inference inf = infer_profile(profiles, f);
  CHECK(inf.profile == "proxy");
  CHECK(inf.reason == "ActiveOpens 51,234,567 vs PassiveOpens 1,200,345, 30,663 TIME_WAIT towards 2 upstream(s): looks like proxy");

  h.counters["Tcp.PassiveOpens"] = 99999999;
  Inference none = infer_profile(profiles, f);
  CHECK(none.profile == "generic");
  CHECK(none.reason == "cannot tell the host's role: no profile's signature holds; using generic, pass --profile to choose");

  config::ConfigSet cfg;
  Inference offline = infer_profile(profiles, offline_facts(cfg, "6.1", cat));
  CHECK(offline.profile == "generic");
  CHECK(offline.reason == "no live evidence to infer a role from (needs the live host); using generic, pass --profile");
}

TEST_CASE("generic's own [inference] describes the evidence when no role matches") {
  Catalog cat = fixture::catalog();
  std::string generic = std::string(fixture::kGeneric) +
                        "[inference]\npriority = -1\ncondition = 'true'\n"
                        "evidence = 'ActiveOpens {counter(\"Tcp.ActiveOpens\")} vs PassiveOpens {counter(\"Tcp.PassiveOpens\")}'\n";
  auto profiles = parse_profiles({{"profiles/generic.toml", generic}, {"profiles/proxy.toml", fixture::kProxy}});
  REQUIRE(fixture::messages(profiles.diagnostics).empty());
  live::HostState h = proxy_host();
  h.counters["Tcp.PassiveOpens"] = 99999999;
  Inference inf = infer_profile(profiles.value, host_facts(&h, nullptr, cat));
  CHECK(inf.profile == "generic");
  CHECK(inf.reason == "ActiveOpens 51,234,567 vs PassiveOpens 99,999,999: cannot tell the host's role: no profile's signature holds; using generic, pass --profile to choose");
}

namespace {

// Two roles judged per program, each with confirming facts.
const char* kRoleProxy = R"TOML(
description = "a proxy"
[[inference]]
priority = 40
condition = 'program_listeners() > 0 and program_connected() >= 10 and not port_in(program_upstream(), "5432")'
evidence = '{program()} holds {program_connected()} connections to {program_upstream()}'
[[inference.confirm]]
condition = 'program_is("nginx haproxy")'
evidence = '{program()} is a proxy'
[[inference.confirm]]
condition = 'program_accepted() > 0'
evidence = 'it serves {program_accepted()} clients'
)TOML";
const char* kRoleDatabase = R"TOML(
description = "a database"
[[inference]]
priority = 40
condition = 'program_accepted() > 0 and program_listens_on("5432 3306") and program_connected() == 0'
evidence = '{program()} serves {program_accepted()} clients on {program_listening()}'
[[inference]]
priority = 20
condition = 'accepted("5432") > 0'
evidence = '{accepted("5432")} accepted on 5432'
)TOML";

live::HostState programs_host() {
  live::HostState h;
  h.kernel = "6.1.0";
  h.sockets.known = true;
  h.sockets.direction_known = true;
  h.sockets.accepted_known = true;
  h.sockets.programs_known = true;
  h.sockets.processes = "attributed";
  h.sockets.listeners = {live::Listener{"0.0.0.0:5432", 0, 128, 0, std::nullopt, 0, std::nullopt, 40}};
  live::ProgramSockets pg;
  pg.comm = "postgres";
  pg.pid = 700;
  pg.processes = 41;
  pg.listening = {"0.0.0.0:5432"};
  pg.accepted = 40;
  live::ProgramSockets sshd;
  sshd.comm = "sshd";
  sshd.pid = 5;
  sshd.processes = 1;
  sshd.listening = {"0.0.0.0:22"};
  sshd.accepted = 1;
  h.sockets.programs = {pg, sshd};
  return h;
}

}  // namespace

TEST_CASE("inference judges each program: one role, how sure, or two roles and it cannot tell") {
  Catalog cat = fixture::catalog();
  auto profiles = parse_profiles({{"profiles/generic.toml", fixture::kGeneric},
                                  {"profiles/proxy.toml", kRoleProxy},
                                  {"profiles/database.toml", kRoleDatabase}});
  REQUIRE(fixture::messages(profiles.diagnostics).empty());
  live::HostState h = programs_host();
  Inference db = infer_profile(profiles.value, host_facts(&h, nullptr, cat));
  CHECK(db.profile == "database");
  CHECK(db.reason == "postgres (pid 700, 41 processes) serves 40 clients on 0.0.0.0:5432: looks like database");

  live::ProgramSockets nginx;
  nginx.comm = "nginx";
  nginx.pid = 812;
  nginx.processes = 3;
  nginx.listening = {"0.0.0.0:80"};
  nginx.connected = 300;
  nginx.upstreams = 2;
  nginx.upstream = "10.0.0.7:8080";
  nginx.upstream_connected = 200;
  h.sockets.programs.insert(h.sockets.programs.begin(), nginx);
  Inference both = infer_profile(profiles.value, host_facts(&h, nullptr, cat));
  CHECK(both.profile == "generic");
  CHECK(both.reason == "cannot tell the host's role, the facts point to more than one: like database (postgres (pid 700, 41 "
                       "processes) serves 40 clients on 0.0.0.0:5432); like proxy (nginx (pid 812, 3 processes) holds 300 "
                       "connections to 10.0.0.7:8080); using generic, pass --profile to choose");

  h.sockets.programs.erase(h.sockets.programs.begin() + 1);  // postgres gone
  Inference proxy = infer_profile(profiles.value, host_facts(&h, nullptr, cat));
  CHECK(proxy.profile == "proxy");
  CHECK(proxy.reason == "nginx (pid 812, 3 processes) holds 300 connections to 10.0.0.7:8080: looks like proxy; confidence "
                        "medium (1 of 2 confirming facts hold: nginx (pid 812, 3 processes) is a proxy)");

  // Processes unknown (under --root): the host's counts speak, at their lower priority.
  h = programs_host();
  h.sockets.programs_known = false;
  h.sockets.programs.clear();
  Inference counts = infer_profile(profiles.value, host_facts(&h, nullptr, cat));
  CHECK(counts.profile == "database");
  CHECK(counts.reason == "40 accepted on 5432: looks like database");
}

TEST_CASE("reasons written wrapped in TOML come out as paragraphs") {
  CHECK(reflow("\n  24,613 sockets towards\n10.0.0.7:8080 against\n  28,232 ports.\n\nSecond paragraph:\n- one\n- two\n") ==
        "24,613 sockets towards 10.0.0.7:8080 against 28,232 ports.\n\nSecond paragraph:\n- one\n- two");
}

TEST_CASE("versions and key values as the catalog checks them") {
  CHECK(compare_versions("6.18.44-fc-v782", "4.12") > 0);
  CHECK(compare_versions("4.12", "4.12.0") == 0);
  CHECK(compare_versions("4.9", "4.12") < 0);
  Catalog cat = fixture::catalog();
  const KeyInfo* range = cat.find("net.ipv4.ip_local_port_range");
  REQUIRE(range);
  CHECK(check_value(*range, "1024\t65535") == "");
  CHECK(check_value(*range, "60999 32768") == "expected LOW <= HIGH for net.ipv4.ip_local_port_range, found '60999 32768'");
  CHECK(check_value(*range, "0 100") ==
        "range '0 100' is out of bounds for net.ipv4.ip_local_port_range: expected numbers between 1 and 65535");
  CHECK(check_value(*cat.find("net.ipv4.ip_local_reserved_ports"), "8080,9000-9100") == "");
  // Integers as the kernel reads a write (proc_get_long: base 0, no '+'): "+30" is refused at boot,
  // "010" is 8. Before, strtoll took "+30" and read "010" as 10.
  const KeyInfo* fin = cat.find("net.ipv4.tcp_fin_timeout");
  REQUIRE(fin);
  CHECK(check_value(*fin, "+30") != "");
  CHECK(check_value(*fin, "0x1e") == "");
  CHECK(check_value(*range, "32768 060999") == "expected two integers 'LOW HIGH' for net.ipv4.ip_local_port_range, found '32768 060999'");
  // A value past 64 bits stays text: shown as written, never clamped to 9,223,372,036,854,775,807.
  CHECK(render(Value::from_sysctl("99999999999999999999")) == "99999999999999999999");
  CHECK(render(Value::from_sysctl("010")) == "8");
  CHECK(default_for(*range, "4.1") == std::optional<std::string>("32768 61000"));
  CHECK(default_for(*range, "5.10") == std::optional<std::string>("32768 60999"));
  CHECK(exists_on(*cat.find("net.ipv4.tcp_tw_recycle"), "4.11.9") == std::optional<bool>(true));
  CHECK(exists_on(*cat.find("net.ipv4.tcp_tw_recycle"), "4.12") == std::optional<bool>(false));
}
