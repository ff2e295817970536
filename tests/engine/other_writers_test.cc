// Other writers (docs/writers.md): the parsers of TuneD profiles, ufw settings, unit Exec lines and
// shell commands, the shipped rules/writers.toml, and how claims become plan findings.
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "advisor/config/writer_parsers.h"
#include "advisor/engine/other_writers.h"
#include "advisor/engine/writer_rules.h"

using namespace sa;
using namespace sa::config::writers;

namespace {

// A fake tree of files for resolve_tuned.
ReadFn files(std::map<std::string, std::string> m) {
  return [m](const std::string& path) -> std::optional<std::string> {
    auto it = m.find(path);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
}

const std::vector<std::string> kDirs = {"/etc/tuned", "/usr/lib/tuned"};

std::map<std::string, std::string> settings(const TunedProfiles& t) {
  std::map<std::string, std::string> out;
  for (const auto& s : t.sysctl) out[s.key] = s.value + "@" + s.profile;
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

TEST_CASE("tuned.conf: [main] include= split at commas, [sysctl] keys, quotes and plugin options") {
  TunedConf c = parse_tuned_conf(
      "# comment\n[main]\nsummary=web\ninclude= throughput-performance , network-latency;extra\n\n"
      "[sysctl]\nnet.ipv4.tcp_syncookies=1\nnet/core/somaxconn = 8192\nnet.ipv4.tcp_rmem=\"4096 87380 16777216\"\n"
      "[net_sysctl]\ntype=sysctl\nreplace=1\nnet.ipv4.tcp_fin_timeout=${f:exec:/bin/echo:30}\n[cpu]\ngovernor=performance\n");
  CHECK(joined(c.includes) == "throughput-performance,network-latency,extra");
  REQUIRE(c.sysctl.size() == 4);
  CHECK(c.sysctl[0].key == "net.ipv4.tcp_syncookies");
  CHECK(c.sysctl[0].line == 7);
  CHECK(c.sysctl[1].key == "net.core.somaxconn");
  CHECK(c.sysctl[2].value == "4096 87380 16777216");
  CHECK(c.sysctl[3].key == "net.ipv4.tcp_fin_timeout");
  CHECK(tuned_value_is_runtime(c.sysctl[3].value));
  CHECK(tuned_value_is_runtime(">4096"));
  CHECK_FALSE(tuned_value_is_runtime("4096"));
}

TEST_CASE("TuneD include chain: included first, the includer overrides; /etc before /usr/lib") {
  auto read = files({
      {"/etc/tuned/web/tuned.conf", "[main]\ninclude=base\n[sysctl]\nnet.core.somaxconn=8192\n"},
      {"/usr/lib/tuned/base/tuned.conf", "[main]\ninclude=root\n[sysctl]\nnet.core.somaxconn=1024\nnet.ipv4.tcp_syncookies=2\n"},
      {"/usr/lib/tuned/root/tuned.conf", "[sysctl]\nnet.ipv4.tcp_syncookies=0\nvm.swappiness=10\n"},
      {"/usr/lib/tuned/web/tuned.conf", "[sysctl]\nnet.core.somaxconn=1\n"},  // shadowed by /etc/tuned/web
  });
  TunedProfiles t = resolve_tuned({"web"}, kDirs, read);
  CHECK(joined(t.order) == "root,base,web");
  auto s = settings(t);
  CHECK(s["net.core.somaxconn"] == "8192@web");
  CHECK(s["net.ipv4.tcp_syncookies"] == "2@base");
  CHECK(s["vm.swappiness"] == "10@root");
  CHECK(t.notes.empty());
  for (const auto& x : t.sysctl)
    if (x.key == "net.core.somaxconn") {
      CHECK(x.file == "/etc/tuned/web/tuned.conf");
      CHECK(x.line == 4);
    }
}

TEST_CASE("TuneD: several includes in order, several active profiles merged left to right") {
  auto read = files({
      {"/etc/tuned/a/tuned.conf", "[main]\ninclude=b,c\n[sysctl]\nk.a=a\n"},
      {"/etc/tuned/b/tuned.conf", "[sysctl]\nk.x=b\nk.b=b\n"},
      {"/etc/tuned/c/tuned.conf", "[sysctl]\nk.x=c\n"},
      {"/etc/tuned/d/tuned.conf", "[sysctl]\nk.a=d\n"},
  });
  TunedProfiles t = resolve_tuned({"a", "d"}, kDirs, read);
  CHECK(joined(t.order) == "b,c,a,d");
  auto s = settings(t);
  CHECK(s["k.x"] == "c@c");
  CHECK(s["k.a"] == "d@d");
}

TEST_CASE("TuneD include loops are refused with the chain named; missing profiles are noted") {
  auto read = files({
      {"/etc/tuned/a/tuned.conf", "[main]\ninclude=b\n[sysctl]\nk.a=1\n"},
      {"/etc/tuned/b/tuned.conf", "[main]\ninclude=a, missing\n[sysctl]\nk.b=1\n"},
  });
  TunedProfiles t = resolve_tuned({"a"}, kDirs, read);
  REQUIRE(t.notes.size() == 2);
  CHECK(t.notes[0] == "TuneD include loop a -> b -> a: the include is refused");
  CHECK(t.notes[1].find("TuneD profile 'missing' not found (looked in /etc/tuned/missing/, /usr/lib/tuned/missing/)") == 0);
  CHECK(settings(t).size() == 2);
  // A profile including itself, and a name that would leave the profile folders.
  auto self = resolve_tuned({"s"}, kDirs, files({{"/etc/tuned/s/tuned.conf", "[main]\ninclude=s\n[sysctl]\nk.s=1\n"}}));
  CHECK(self.notes.at(0) == "TuneD include loop s -> s: the include is refused");
  auto escape = resolve_tuned({"../../etc"}, kDirs, files({}));
  CHECK(escape.notes.at(0).find("not a plain name") != std::string::npos);
}

TEST_CASE("tuned-main.conf reapply_sysctl: default when absent, booleans as TuneD reads them") {
  CHECK(tuned_reapply_sysctl("", true));
  CHECK(tuned_reapply_sysctl("daemon = 1\n", true));
  CHECK_FALSE(tuned_reapply_sysctl("# comment\nreapply_sysctl = 0\n", true));
  CHECK_FALSE(tuned_reapply_sysctl("reapply_sysctl=false\n", true));
  CHECK(tuned_reapply_sysctl("reapply_sysctl = 1\n", false));
}

TEST_CASE("ufw: shell-style settings, the last assignment, quotes and comments") {
  CHECK(shell_var("# x\nENABLED=no\nENABLED=yes\n", "ENABLED") == std::optional<std::string>("yes"));
  CHECK(shell_var("IPT_SYSCTL=\"/etc/ufw/my sysctl.conf\"\n", "IPT_SYSCTL") == std::optional<std::string>("/etc/ufw/my sysctl.conf"));
  CHECK(shell_var("IPT_SYSCTL=/etc/ufw/sysctl.conf # the default\n", "IPT_SYSCTL") ==
        std::optional<std::string>("/etc/ufw/sysctl.conf"));
  CHECK_FALSE(shell_var("MY_IPT_SYSCTL=/x\n", "IPT_SYSCTL"));
  auto e = parse_sysctl_lines("# ufw's file\nnet/ipv4/tcp_syncookies=1\n; other\nnet.ipv4.conf.all.accept_redirects = 0\n");
  REQUIRE(e.size() == 2);
  CHECK(e[0].key == "net.ipv4.tcp_syncookies");
  CHECK(e[0].line == 2);
  CHECK(e[1].value == "0");
}

TEST_CASE("unit Exec lines: ExecStart/Pre/Post of [Service], prefixes dropped, continuations joined") {
  auto x = unit_exec_lines(
      "[Unit]\nDescription=tune\nExecStart=/not/in/service\n[Service]\nType=oneshot\n"
      "ExecStartPre=-/sbin/sysctl -w net.core.somaxconn=4096\n"
      "ExecStart=/bin/sh -c 'echo 1 > /proc/sys/net/ipv4/tcp_syncookies; \\\n  sysctl -p /etc/tune.conf'\n"
      "ExecStartPost=+@/usr/sbin/sysctl net.ipv4.tcp_fin_timeout=30\nExecStop=/sbin/sysctl -w a.b=1\n");
  REQUIRE(x.size() == 3);
  CHECK(x[0].directive == "ExecStartPre");
  CHECK(x[0].command == "/sbin/sysctl -w net.core.somaxconn=4096");
  CHECK(x[0].line == 6);
  CHECK(x[1].line == 7);
  CHECK(x[2].command == "/usr/sbin/sysctl net.ipv4.tcp_fin_timeout=30");
}

TEST_CASE("commands: sysctl -w / k=v / -p FILE / --load, echo > /proc/sys, sh -c, other commands ignored") {
  auto w = parse_commands("/sbin/sysctl -w net.core.somaxconn=4096 -q net.ipv4.tcp_tw_reuse=1");
  REQUIRE(w.sets.size() == 2);
  CHECK(w.sets[0].key == "net.core.somaxconn");
  CHECK(w.sets[0].value == "4096");
  CHECK(w.sets[1].key == "net.ipv4.tcp_tw_reuse");

  w = parse_commands("sysctl -w \"net.ipv4.ip_local_port_range=1024 65000\"");
  REQUIRE(w.sets.size() == 1);
  CHECK(w.sets[0].value == "1024 65000");

  w = parse_commands("sysctl -p /etc/tune.conf && sysctl --load=/etc/more.conf; sysctl -p\nsysctl --system");
  CHECK(joined(w.loads) == "/etc/tune.conf,/etc/more.conf,");
  CHECK(w.sets.empty());

  w = parse_commands("echo 1 > /proc/sys/net/ipv4/tcp_syncookies\necho -n \"32768 60999\" >/proc/sys/net/ipv4/ip_local_port_range");
  REQUIRE(w.sets.size() == 2);
  CHECK(w.sets[0].key == "net.ipv4.tcp_syncookies");
  CHECK(w.sets[0].value == "1");
  CHECK(w.sets[1].value == "32768 60999");

  w = parse_commands("/bin/bash -c \"sysctl -w net.core.somaxconn=1 || true\"");
  REQUIRE(w.sets.size() == 1);
  CHECK(w.sets[0].key == "net.core.somaxconn");

  w = parse_commands("# sysctl -w a.b=1\necho hello > /tmp/x\nsysctl net.core.somaxconn\nsysctl -a | grep x\nlogger sysctl -w a.b=2");
  CHECK(w.sets.empty());
  CHECK(w.loads.empty());
}

TEST_CASE("Go durations as kube-proxy takes them") {
  CHECK(engine::go_duration_seconds("24h0m0s") == 86400);
  CHECK(engine::go_duration_seconds("1h") == 3600);
  CHECK(engine::go_duration_seconds("1h30m") == 5400);
  CHECK(engine::go_duration_seconds("90s") == 90);
  CHECK(engine::go_duration_seconds("0s") == 0);
  CHECK_FALSE(engine::go_duration_seconds("1d"));
  CHECK_FALSE(engine::go_duration_seconds("abc"));
  // A running process's argv is anyone's text: a number Go would refuse is no value, not a throw.
  CHECK_FALSE(engine::go_duration_seconds(".s"));
  CHECK_FALSE(engine::go_duration_seconds("1..2h"));
}

namespace {
std::string shipped_writers() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  std::string path = std::string(srcdir ? srcdir : ".") + "/sysctl_advisor/rules/writers.toml";
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("the shipped rules/writers.toml loads; bpftune, kube-proxy and tuned are in it") {
  auto w = engine::parse_writer_rules(shipped_writers(), "rules/writers.toml");
  for (const auto& d : w.diagnostics) MESSAGE(d.message);
  REQUIRE(w.ok());
  CHECK(w.value.tuned.active_profile == "/etc/tuned/active_profile");
  CHECK(w.value.ufw.sysctl_default == "/etc/ufw/sysctl.conf");
  CHECK(w.value.units.ignore_units.at(0) == "systemd-sysctl.service");
  std::map<std::string, const ProcessWriter*> by;
  for (const auto& p : w.value.processes) by[p.id] = &p;
  REQUIRE(by.count("bpftune"));
  REQUIRE(by.count("kube-proxy"));
  REQUIRE(by.count("tuned"));
  std::set<std::string> keys;
  for (const auto& k : by["bpftune"]->keys) keys.insert(k.key);
  for (const char* k : {"net.ipv4.tcp_syncookies", "net.ipv4.tcp_max_syn_backlog", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
                        "net.core.netdev_max_backlog", "net.ipv4.tcp_allowed_congestion_control"})
    CHECK(keys.count(k));
  // tcp_conn_tuner chooses per connection (bpf_setsockopt) and never writes the default: a plan
  // that changes tcp_congestion_control must not be refused because bpftune runs.
  CHECK_FALSE(keys.count("net.ipv4.tcp_congestion_control"));
  for (const auto& k : by["bpftune"]->keys) CHECK(k.reference.find("oracle/bpftune src/") == 0);
}

TEST_CASE("writers.toml mistakes are all reported, each located") {
  auto w = engine::parse_writer_rules(
      "[tuned]\nactive_profile = \"etc/tuned/active_profile\"\nbogus = 1\n"
      "[[process]]\nid = \"x\"\n[[process.key]]\nkey = \"bad key\"\nreference = \"\"\n",
      "w.toml");
  CHECK_FALSE(w.ok());
  std::string all;
  for (const auto& d : w.diagnostics) all += d.message + " @" + std::to_string(d.where.line) + "\n";
  CHECK(all.find("not an absolute path @2") != std::string::npos);
  CHECK(all.find("bogus") != std::string::npos);
  CHECK(all.find("'names' must list") != std::string::npos);
  CHECK(all.find("'bad key' is not a sysctl key @7") != std::string::npos);
  CHECK(all.find("needs the source") != std::string::npos);

  // An array of tables given something else: each bad element located, the tables still read.
  auto bad = engine::parse_writer_rules(
      "process = [1, {id = \"y\", names = [\"y\"], key = [2]}]\n", "w.toml");
  CHECK_FALSE(bad.ok());
  std::string msgs;
  for (const auto& d : bad.diagnostics) msgs += d.message + "\n";
  CHECK(msgs.find("expected a [[process]] table") != std::string::npos);
  CHECK(msgs.find("expected a [[process.key]] table") != std::string::npos);
}

TEST_CASE("combine: kube-proxy flags decide its values, 0 leaves a key alone; a tuned daemon marks TuneD's claims") {
  auto rules = engine::parse_writer_rules(shipped_writers(), "rules/writers.toml");
  REQUIRE(rules.ok());
  FileWriters files;
  WriterClaim t;
  t.writer = "tuned";
  t.label = "tuned (profile web)";
  t.key = "net.core.somaxconn";
  t.value = "8192";
  files.claims.push_back(t);
  std::vector<SeenProcess> procs = {
      {100, "tuned", {"/usr/bin/python3", "/usr/sbin/tuned", "-l", "-P"}},
      {200, "kube-proxy", {"/usr/local/bin/kube-proxy", "--conntrack-tcp-timeout-established=2h", "--conntrack-max-per-core",
                           "0"}},
      {300, "bpftune", {"bpftune"}},
  };
  auto claims = engine::combine_writers(files, procs, rules.value);
  std::map<std::string, const WriterClaim*> by;
  for (const auto& c : claims) by[c.writer + " " + c.key] = &c;
  CHECK(by["tuned net.core.somaxconn"]->label == "tuned (profile web, daemon pid 100)");
  CHECK_FALSE(by.count("kube-proxy net.netfilter.nf_conntrack_max"));  // --conntrack-max-per-core 0
  REQUIRE(by.count("kube-proxy net.netfilter.nf_conntrack_tcp_timeout_established"));
  CHECK(by["kube-proxy net.netfilter.nf_conntrack_tcp_timeout_established"]->value == std::optional<std::string>("7200"));
  CHECK(by["kube-proxy net.netfilter.nf_conntrack_tcp_timeout_close_wait"]->value == std::optional<std::string>("3600"));
  REQUIRE(by.count("bpftune net.ipv4.tcp_syncookies"));
  CHECK(by["bpftune net.ipv4.tcp_syncookies"]->label == "bpftune (pid 300)");
  CHECK_FALSE(by["bpftune net.ipv4.tcp_syncookies"]->value);

  // Without flags kube-proxy's defaults (pkg/proxy/apis/config/v1alpha1/defaults.go).
  auto plain = engine::combine_writers({}, {{7, "kube-proxy", {"kube-proxy"}}}, rules.value);
  std::map<std::string, const WriterClaim*> d;
  for (const auto& c : plain) d[c.key] = &c;
  CHECK(d["net.netfilter.nf_conntrack_tcp_timeout_established"]->value == std::optional<std::string>("86400"));
  CHECK(d["net.netfilter.nf_conntrack_max"]->value_note == "set by kube-proxy to max(32768 x CPUs, 131072) (its default)");
}

TEST_CASE("plan findings: a warning when the plan changes the key to another value, a notice otherwise") {
  WriterClaim c;
  c.writer = "tuned";
  c.label = "tuned (profile web)";
  c.key = "net.core.somaxconn";
  c.value = "1024";
  c.file = "/etc/tuned/web/tuned.conf";
  c.line = 4;
  WriterClaim u = c;
  u.writer = "unit";
  u.label = "systemd unit tune.service";
  u.key = "net.ipv4.tcp_fin_timeout";
  u.value = "30";
  u.unit = "tune.service";
  plan::Plan p;
  plan::Change ch;
  ch.key = "net.core.somaxconn";
  ch.proposed = "8192";
  p.changes.push_back(ch);
  engine::add_other_writer_findings(p, {c, u});
  REQUIRE(p.findings.size() == 2);
  CHECK(p.findings[0].rule == "other-writer");
  CHECK(p.findings[0].severity == Severity::warning);
  CHECK(p.findings[0].message ==
        "tuned (profile web) sets net.core.somaxconn = 1024 [/etc/tuned/web/tuned.conf:4]: the change to 8192 will not stay");
  REQUIRE(p.findings[0].at);
  CHECK(p.findings[0].at->line == 4);
  CHECK(p.findings[1].severity == Severity::notice);
  CHECK(p.findings[1].message == "systemd unit tune.service sets net.ipv4.tcp_fin_timeout = 30 [/etc/tuned/web/tuned.conf:4]");
}

TEST_CASE("drift's probable writer: a claim of the live value or of a runtime value, joined with 'or'") {
  WriterClaim tuned, bpf, ufw;
  tuned.label = "tuned (profile web)";
  tuned.key = "net.core.somaxconn";
  tuned.value = "0x400";  // what the kernel reads as 1024 (proc_get_long, base 0)
  bpf.label = "bpftune (pid 7)";
  bpf.key = "net.core.somaxconn";  // runtime value: may be anything
  ufw.label = "ufw";
  ufw.key = "net.core.somaxconn";
  ufw.value = "4096";
  std::vector<WriterClaim> claims{tuned, bpf, ufw};
  CHECK(engine::probable_writers(claims, "net.core.somaxconn", "1024") == "tuned (profile web) or bpftune (pid 7)");
  CHECK(engine::probable_writers(claims, "net.core.somaxconn", "400") == "bpftune (pid 7)");  // 0x400 is 1024, not 400
  CHECK(engine::probable_writers(claims, "net/core/somaxconn", "4096") == "bpftune (pid 7) or ufw");
  CHECK(engine::probable_writers(claims, "net.ipv4.tcp_syncookies", "1").empty());
}
