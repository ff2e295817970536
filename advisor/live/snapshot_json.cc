#include "advisor/live/snapshot_json.h"

#include "advisor/core/json_read.h"
#include "advisor/core/safe_open.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sa::live {

using nlohmann::json;

namespace {

nlohmann::ordered_json sysctl_to_json(const SysctlValue& v) {
  switch (v.status) {
    case SysctlValue::Status::ok: return v.value;
    case SysctlValue::Status::absent: return nullptr;
    case SysctlValue::Status::unreadable: return nlohmann::ordered_json{{"unreadable", v.value}};
  }
  return nullptr;
}

nlohmann::ordered_json diagnostic_to_json(const Diagnostic& d) {
  return nlohmann::ordered_json{{"severity", std::string(to_string(d.severity))},
              {"code", d.code},
              {"file", d.where.file},
              {"line", d.where.line},
              {"col", d.where.col},
              {"message", d.message}};
}

}  // namespace

nlohmann::ordered_json snapshot_to_json(const HostState& host, const json& config) {
  using ojson = nlohmann::ordered_json;
  ojson doc;
  doc["schema"] = kSnapshotSchema;
  doc["taken_at"] = host.taken_at;
  doc["root"] = host.root;
  doc["hostname"] = host.hostname;
  doc["kernel"] = host.kernel;
  if (host.netns_inode != 0 || !host.netns_target.empty())
    doc["netns"] = {{"target", host.netns_target}, {"inode", host.netns_inode}};
  ojson sysctl = ojson::object();
  for (const auto& [key, value] : host.sysctl) sysctl[key] = sysctl_to_json(value);
  doc["sysctl"] = std::move(sysctl);
  doc["counters"] = host.counters;
  doc["sample_seconds"] = host.sample_seconds;
  doc["rates"] = host.rates ? ojson(*host.rates) : ojson(nullptr);
  doc["sockstat"] = host.sockstat;
  doc["usable_local_ports"] = host.usable_local_ports;
  ojson sockets;
  sockets["known"] = host.sockets.known;
  sockets["source"] = host.sockets.source;
  sockets["states"] = host.sockets.states;
  sockets["outgoing"] = host.sockets.direction_known ? ojson(host.sockets.outgoing) : ojson(nullptr);
  auto process = [](const std::optional<ProcessRef>& p) {
    return p ? ojson{{"pid", p->pid}, {"comm", p->comm}} : ojson(nullptr);
  };
  const bool owners = host.sockets.owners_counted;
  ojson peers = ojson::array();
  for (const auto& p : host.sockets.peers)
    peers.push_back({{"remote", p.remote},
                     {"state", p.state},
                     {"count", p.count},
                     {"port_share", p.port_share},
                     {"sources", p.sources},
                     {"busiest_source", p.busiest_source},
                     {"busiest_count", p.busiest_count}});
  if (owners)
    for (size_t i = 0; i < host.sockets.peers.size(); ++i) {
      peers[i]["owner"] = process(host.sockets.peers[i].owner);
      peers[i]["owner_established"] = host.sockets.peers[i].owner_established;
    }
  sockets["peers"] = std::move(peers);
  sockets["peer_groups"] = host.sockets.peer_groups;
  ojson dests = ojson::array();
  for (const auto& d : host.sockets.destinations)
    dests.push_back({{"remote", d.remote},
                     {"family", d.family},
                     {"total", d.total},
                     {"states", d.states},
                     {"sources", d.sources},
                     {"busiest_source", d.busiest_source},
                     {"busiest_total", d.busiest_total},
                     {"busiest_states", d.busiest_states},
                     {"port_share", d.port_share}});
  if (owners)
    for (size_t i = 0; i < host.sockets.destinations.size(); ++i) {
      dests[i]["owner"] = process(host.sockets.destinations[i].owner);
      dests[i]["owner_established"] = host.sockets.destinations[i].owner_established;
    }
  sockets["destinations"] = std::move(dests);
  sockets["destination_groups"] = host.sockets.destination_groups;
  ojson sources = ojson::array();
  for (const auto& a : host.sockets.sources)
    sources.push_back({{"local", a.local},
                       {"family", a.family},
                       {"sockets", a.sockets},
                       {"states", a.states},
                       {"ports", a.ports},
                       {"destinations", a.destinations},
                       {"port_share", a.port_share},
                       {"bind_parity_ports", a.bind_parity_ports},
                       {"busiest_destination", a.busiest_destination}});
  sockets["sources"] = std::move(sources);
  ojson listeners = ojson::array();
  for (const auto& l : host.sockets.listeners)
    listeners.push_back({{"local", l.local},
                         {"queue", l.queue},
                         {"backlog", l.backlog ? ojson(*l.backlog) : ojson(nullptr)},
                         {"syn_recv", l.syn_recv},
                         {"process", process(l.process)}});
  if (host.sockets.details_known)  // TIME_WAIT on the listener's port: counted with the orphans
    for (size_t i = 0; i < host.sockets.listeners.size(); ++i) listeners[i]["time_wait"] = host.sockets.listeners[i].time_wait;
  for (size_t i = 0; i < host.sockets.listeners.size(); ++i)  // sampled: the longest queue seen
    if (const auto& peak = host.sockets.listeners[i].peak_queue) listeners[i]["peak_queue"] = *peak;
  if (host.sockets.accepted_known)
    for (size_t i = 0; i < host.sockets.listeners.size(); ++i) listeners[i]["accepted"] = host.sockets.listeners[i].accepted;
  sockets["listeners"] = std::move(listeners);
  if (host.sockets.programs_known) {
    ojson programs = ojson::array();
    for (const auto& g : host.sockets.programs)
      programs.push_back({{"comm", g.comm},
                          {"pid", g.pid},
                          {"processes", g.processes},
                          {"listening", g.listening},
                          {"accepted", g.accepted},
                          {"connected", g.connected},
                          {"upstreams", g.upstreams},
                          {"upstream", g.upstream.empty() ? ojson(nullptr) : ojson(g.upstream)},
                          {"upstream_connected", g.upstream_connected}});
    sockets["programs"] = std::move(programs);
  }
  ojson close_wait = ojson::array();
  for (const auto& g : host.sockets.close_wait)
    close_wait.push_back({{"local", g.local}, {"count", g.count}, {"process", process(g.process)}});
  sockets["close_wait"] = std::move(close_wait);
  sockets["processes"] = host.sockets.processes;
  if (host.sockets.details_known) sockets["orphaned"] = host.sockets.orphaned;
  doc["sockets"] = std::move(sockets);
  if (host.initial_netns) doc["initial_netns"] = *host.initial_netns;
  if (host.conntrack) {  // absent: not recorded (older versions); {"loaded": false}: not loaded
    const ConntrackState& ct = *host.conntrack;
    ojson c;
    c["loaded"] = ct.loaded;
    c["stat"] = ct.stat ? ojson(*ct.stat) : ojson(nullptr);
    c["cpus"] = ct.cpus;
    c["increase"] = ct.increase ? ojson(*ct.increase) : ojson(nullptr);
    doc["conntrack"] = std::move(c);
  }
  ojson diags = ojson::array();
  for (const auto& d : host.diagnostics) diags.push_back(diagnostic_to_json(d));
  doc["diagnostics"] = std::move(diags);
  // config/ builds an unordered nlohmann::json; carry it over as is (its keys stay sorted).
  doc["config"] = config.is_null() ? ojson(nullptr) : ojson::parse(config.dump(-1, ' ', false, json::error_handler_t::replace));
  return doc;
}

namespace {

// Walks the document, collecting every problem with the JSON pointer where it is.
class Checker {
 public:
  Checker(const std::string& file, std::vector<Diagnostic>& errors) : file_(file), errors_(errors) {}

  void fail(const std::string& pointer, const std::string& code, const std::string& message) {
    Diagnostic d;
    d.code = code;
    d.where = {file_, 0, 0};
    d.message = (pointer.empty() ? std::string("/") : pointer) + ": " + message;
    errors_.push_back(d);
    ++failures_;
  }
  int failures() const { return failures_; }

  static std::string kind(const json& j) {
    switch (j.type()) {
      case json::value_t::null: return "null";
      case json::value_t::boolean: return "a boolean";
      case json::value_t::string: return "a string";
      case json::value_t::number_integer:
      case json::value_t::number_unsigned: return "an integer";
      case json::value_t::number_float: return "a number";
      case json::value_t::object: return "an object";
      case json::value_t::array: return "an array";
      default: return "something else";
    }
  }

  // The member `name` of obj: nullptr (and an error when required) when missing.
  const json* member(const json& obj, const std::string& at, const char* name, bool required) {
    auto it = obj.find(name);
    if (it == obj.end()) {
      if (required) fail(at + "/" + name, diag::kSnapshotMissingField, "required field is missing");
      return nullptr;
    }
    return &*it;
  }

  bool expect(const json& j, const std::string& at, bool ok, const char* what) {
    if (!ok) fail(at, diag::kSnapshotWrongType, std::string("expected ") + what + ", found " + kind(j));
    return ok;
  }

  bool string(const json* j, const std::string& at, std::string& out) {
    if (!j || !expect(*j, at, j->is_string(), "a string")) return false;
    out = j->get<std::string>();
    return true;
  }
  bool integer(const json& j, const std::string& at, int64_t& out) {
    if (!expect(j, at, j.is_number_integer(), "an integer")) return false;
    if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      fail(at, diag::kSnapshotOutOfRange, "integer does not fit a signed 64-bit counter");
      return false;
    }
    out = j.get<int64_t>();
    return true;
  }
  bool unsigned_int(const json& j, const std::string& at, uint64_t& out) {
    if (!expect(j, at, j.is_number_unsigned() || (j.is_number_integer() && j.get<int64_t>() >= 0),
                "a non-negative integer"))
      return false;
    out = j.get<uint64_t>();
    return true;
  }
  bool number(const json& j, const std::string& at, double& out) {
    if (!expect(j, at, j.is_number(), "a number")) return false;
    out = j.get<double>();
    return true;
  }

 private:
  std::string file_;
  std::vector<Diagnostic>& errors_;
  int failures_ = 0;
};

// RFC 6901: '~' -> "~0", '/' -> "~1", so a key like "net.ipv4.conf.eth0/100.x" stays one step.
std::string ptr(const std::string& base, const std::string& key) {
  std::string out = base + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// "sysctl-advisor/snapshot/v3" -> 3; 0 when it is not a snapshot schema at all.
int schema_version(const std::string& schema) {
  const std::string prefix = "sysctl-advisor/snapshot/v";
  if (schema.compare(0, prefix.size(), prefix) != 0 || schema.size() == prefix.size()) return 0;
  int v = 0;
  for (size_t i = prefix.size(); i < schema.size(); ++i) {
    if (schema[i] < '0' || schema[i] > '9' || v > 100000) return 0;
    v = v * 10 + (schema[i] - '0');
  }
  return v;
}

void read_sysctl(Checker& c, const json& j, HostState& host) {
  if (!c.expect(j, "/sysctl", j.is_object(), "an object of key -> value")) return;
  for (const auto& [key, value] : j.items()) {
    const std::string at = ptr("/sysctl", key);
    SysctlValue v;
    if (value.is_string()) {
      v.value = value.get<std::string>();
    } else if (value.is_null()) {
      v.status = SysctlValue::Status::absent;
    } else if (value.is_object() && value.contains("unreadable") && value["unreadable"].is_string()) {
      v.status = SysctlValue::Status::unreadable;
      v.value = value["unreadable"].get<std::string>();
    } else {
      c.fail(at, diag::kSnapshotWrongType,
             "expected a string (the value), null (absent) or {\"unreadable\": reason}, found " + Checker::kind(value));
      continue;
    }
    host.sysctl[key] = std::move(v);
  }
}

void read_counters(Checker& c, const json& j, const std::string& at, std::map<std::string, int64_t>& out) {
  if (!c.expect(j, at, j.is_object(), "an object of counter -> integer")) return;
  for (const auto& [name, value] : j.items()) {
    int64_t v;
    if (c.integer(value, ptr(at, name), v)) out[name] = v;
  }
}

void read_rates(Checker& c, const json& j, HostState& host) {
  if (j.is_null()) return;
  if (!c.expect(j, "/rates", j.is_object(), "an object of counter -> per-second number, or null (not sampled)")) return;
  host.rates.emplace();
  for (const auto& [name, value] : j.items()) {
    double v;
    if (c.number(value, ptr("/rates", name), v)) (*host.rates)[name] = v;
  }
}

// {"loaded": bool, "stat": {column: integer} | null, "cpus": n, "increase": {column: integer} | null}.
// Snapshots without the member (older versions) leave host.conntrack unknown.
void read_conntrack(Checker& c, const json& j, HostState& host) {
  if (!c.expect(j, "/conntrack", j.is_object(), "an object {\"loaded\", \"stat\", \"cpus\", \"increase\"}")) return;
  ConntrackState ct;
  bool ok = true;
  if (const json* loaded = c.member(j, "/conntrack", "loaded", true)) {
    if (c.expect(*loaded, "/conntrack/loaded", loaded->is_boolean(), "a boolean")) ct.loaded = loaded->get<bool>();
    else ok = false;
  } else {
    ok = false;
  }
  auto counters = [&](const char* name, std::optional<std::map<std::string, int64_t>>& out) {
    const json* m = c.member(j, "/conntrack", name, false);
    if (!m || m->is_null()) return;
    const std::string at = std::string("/conntrack/") + name;
    if (!c.expect(*m, at, m->is_object(), "an object of column -> integer, or null")) {
      ok = false;
      return;
    }
    out.emplace();
    read_counters(c, *m, at, *out);
  };
  counters("stat", ct.stat);
  counters("increase", ct.increase);
  if (const json* n = c.member(j, "/conntrack", "cpus", false)) {
    int64_t cpus = 0;
    if (c.integer(*n, "/conntrack/cpus", cpus)) ct.cpus = static_cast<int>(cpus);
  }
  if (ok) host.conntrack = std::move(ct);
}

void read_sockstat(Checker& c, const json& j, HostState& host) {
  if (!c.expect(j, "/sockstat", j.is_object(), "an object of protocol -> {name: integer}")) return;
  for (const auto& [proto, table] : j.items()) read_counters(c, table, ptr("/sockstat", proto), host.sockstat[proto]);
}

// obj[name]: {pid, comm}, or null / absent (unknown). False on a malformed one.
bool read_process(Checker& c, const json& obj, const std::string& at, const char* name, std::optional<ProcessRef>& out) {
  const json* p = c.member(obj, at, name, false);
  if (!p || p->is_null()) return true;
  const std::string here = at + "/" + name;
  if (!c.expect(*p, here, p->is_object(), "an object {pid, comm} or null (unknown)")) return false;
  ProcessRef ref;
  int64_t pid = 0;
  const json* pj = c.member(*p, here, "pid", true);
  bool ok = pj && c.integer(*pj, here + "/pid", pid);
  ok = c.string(c.member(*p, here, "comm", true), here + "/comm", ref.comm) && ok;
  ref.pid = static_cast<int>(pid);
  if (ok) out = ref;
  return ok;
}

// A peer's or destination's owner of connections (written since connect-side attribution; older
// snapshots lack both fields: the owner stays unknown). False on a malformed one.
bool read_owner(Checker& c, const json& obj, const std::string& at, std::optional<ProcessRef>& owner,
                uint64_t& established, bool& counted) {
  const json* n = c.member(obj, at, "owner_established", false);
  if (!n) return true;
  counted = true;
  bool ok = c.unsigned_int(*n, at + "/owner_established", established);
  return read_process(c, obj, at, "owner", owner) && ok;
}

void read_sockets(Checker& c, const json& j, HostState& host, int version) {
  if (!c.expect(j, "/sockets", j.is_object(), "an object")) return;
  SocketCensus& s = host.sockets;
  if (const json* known = c.member(j, "/sockets", "known", true)) {
    if (c.expect(*known, "/sockets/known", known->is_boolean(), "a boolean")) s.known = known->get<bool>();
  }
  c.string(c.member(j, "/sockets", "source", false), "/sockets/source", s.source);
  if (const json* states = c.member(j, "/sockets", "states", true)) {
    if (c.expect(*states, "/sockets/states", states->is_object(), "an object of state -> count")) {
      for (const auto& [name, value] : states->items()) {
        uint64_t n;
        if (c.unsigned_int(value, ptr("/sockets/states", name), n)) s.states[name] = n;
      }
    }
  }
  if (const json* peers = c.member(j, "/sockets", "peers", true)) {
    if (c.expect(*peers, "/sockets/peers", peers->is_array(), "an array")) {
      for (size_t i = 0; i < peers->size(); ++i) {
        const json& p = (*peers)[i];
        const std::string at = "/sockets/peers/" + std::to_string(i);
        if (!c.expect(p, at, p.is_object(), "an object {remote, state, count, port_share}")) continue;
        PeerGroup g;
        bool ok = c.string(c.member(p, at, "remote", true), at + "/remote", g.remote);
        ok = c.string(c.member(p, at, "state", true), at + "/state", g.state) && ok;
        const json* count = c.member(p, at, "count", true);
        ok = count && c.unsigned_int(*count, at + "/count", g.count) && ok;
        const json* share = c.member(p, at, "port_share", true);
        ok = share && c.number(*share, at + "/port_share", g.port_share) && ok;
        if (version >= 2) {
          const json* n = c.member(p, at, "sources", true);
          ok = n && c.unsigned_int(*n, at + "/sources", g.sources) && ok;
          ok = c.string(c.member(p, at, "busiest_source", true), at + "/busiest_source", g.busiest_source) && ok;
          const json* b = c.member(p, at, "busiest_count", true);
          ok = b && c.unsigned_int(*b, at + "/busiest_count", g.busiest_count) && ok;
        } else {
          // v1 counted every source against one range: the busiest source is unknown, and its
          // count is at most the whole group's (the share stays v1's, capped by the reader).
          g.busiest_count = g.count;
        }
        ok = read_owner(c, p, at, g.owner, g.owner_established, s.owners_counted) && ok;
        if (ok) s.peers.push_back(std::move(g));
      }
    }
  }
  // Optional (older snapshots lack them): then orphan and listener TIME_WAIT counts are unknown.
  if (const json* orphaned = c.member(j, "/sockets", "orphaned", false)) {
    s.details_known = true;
    if (c.expect(*orphaned, "/sockets/orphaned", orphaned->is_object(), "an object of state -> count")) {
      for (const auto& [name, value] : orphaned->items()) {
        uint64_t n;
        if (c.unsigned_int(value, ptr("/sockets/orphaned", name), n)) s.orphaned[name] = n;
      }
    }
  }
  if (const json* groups = c.member(j, "/sockets", "peer_groups", false)) {
    c.unsigned_int(*groups, "/sockets/peer_groups", s.peer_groups);
  } else {
    s.peer_groups = s.peers.size();
  }
  auto counts = [&](const json* m, const std::string& at, std::map<std::string, uint64_t>& out) {
    if (!m || !c.expect(*m, at, m->is_object(), "an object of state -> count")) return false;
    for (const auto& [name, value] : m->items()) {
      uint64_t n;
      if (c.unsigned_int(value, ptr(at, name), n)) out[name] = n;
    }
    return true;
  };
  auto uint_field = [&](const json& obj, const std::string& at, const char* name, uint64_t& out) {
    const json* v = c.member(obj, at, name, true);
    return v && c.unsigned_int(*v, at + "/" + name, out);
  };
  auto num_field = [&](const json& obj, const std::string& at, const char* name, double& out) {
    const json* v = c.member(obj, at, name, true);
    return v && c.number(*v, at + "/" + name, out);
  };
  auto process = [&](const json& obj, const std::string& at, std::optional<ProcessRef>& out) {
    return read_process(c, obj, at, "process", out);
  };
  auto array = [&](const char* name) -> const json* {
    const json* a = c.member(j, "/sockets", name, true);
    if (!a || !c.expect(*a, std::string("/sockets/") + name, a->is_array(), "an array")) return nullptr;
    return a;
  };
  bool accepted_in_all = true;
  // Listeners: required from v2; a v1 snapshot may carry them with its census details.
  s.listeners_known = version >= 2 || c.member(j, "/sockets", "listeners", false);
  if (const json* a = s.listeners_known ? array("listeners") : nullptr) {
    for (size_t i = 0; i < a->size(); ++i) {
      const json& d = (*a)[i];
      const std::string at = "/sockets/listeners/" + std::to_string(i);
      if (!c.expect(d, at, d.is_object(), "an object")) continue;
      Listener l;
      bool ok = c.string(c.member(d, at, "local", true), at + "/local", l.local);
      ok = uint_field(d, at, "queue", l.queue) && ok;
      if (const json* b = c.member(d, at, "backlog", true); b && !b->is_null()) {
        uint64_t v;
        if (c.unsigned_int(*b, at + "/backlog", v)) l.backlog = v;
        else ok = false;
      }
      ok = uint_field(d, at, "syn_recv", l.syn_recv) && ok;
      if (s.details_known) ok = uint_field(d, at, "time_wait", l.time_wait) && ok;
      if (d.contains("peak_queue")) {
        uint64_t peak = 0;
        if (uint_field(d, at, "peak_queue", peak)) l.peak_queue = peak;
        else ok = false;
      }
      ok = process(d, at, l.process) && ok;
      accepted_in_all = accepted_in_all && d.contains("accepted");
      if (d.contains("accepted")) ok = uint_field(d, at, "accepted", l.accepted) && ok;
      if (ok) s.listeners.push_back(std::move(l));
    }
  }
  // Older snapshots did not count accepted connections: unknown then, not zero.
  s.accepted_known = accepted_in_all;
  if (const json* a = c.member(j, "/sockets", "programs", false);
      a && c.expect(*a, "/sockets/programs", a->is_array(), "an array")) {
    s.programs_known = true;
    for (size_t i = 0; i < a->size(); ++i) {
      const json& d = (*a)[i];
      const std::string at = "/sockets/programs/" + std::to_string(i);
      if (!c.expect(d, at, d.is_object(), "an object")) continue;
      ProgramSockets g;
      bool ok = c.string(c.member(d, at, "comm", true), at + "/comm", g.comm);
      int64_t pid = 0;
      const json* pj = c.member(d, at, "pid", true);
      ok = pj && c.integer(*pj, at + "/pid", pid) && ok;
      g.pid = static_cast<int>(pid);
      ok = uint_field(d, at, "processes", g.processes) && ok;
      if (const json* l = c.member(d, at, "listening", true);
          l && c.expect(*l, at + "/listening", l->is_array(), "an array of addr:port")) {
        for (size_t k = 0; k < l->size(); ++k) {
          std::string e;
          if (c.string(&(*l)[k], at + "/listening/" + std::to_string(k), e)) g.listening.push_back(e);
          else ok = false;
        }
      } else {
        ok = false;
      }
      ok = uint_field(d, at, "accepted", g.accepted) && ok;
      ok = uint_field(d, at, "connected", g.connected) && ok;
      ok = uint_field(d, at, "upstreams", g.upstreams) && ok;
      if (const json* u = c.member(d, at, "upstream", true); u && !u->is_null())
        ok = c.string(u, at + "/upstream", g.upstream) && ok;
      ok = uint_field(d, at, "upstream_connected", g.upstream_connected) && ok;
      if (ok) s.programs.push_back(std::move(g));
    }
  }
  if (version < 2) return;
  if (const json* out = c.member(j, "/sockets", "outgoing", true); out && !out->is_null())
    s.direction_known = counts(out, "/sockets/outgoing", s.outgoing);
  if (const json* a = array("destinations")) {
    for (size_t i = 0; i < a->size(); ++i) {
      const json& d = (*a)[i];
      const std::string at = "/sockets/destinations/" + std::to_string(i);
      if (!c.expect(d, at, d.is_object(), "an object")) continue;
      DestinationGroup g;
      bool ok = c.string(c.member(d, at, "remote", true), at + "/remote", g.remote);
      ok = c.string(c.member(d, at, "family", true), at + "/family", g.family) && ok;
      ok = uint_field(d, at, "total", g.total) && ok;
      ok = counts(c.member(d, at, "states", true), at + "/states", g.states) && ok;
      ok = uint_field(d, at, "sources", g.sources) && ok;
      ok = c.string(c.member(d, at, "busiest_source", true), at + "/busiest_source", g.busiest_source) && ok;
      ok = uint_field(d, at, "busiest_total", g.busiest_total) && ok;
      ok = counts(c.member(d, at, "busiest_states", true), at + "/busiest_states", g.busiest_states) && ok;
      ok = num_field(d, at, "port_share", g.port_share) && ok;
      ok = read_owner(c, d, at, g.owner, g.owner_established, s.owners_counted) && ok;
      if (ok) s.destinations.push_back(std::move(g));
    }
  }
  if (const json* n = c.member(j, "/sockets", "destination_groups", false)) c.unsigned_int(*n, "/sockets/destination_groups", s.destination_groups);
  if (const json* a = array("sources")) {
    for (size_t i = 0; i < a->size(); ++i) {
      const json& d = (*a)[i];
      const std::string at = "/sockets/sources/" + std::to_string(i);
      if (!c.expect(d, at, d.is_object(), "an object")) continue;
      SourceAddress g;
      bool ok = c.string(c.member(d, at, "local", true), at + "/local", g.local);
      ok = c.string(c.member(d, at, "family", true), at + "/family", g.family) && ok;
      ok = uint_field(d, at, "sockets", g.sockets) && ok;
      ok = counts(c.member(d, at, "states", true), at + "/states", g.states) && ok;
      ok = uint_field(d, at, "ports", g.ports) && ok;
      ok = uint_field(d, at, "destinations", g.destinations) && ok;
      ok = num_field(d, at, "port_share", g.port_share) && ok;
      ok = uint_field(d, at, "bind_parity_ports", g.bind_parity_ports) && ok;
      ok = uint_field(d, at, "busiest_destination", g.busiest_destination) && ok;
      if (ok) s.sources.push_back(std::move(g));
    }
  }
  if (const json* a = array("close_wait")) {
    for (size_t i = 0; i < a->size(); ++i) {
      const json& d = (*a)[i];
      const std::string at = "/sockets/close_wait/" + std::to_string(i);
      if (!c.expect(d, at, d.is_object(), "an object")) continue;
      CloseWaitGroup g;
      bool ok = c.string(c.member(d, at, "local", true), at + "/local", g.local);
      ok = uint_field(d, at, "count", g.count) && ok;
      ok = process(d, at, g.process) && ok;
      if (ok) s.close_wait.push_back(std::move(g));
    }
  }
  c.string(c.member(j, "/sockets", "processes", false), "/sockets/processes", s.processes);
}

void read_diagnostics(Checker& c, const json& j, HostState& host) {
  if (!c.expect(j, "/diagnostics", j.is_array(), "an array")) return;
  for (size_t i = 0; i < j.size(); ++i) {
    const json& d = j[i];
    const std::string at = "/diagnostics/" + std::to_string(i);
    if (!c.expect(d, at, d.is_object(), "an object")) continue;
    Diagnostic out;
    std::string severity;
    if (c.string(c.member(d, at, "severity", false), at + "/severity", severity)) {
      if (auto s = parse_severity(severity)) out.severity = *s;
      else c.fail(at + "/severity", diag::kSnapshotBadValue, "expected error, warning, notice or info, found \"" + severity + "\"");
    }
    c.string(c.member(d, at, "code", false), at + "/code", out.code);
    c.string(c.member(d, at, "file", false), at + "/file", out.where.file);
    c.string(c.member(d, at, "message", true), at + "/message", out.message);
    int64_t n;
    if (const json* line = c.member(d, at, "line", false); line && c.integer(*line, at + "/line", n)) out.where.line = static_cast<int>(n);
    if (const json* col = c.member(d, at, "col", false); col && c.integer(*col, at + "/col", n)) out.where.col = static_cast<int>(n);
    host.diagnostics.push_back(std::move(out));
  }
}

}  // namespace

std::optional<Snapshot> snapshot_from_json(const json& doc, const std::string& file, std::vector<Diagnostic>& errors) {
  Checker c(file, errors);
  if (!doc.is_object()) {
    c.fail("", diag::kSnapshotWrongType, "expected a snapshot object, found " + Checker::kind(doc));
    return std::nullopt;
  }
  std::string schema;
  if (!c.string(c.member(doc, "", "schema", true), "/schema", schema)) return std::nullopt;
  int version = schema_version(schema);
  if (version == 0) {
    c.fail("/schema", diag::kSnapshotNotASnapshot,
           "\"" + schema + "\" is not a snapshot schema; expected \"" + kSnapshotSchema + "\"");
    return std::nullopt;
  }
  if (version > kSnapshotVersion) {
    c.fail("/schema", diag::kSnapshotNewerSchema,
           "\"" + schema + "\" is newer than this sysctl-advisor reads (\"" + kSnapshotSchema +
               "\"); upgrade sysctl-advisor or take the snapshot with the same version");
    return std::nullopt;
  }

  Snapshot snap;
  HostState& host = snap.host;
  c.string(c.member(doc, "", "kernel", true), "/kernel", host.kernel);
  c.string(c.member(doc, "", "hostname", false), "/hostname", host.hostname);
  c.string(c.member(doc, "", "root", false), "/root", host.root);
  c.string(c.member(doc, "", "taken_at", false), "/taken_at", host.taken_at);
  if (const json* j = c.member(doc, "", "netns", false)) {
    if (c.expect(*j, "/netns", j->is_object(), "an object {\"target\", \"inode\"}")) {
      c.string(c.member(*j, "/netns", "target", false), "/netns/target", host.netns_target);
      if (const json* i = c.member(*j, "/netns", "inode", false)) c.unsigned_int(*i, "/netns/inode", host.netns_inode);
    }
  }
  if (const json* j = c.member(doc, "", "sysctl", true)) read_sysctl(c, *j, host);
  if (const json* j = c.member(doc, "", "counters", true)) read_counters(c, *j, "/counters", host.counters);
  if (const json* j = c.member(doc, "", "rates", false)) read_rates(c, *j, host);
  if (const json* j = c.member(doc, "", "sample_seconds", false)) c.number(*j, "/sample_seconds", host.sample_seconds);
  if (const json* j = c.member(doc, "", "sockstat", false)) read_sockstat(c, *j, host);
  if (const json* j = c.member(doc, "", "initial_netns", false)) {
    if (c.expect(*j, "/initial_netns", j->is_boolean(), "a boolean")) host.initial_netns = j->get<bool>();
  }
  if (const json* j = c.member(doc, "", "conntrack", false)) read_conntrack(c, *j, host);
  if (const json* j = c.member(doc, "", "usable_local_ports", false)) c.unsigned_int(*j, "/usable_local_ports", host.usable_local_ports);
  if (const json* j = c.member(doc, "", "sockets", true)) read_sockets(c, *j, host, version);
  if (const json* j = c.member(doc, "", "diagnostics", false)) read_diagnostics(c, *j, host);
  if (const json* j = c.member(doc, "", "config", false)) {
    if (c.expect(*j, "/config", j->is_object() || j->is_null(), "an object (the configuration model) or null")) snap.config = *j;
  }
  if (c.failures() > 0) return std::nullopt;
  return snap;
}

std::optional<Snapshot> read_snapshot(const std::filesystem::path& path, std::vector<Diagnostic>& errors) {
  // Snapshots come from other hosts: a regular file of at most kMaxDocumentBytes, never a FIFO.
  std::string text;
  ReadResult r = read_regular_file("/", path, kMaxDocumentBytes, text);
  if (!r.ok) {
    Diagnostic d;
    d.code = diag::kSnapshotUnreadable;
    d.where = {path.string(), 0, 0};
    d.message = "cannot read the snapshot file: " + r.why;
    errors.push_back(d);
    return std::nullopt;
  }
  json doc;
  JsonError je;
  if (!parse_json(text, doc, je)) {
    Diagnostic d;
    d.code = diag::kSnapshotNotJson;
    d.where = {path.string(), je.line, je.col};
    d.message = je.message;
    errors.push_back(d);
    return std::nullopt;
  }
  return snapshot_from_json(doc, path.string(), errors);
}

}  // namespace sa::live
