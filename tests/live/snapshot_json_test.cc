// Snapshot documents: the round trip keeps every fact, and reading names what is wrong.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "advisor/live/snapshot_json.h"
#include "tests/live/fixture_root.h"

using namespace sa::live;
using nlohmann::json;

namespace {

HostState sample_host() {
  ReadOptions o;
  o.root = fixture_root("tests/fixtures/proc/kernel-4.14");
  o.keys = {"net.ipv4.tcp_tw_recycle"};
  HostState h = read_host(o);
  h.sysctl["net.ipv4.tcp_fastopen_key"] = SysctlValue{SysctlValue::Status::unreadable, "Permission denied"};
  h.sysctl["net.ipv4.conf.eth0/100.forwarding"] = SysctlValue{SysctlValue::Status::ok, "1"};
  h.rates = std::map<std::string, double>{{"TcpExt.TW", 12.5}, {"Tcp.ActiveOpens", 0.25}};
  h.sample_seconds = 2.0;
  sa::Diagnostic d;
  d.severity = sa::Severity::warning;
  d.code = "proc-file-missing";
  d.where = {"/proc/net/sockstat6", 0, 0};
  d.message = "No such file or directory";
  h.diagnostics.push_back(d);
  // Processes are only attributed on the live host: give two owners as if it were one.
  REQUIRE(!h.sockets.listeners.empty());
  h.sockets.listeners[0].process = ProcessRef{812, "nginx"};
  h.sockets.listeners[0].backlog = 511;
  h.sockets.close_wait.push_back({"127.0.0.1:8088", 300, ProcessRef{913, "python3"}});
  h.sockets.processes = "attributed";
  REQUIRE(!h.sockets.peers.empty());
  REQUIRE(!h.sockets.destinations.empty());
  h.sockets.peers[0].owner = ProcessRef{812, "nginx"};
  h.sockets.peers[0].owner_established = 900;
  h.sockets.destinations[0].owner = ProcessRef{812, "nginx"};
  h.sockets.destinations[0].owner_established = 900;
  REQUIRE(h.conntrack.has_value());
  CHECK_FALSE(h.conntrack->loaded);  // the fixture has no /proc/sys/net/netfilter
  h.conntrack->loaded = true;
  h.conntrack->stat = std::map<std::string, int64_t>{{"drop", 1204}, {"early_drop", 31}, {"insert_failed", 3}};
  h.conntrack->cpus = 2;
  h.conntrack->increase = std::map<std::string, int64_t>{{"drop", 1204}, {"early_drop", 0}};
  return h;
}

void check_same(const HostState& a, const HostState& b) {
  CHECK(a.kernel == b.kernel);
  CHECK(a.hostname == b.hostname);
  CHECK(a.root == b.root);
  CHECK(a.taken_at == b.taken_at);
  REQUIRE(a.sysctl.size() == b.sysctl.size());
  for (const auto& [key, v] : a.sysctl) {
    CAPTURE(key);
    REQUIRE(b.sysctl.count(key) == 1);
    CHECK(b.sysctl.at(key).status == v.status);
    CHECK(b.sysctl.at(key).value == v.value);
  }
  CHECK(a.counters == b.counters);
  CHECK(a.rates == b.rates);
  CHECK(a.sample_seconds == b.sample_seconds);
  CHECK(a.sockstat == b.sockstat);
  CHECK(a.usable_local_ports == b.usable_local_ports);
  REQUIRE(a.conntrack.has_value() == b.conntrack.has_value());
  if (a.conntrack) {
    CHECK(a.conntrack->loaded == b.conntrack->loaded);
    CHECK(a.conntrack->stat == b.conntrack->stat);
    CHECK(a.conntrack->cpus == b.conntrack->cpus);
    CHECK(a.conntrack->increase == b.conntrack->increase);
  }
  CHECK(a.sockets.known == b.sockets.known);
  CHECK(a.sockets.source == b.sockets.source);
  CHECK(a.sockets.states == b.sockets.states);
  CHECK(a.sockets.peer_groups == b.sockets.peer_groups);
  REQUIRE(a.sockets.peers.size() == b.sockets.peers.size());
  for (size_t i = 0; i < a.sockets.peers.size(); ++i) {
    CHECK(a.sockets.peers[i].remote == b.sockets.peers[i].remote);
    CHECK(a.sockets.peers[i].state == b.sockets.peers[i].state);
    CHECK(a.sockets.peers[i].count == b.sockets.peers[i].count);
    CHECK(a.sockets.peers[i].port_share == b.sockets.peers[i].port_share);
  }
  for (size_t i = 0; i < a.sockets.peers.size(); ++i) {
    CHECK(a.sockets.peers[i].sources == b.sockets.peers[i].sources);
    CHECK(a.sockets.peers[i].busiest_source == b.sockets.peers[i].busiest_source);
    CHECK(a.sockets.peers[i].busiest_count == b.sockets.peers[i].busiest_count);
  }
  CHECK(a.sockets.owners_counted == b.sockets.owners_counted);
  CHECK(a.sockets.direction_known == b.sockets.direction_known);
  CHECK(a.sockets.outgoing == b.sockets.outgoing);
  CHECK(a.sockets.processes == b.sockets.processes);
  CHECK(a.sockets.destination_groups == b.sockets.destination_groups);
  REQUIRE(a.sockets.destinations.size() == b.sockets.destinations.size());
  for (size_t i = 0; i < a.sockets.destinations.size(); ++i) {
    const auto &x = a.sockets.destinations[i], &y = b.sockets.destinations[i];
    CHECK(x.remote == y.remote);
    CHECK(x.family == y.family);
    CHECK(x.states == y.states);
    CHECK(x.total == y.total);
    CHECK(x.sources == y.sources);
    CHECK(x.busiest_source == y.busiest_source);
    CHECK(x.busiest_states == y.busiest_states);
    CHECK(x.busiest_total == y.busiest_total);
    CHECK(x.port_share == y.port_share);
  }
  REQUIRE(a.sockets.sources.size() == b.sockets.sources.size());
  for (size_t i = 0; i < a.sockets.sources.size(); ++i) {
    const auto &x = a.sockets.sources[i], &y = b.sockets.sources[i];
    CHECK(x.local == y.local);
    CHECK(x.family == y.family);
    CHECK(x.states == y.states);
    CHECK(x.sockets == y.sockets);
    CHECK(x.ports == y.ports);
    CHECK(x.destinations == y.destinations);
    CHECK(x.port_share == y.port_share);
  }
  auto same_process = [](const std::optional<ProcessRef>& x, const std::optional<ProcessRef>& y) {
    return x.has_value() == y.has_value() && (!x || (x->pid == y->pid && x->comm == y->comm));
  };
  // Snapshots keep the processes they recorded: who holds each destination's connections too.
  for (size_t i = 0; i < a.sockets.peers.size(); ++i) {
    CHECK(same_process(a.sockets.peers[i].owner, b.sockets.peers[i].owner));
    CHECK(a.sockets.peers[i].owner_established == b.sockets.peers[i].owner_established);
  }
  for (size_t i = 0; i < a.sockets.destinations.size(); ++i) {
    CHECK(same_process(a.sockets.destinations[i].owner, b.sockets.destinations[i].owner));
    CHECK(a.sockets.destinations[i].owner_established == b.sockets.destinations[i].owner_established);
  }
  REQUIRE(a.sockets.listeners.size() == b.sockets.listeners.size());
  for (size_t i = 0; i < a.sockets.listeners.size(); ++i) {
    const auto &x = a.sockets.listeners[i], &y = b.sockets.listeners[i];
    CHECK(x.local == y.local);
    CHECK(x.queue == y.queue);
    CHECK(x.backlog == y.backlog);
    CHECK(x.syn_recv == y.syn_recv);
    CHECK(same_process(x.process, y.process));
  }
  REQUIRE(a.sockets.close_wait.size() == b.sockets.close_wait.size());
  for (size_t i = 0; i < a.sockets.close_wait.size(); ++i) {
    CHECK(a.sockets.close_wait[i].local == b.sockets.close_wait[i].local);
    CHECK(a.sockets.close_wait[i].count == b.sockets.close_wait[i].count);
    CHECK(same_process(a.sockets.close_wait[i].process, b.sockets.close_wait[i].process));
  }
  REQUIRE(a.diagnostics.size() == b.diagnostics.size());
  for (size_t i = 0; i < a.diagnostics.size(); ++i) CHECK(sa::format_diagnostic(a.diagnostics[i]) == sa::format_diagnostic(b.diagnostics[i]));
}

std::string temp_file(const std::string& text) {
  char name[] = "/tmp/snapshot-test-XXXXXX";
  int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(name) << text;
  return name;
}

std::vector<std::string> errors_of(const json& doc) {
  std::vector<sa::Diagnostic> errors;
  auto snap = snapshot_from_json(doc, "snap.json", errors);
  CHECK_FALSE(snap.has_value());
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.code + " " + e.message);
  return out;
}

json valid_doc() { return json::parse(snapshot_to_json(sample_host(), json{{"files", json::array()}}).dump()); }

}  // namespace

TEST_CASE("snapshot -> file -> read_snapshot gives the same facts") {
  HostState host = sample_host();
  json config = {{"loader", "systemd"}, {"files", {"/etc/sysctl.conf"}}, {"keys", json::array()}};
  std::string path = temp_file(snapshot_to_json(host, config).dump(2));
  std::vector<sa::Diagnostic> errors;
  auto snap = read_snapshot(path, errors);
  std::remove(path.c_str());
  for (const auto& e : errors) FAIL_CHECK(sa::format_diagnostic(e));
  REQUIRE(snap.has_value());
  check_same(host, snap->host);
  CHECK(snap->config == config);
}

TEST_CASE("the document follows the contract: schema, dotted keys, absent as null, rates null unsampled") {
  HostState host = sample_host();
  host.rates.reset();
  auto doc = snapshot_to_json(host, nullptr);
  CHECK(doc.begin().key() == "schema");
  CHECK(doc["schema"] == "sysctl-advisor/snapshot/v2");
  CHECK(doc["sysctl"]["net.ipv4.tcp_tw_recycle"].is_null());
  CHECK(doc["sysctl"]["net.ipv4.tcp_tw_reuse"] == "1");
  CHECK(doc["sysctl"]["net.ipv4.tcp_fastopen_key"]["unreadable"] == "Permission denied");
  CHECK(doc["rates"].is_null());
  CHECK(doc["counters"]["TcpExt.TWRecycled"] == 311);
  CHECK(doc["sockets"]["states"]["time-wait"] == 7);
  CHECK(doc["sockets"]["peers"][0]["remote"] == "127.0.0.1:80");
  CHECK(doc["sockets"]["peers"][0]["port_share"].get<double>() == doctest::Approx(4.0 / 27231));
  CHECK(doc["sockets"]["peers"][0]["busiest_source"] == "127.0.0.1");
  CHECK(doc["sockets"]["peers"][0]["sources"] == 1);
  CHECK(doc["sockets"]["listeners"][0]["process"]["pid"] == 812);
  CHECK(doc["sockets"]["listeners"][0]["process"]["comm"] == "nginx");
  CHECK(doc["sockets"]["listeners"][1]["process"].is_null());  // unknown, never a guess
  CHECK(doc["sockets"]["listeners"][1]["backlog"].is_null());   // /proc/net/tcp prints none
  CHECK(doc["sockets"]["close_wait"][0]["local"] == "127.0.0.1:8088");
  CHECK(doc["config"].is_null());
}

TEST_CASE("a v1 snapshot still reads: its peers keep their counts, the new facts are unknown") {
  json doc = valid_doc();
  doc["schema"] = "sysctl-advisor/snapshot/v1";
  for (const char* field : {"outgoing", "destinations", "destination_groups", "sources", "listeners", "close_wait", "processes"})
    doc["sockets"].erase(field);
  for (auto& p : doc["sockets"]["peers"]) {
    p.erase("sources");
    p.erase("busiest_source");
    p.erase("busiest_count");
  }
  std::vector<sa::Diagnostic> errors;
  auto snap = snapshot_from_json(doc, "v1.json", errors);
  for (const auto& e : errors) FAIL_CHECK(sa::format_diagnostic(e));
  REQUIRE(snap.has_value());
  const SocketCensus& s = snap->host.sockets;
  REQUIRE(!s.peers.empty());
  CHECK(s.peers[0].remote == "127.0.0.1:80");
  CHECK(s.peers[0].busiest_count == s.peers[0].count);
  CHECK(s.peers[0].busiest_source.empty());
  CHECK_FALSE(s.direction_known);
  CHECK(s.listeners.empty());
  CHECK(s.processes == "unknown");
}

TEST_CASE("reading names a missing field, a wrong type, and keeps looking after the first") {
  json doc = valid_doc();
  doc.erase("counters");
  doc["sockets"]["states"]["time-wait"] = "many";
  doc["sysctl"]["net.ipv4.tcp_tw_reuse"] = 2;
  doc["sockets"]["peers"][0].erase("count");
  auto errors = errors_of(doc);
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "snapshot-wrong-type /sysctl/net.ipv4.tcp_tw_reuse: expected a string (the value), null (absent) "
                     "or {\"unreadable\": reason}, found an integer");
  CHECK(errors[1] == "snapshot-missing-field /counters: required field is missing");
  CHECK(errors[2] == "snapshot-wrong-type /sockets/states/time-wait: expected a non-negative integer, found a string");
  CHECK(errors[3] == "snapshot-missing-field /sockets/peers/0/count: required field is missing");
}

TEST_CASE("a key with a slash is one step of the JSON pointer") {
  json doc = valid_doc();
  doc["sysctl"]["net.ipv4.conf.eth0/100.forwarding"] = true;
  auto errors = errors_of(doc);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("/sysctl/net.ipv4.conf.eth0~1100.forwarding:") != std::string::npos);
}

TEST_CASE("a newer schema is refused with what to do; another document is not a snapshot") {
  json doc = valid_doc();
  doc["schema"] = "sysctl-advisor/snapshot/v3";
  auto errors = errors_of(doc);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("snapshot-newer-schema /schema: \"sysctl-advisor/snapshot/v3\" is newer", 0) == 0);
  CHECK(errors[0].find("upgrade sysctl-advisor") != std::string::npos);
  doc["schema"] = "sysctl-advisor/plan/v1";
  CHECK(errors_of(doc)[0].rfind("snapshot-not-a-snapshot", 0) == 0);
  doc.erase("schema");
  CHECK(errors_of(doc)[0] == "snapshot-missing-field /schema: required field is missing");
  CHECK(errors_of(json::array())[0] == "snapshot-wrong-type /: expected a snapshot object, found an array");
}

TEST_CASE("a file that is not JSON: line and column of the syntax error") {
  std::string path = temp_file("{\n  \"schema\": \"sysctl-advisor/snapshot/v1\",\n  \"kernel\": oops\n}\n");
  std::vector<sa::Diagnostic> errors;
  CHECK_FALSE(read_snapshot(path, errors).has_value());
  std::remove(path.c_str());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "snapshot-not-json");
  CHECK(errors[0].where.line == 3);
  CHECK(errors[0].where.col == 13);
  errors.clear();
  CHECK_FALSE(read_snapshot("/nonexistent/snap.json", errors).has_value());
  CHECK(errors.at(0).code == "snapshot-unreadable");
}

TEST_CASE("optional fields may be absent: an old or hand-written snapshot still reads") {
  json doc = {{"schema", "sysctl-advisor/snapshot/v1"},
              {"kernel", "5.10.0"},
              {"sysctl", {{"net.ipv4.tcp_tw_reuse", "2"}}},
              {"counters", {{"TcpExt.ListenOverflows", 3}}},
              {"sockets", {{"known", false}, {"states", json::object()}, {"peers", json::array()}}}};
  std::vector<sa::Diagnostic> errors;
  auto snap = snapshot_from_json(doc, "snap.json", errors);
  REQUIRE(snap.has_value());
  CHECK(errors.empty());
  CHECK_FALSE(snap->host.rates.has_value());
  CHECK(snap->host.usable_local_ports == 0);
  CHECK(snap->config.is_null());
  CHECK(snap->host.counters.at("TcpExt.ListenOverflows") == 3);
}

TEST_CASE("conntrack: recorded, not loaded, or not recorded at all are three different facts") {
  json doc = valid_doc();
  CHECK(doc["conntrack"]["loaded"] == true);
  CHECK(doc["conntrack"]["stat"]["drop"] == 1204);
  CHECK(doc["conntrack"]["increase"]["drop"] == 1204);
  std::vector<sa::Diagnostic> errors;
  json off = doc;
  off["conntrack"] = {{"loaded", false}, {"stat", nullptr}, {"cpus", 0}, {"increase", nullptr}};
  auto a = snapshot_from_json(off, "snap.json", errors);
  REQUIRE(a.has_value());
  REQUIRE(a->host.conntrack.has_value());
  CHECK_FALSE(a->host.conntrack->loaded);
  CHECK_FALSE(a->host.conntrack->stat.has_value());
  json old = doc;
  old.erase("conntrack");  // written before conntrack was read: still a valid snapshot
  auto b = snapshot_from_json(old, "snap.json", errors);
  REQUIRE(b.has_value());
  CHECK(errors.empty());
  CHECK_FALSE(b->host.conntrack.has_value());
  json bad = doc;
  bad["conntrack"]["stat"]["drop"] = "many";
  bad["conntrack"].erase("loaded");
  auto e = errors_of(bad);
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "snapshot-missing-field /conntrack/loaded: required field is missing");
  CHECK(e[1] == "snapshot-wrong-type /conntrack/stat/drop: expected an integer, found a string");
}
