// The rule language's functions: each implementation, then the table that names them.
#include "advisor/engine/functions.h"

#include "advisor/engine/census_functions.h"
#include "advisor/engine/conntrack_functions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdio>
#include <sstream>
#include <unordered_map>

#include "advisor/engine/evaluator.h"
#include "advisor/live/port_range.h"

namespace sa::engine {

Value Call::arg(size_t i) const { return eval(*expr.args[i], facts, profile); }

namespace {

using K = Value::Kind;

Value live_sysctl(const Call& c) { return sysctl_value(c.text(0), c.facts); }
Value configured(const Call& c) { return configured_value(c.text(0), c.facts); }

Value is_configured(const Call& c) {
  const config::EffectiveKey* k = c.facts.config ? c.facts.config->find(c.text(0)) : nullptr;
  return Value::boolean(k && !k->excluded);
}

Value value(const Call& c) { return key_value(c.text(0), c.facts); }

Value catalog_default(const Call& c) {
  const std::string& key = c.text(0);
  const KeyInfo* info = c.facts.catalog ? c.facts.catalog->find(key) : nullptr;
  if (!info) return Value::unknown("the catalog has no default for " + key);
  auto d = default_for(*info, c.facts.kernel);
  if (!d) return Value::unknown("the catalog has no default for " + key);
  return Value::from_sysctl(*d);
}

Value exists(const Call& c) {
  const std::string& key = c.text(0);
  const Facts& f = c.facts;
  if (auto global = global_key_elsewhere(key, f)) return Value::unknown(*global);
  if (f.host) {
    const live::SysctlValue* v = f.host->value(key);
    return Value::boolean(v && v->status != live::SysctlValue::Status::absent);
  }
  const KeyInfo* info = f.catalog ? f.catalog->find(key) : nullptr;
  if (f.kernel.empty()) return Value::unknown(kNeedsKernel);
  if (!info) return Value::unknown("the catalog does not know " + key);
  auto e = exists_on(*info, f.kernel);
  if (!e) return Value::unknown("the catalog does not say which kernels have " + key);
  return Value::boolean(*e);
}

Value field(const Call& c) {
  Value v = key_value(c.text(0), c.facts);
  if (v.is_unknown()) return v;
  Value idx = c.arg(1);
  if (idx.is_unknown()) return idx;
  auto n = as_number(idx);
  std::istringstream in(plain(v));
  std::string item;
  for (int i = 0; in >> item; ++i)
    if (n && i == static_cast<int>(*n)) return Value::from_sysctl(item);
  return Value::unknown(c.text(0) + " has no field " + render(idx));
}

// Why a counter is absent. Its file (/proc/net/netstat holds the *Ext groups, /proc/net/snmp the
// others) may not have been read, which the reader noted as a diagnostic (a --root copy without
// it, or a snapshot of such a host): then the kernel was never asked, and saying it does not report
// the counter would be a false reason.
Value counter_absent(const Facts& f, const std::string& name) {
  std::string group = name.substr(0, name.find('.'));
  const std::string file = group.size() > 3 && group.compare(group.size() - 3, 3, "Ext") == 0 ? "/proc/net/netstat" : "/proc/net/snmp";
  for (const auto& d : f.host->diagnostics)
    if ((d.code == diag::kProcFileMissing || d.code == diag::kProcFileUnreadable) && d.where.file.size() >= file.size() &&
        d.where.file.compare(d.where.file.size() - file.size(), file.size(), file) == 0)
      return Value::unknown("counter " + name + " is unknown: " + file + " could not be read");
  return Value::unknown("counter " + name + " is not reported by this kernel");
}

Value counter(const Call& c) {
  if (!c.facts.host) return Value::unknown(kNeedsLive);
  auto it = c.facts.host->counters.find(c.text(0));
  if (it == c.facts.host->counters.end()) return counter_absent(c.facts, c.text(0));
  return Value::number(static_cast<double>(it->second));
}

Value rate(const Call& c) {
  if (!c.facts.host) return Value::unknown(kNeedsLive);
  if (!c.facts.host->rates) return Value::unknown(kNeedsSample);
  auto it = c.facts.host->rates->find(c.text(0));
  if (it == c.facts.host->rates->end()) return counter_absent(c.facts, c.text(0));
  return Value::number(it->second);
}

Value sample_seconds(const Call& c) {
  if (!c.facts.host) return Value::unknown(kNeedsLive);
  if (!c.facts.host->rates || c.facts.host->sample_seconds <= 0) return Value::unknown(kNeedsSample);
  return Value::number(c.facts.host->sample_seconds);
}

Value sockstat(const Call& c) {
  if (!c.facts.host) return Value::unknown(kNeedsLive);
  const std::string& what = c.text(0);
  size_t dot = what.find('.');
  auto line = c.facts.host->sockstat.find(what.substr(0, dot));
  if (line != c.facts.host->sockstat.end()) {
    auto it = line->second.find(what.substr(dot + 1));
    if (it != line->second.end()) return Value::number(static_cast<double>(it->second));
  }
  return Value::unknown("sockstat has no " + what);
}

bool census_known(const Facts& f) { return f.host && f.host->sockets.known; }

Value census_needs(const Facts& f) {
  if (!f.host) return Value::unknown(kNeedsLive);
  return Value::unknown("the socket census could not be read");
}

Value sockets(const Call& c) {
  const Facts& f = c.facts;
  const std::string& state = c.text(0);
  if (!f.host) return Value::unknown(kNeedsLive);
  const auto& census = f.host->sockets;
  if (census.known) {
    auto it = census.states.find(state);
    return Value::number(it == census.states.end() ? 0 : static_cast<double>(it->second));
  }
  if (state == "time-wait") {
    auto line = f.host->sockstat.find("TCP");
    if (line != f.host->sockstat.end()) {
      auto tw = line->second.find("tw");
      if (tw != line->second.end()) return Value::number(static_cast<double>(tw->second));
    }
  }
  return census_needs(f);
}

Value usable_ports(const Facts& f);

Value is_loopback(const Call& c) {
  // tcp_tw_reuse=2 reuses a TIME_WAIT port when its destination or source address is loopback
  // (tcp_twsk_unique(): ipv4_is_loopback, ipv6_addr_loopback, ipv6_addr_v4mapped_loopback): a rule must know whether the
  // congested upstream is such a destination. The census prints IPv4-mapped addresses as IPv4.
  Value v = c.arg(0);
  if (v.is_unknown()) return v;
  std::string s = plain(v);
  return Value::boolean(s.rfind("127.", 0) == 0 || s.rfind("[::1]", 0) == 0 || s == "::1");
}

constexpr const char* kNeedsPortRange = "needs net.ipv4.ip_local_port_range (live or configured)";

std::optional<live::PortRange> port_range(const Facts& f) {
  Value v = key_value("net.ipv4.ip_local_port_range", f);
  if (v.is_unknown()) return std::nullopt;
  return live::parse_port_range(plain(v));
}

// Offline (a snapshot without the figure, or configured values) the same count as the live
// reader: live::usable_local_ports, the kernel's even rounding and overlapping reserved ranges.
Value usable_ports(const Facts& f) {
  if (f.host && f.host->usable_local_ports > 0) return Value::number(static_cast<double>(f.host->usable_local_ports));
  auto range = port_range(f);
  if (!range) return Value::unknown(kNeedsPortRange);
  std::vector<live::PortRange> reserved;
  Value r = key_value("net.ipv4.ip_local_reserved_ports", f);
  if (!r.is_unknown())
    if (auto parsed = live::parse_reserved_ports(plain(r))) reserved = std::move(*parsed);
  return Value::number(static_cast<double>(live::usable_local_ports(*range, reserved)));
}

Value usable_ports_fn(const Call& c) { return usable_ports(c.facts); }

Value port_low(const Call& c) {
  auto range = port_range(c.facts);
  return range ? Value::number(range->low) : Value::unknown(kNeedsPortRange);
}

Value port_high(const Call& c) {
  auto range = port_range(c.facts);
  return range ? Value::number(range->high) : Value::unknown(kNeedsPortRange);
}

Value percent(const Call& c) {
  Value v = c.arg(0);
  if (v.is_unknown()) return v;
  auto x = as_number(v);
  if (!x) return Value::unknown("'" + render(v) + "' is not a number");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%%", *x * 100);
  return Value::string(buf);
}

template <bool kMin>
Value extreme(const Call& c) {
  Value a = c.arg(0), b = c.arg(1);
  if (a.is_unknown()) return a;
  if (b.is_unknown()) return b;
  auto x = as_number(a), y = as_number(b);
  if (!x || !y) return Value::unknown(c.expr.text + "() needs numbers");
  return Value::number(kMin ? std::min(*x, *y) : std::max(*x, *y));
}

Value abs_fn(const Call& c) {
  Value v = c.arg(0);
  if (v.is_unknown()) return v;
  auto x = as_number(v);
  if (!x) return Value::unknown("'" + render(v) + "' is not a number");
  return Value::number(std::fabs(*x));
}

Value orphaned(const Call& c) {
  const Facts& f = c.facts;
  if (!census_known(f)) return census_needs(f);
  if (!f.host->sockets.details_known) return Value::unknown(kNoCensusDetails);
  auto it = f.host->sockets.orphaned.find(c.text(0));
  return Value::number(it == f.host->sockets.orphaned.end() ? 0 : static_cast<double>(it->second));
}

// The destination whose sockets hold the most local ports, every state summed: the budget of a
// (local addr, remote addr:port) is spent by any socket on the tuple (__inet_check_established()).
// From the census's destinations (i11): the busiest source's sockets, as the kernel budgets them.
// Snapshots without destinations (v1): every source summed per remote, from the peer groups.
struct Destination {
  std::string remote;
  uint64_t count = 0;
  std::map<std::string, uint64_t> states;
  double share = -1;  // < 0: count / usable ports
  std::optional<live::ProcessRef> owner;
  uint64_t owner_established = 0;
};
Destination top_destination(const Facts& f) {
  const live::SocketCensus& s = f.host->sockets;
  Destination best;
  if (s.direction_known) {
    for (const auto& d : s.destinations)  // sorted: busiest source's total first
      if (d.busiest_total > best.count)
        best = {d.remote, d.busiest_total, d.busiest_states, d.port_share, d.owner, d.owner_established};
    return best;
  }
  std::map<std::string, std::map<std::string, uint64_t>> sums;
  for (const auto& p : s.peers) sums[p.remote][p.state] += p.count;
  for (const auto& [remote, states] : sums) {
    uint64_t n = 0;
    for (const auto& [state, k] : states) n += k;
    if (n > best.count) best = {remote, n, states, -1, std::nullopt, 0};
  }
  return best;
}

Value top_dest(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  Destination d = top_destination(c.facts);
  return d.count ? Value::string(d.remote) : Value::unknown("no sockets towards any destination");
}

Value top_dest_count(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  return Value::number(static_cast<double>(top_destination(c.facts).count));
}

Value top_dest_in(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  Destination d = top_destination(c.facts);
  auto it = d.states.find(c.text(0));
  return Value::number(it == d.states.end() ? 0 : static_cast<double>(it->second));
}

Value top_dest_owner(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  Destination d = top_destination(c.facts);
  if (!d.count) return Value::unknown("no sockets towards any destination");
  return Value::string(connection_owner_text(c.facts.host->sockets, d.owner, d.owner_established));
}

Value top_dest_owner_count(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  Destination d = top_destination(c.facts);
  if (c.facts.host->sockets.owners_counted) return Value::number(static_cast<double>(d.owner_established));
  // Not attributed (an older snapshot): every ESTABLISHED socket there is the unidentified owner's.
  auto it = d.states.find("established");
  return Value::number(it == d.states.end() ? 0 : static_cast<double>(it->second));
}

Value dest_share(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  Destination d = top_destination(c.facts);
  if (d.share >= 0) return Value::number(d.share);
  Value ports = usable_ports(c.facts);
  if (ports.kind != K::number || ports.n <= 0) return Value::number(0);
  return Value::number(static_cast<double>(d.count) / ports.n);
}

// Listener facts need a census that lists listeners (v2, i11's) or, for TIME_WAIT on their ports,
// one with the details (orphans and listener TIME_WAIT; older snapshots have neither).
const std::vector<live::Listener>* listeners(const Facts& f, Value* unknown, bool need_time_wait = false) {
  if (!census_known(f)) {
    *unknown = census_needs(f);
    return nullptr;
  }
  if (need_time_wait ? !f.host->sockets.details_known || !f.host->sockets.listeners_known
                     : !f.host->sockets.listeners_known) {
    *unknown = Value::unknown(kNoCensusDetails);
    return nullptr;
  }
  return &f.host->sockets.listeners;
}

const live::Listener* most_syn_recv(const std::vector<live::Listener>& ls) {
  const live::Listener* top = nullptr;
  for (const auto& l : ls)
    if (l.syn_recv > 0 && (!top || l.syn_recv > top->syn_recv)) top = &l;
  return top;
}

Value syn_recv_listener(const Call& c) {
  Value u = Value::unknown("");
  const auto* ls = listeners(c.facts, &u);
  if (!ls) return u;
  const live::Listener* top = most_syn_recv(*ls);
  // Quoted in reasons whether or not a flood is on now: say so rather than "unknown".
  return Value::string(top ? top->local : "none now (no listener holds SYN_RECV sockets)");
}

Value syn_recv_count(const Call& c) {
  Value u = Value::unknown("");
  const auto* ls = listeners(c.facts, &u);
  if (!ls) return u;
  const live::Listener* top = most_syn_recv(*ls);
  return Value::number(top ? static_cast<double>(top->syn_recv) : 0);
}

Value listener_time_wait(const Call& c) {
  Value u = Value::unknown("");
  const auto* ls = listeners(c.facts, &u, true);
  if (!ls) return u;
  // Per port: an IPv4 and an IPv6 listener on one port see the same TIME_WAIT sockets.
  std::map<std::string, uint64_t> by_port;
  for (const auto& l : *ls) by_port[port_of(l.local)] = l.time_wait;
  double n = 0;
  for (const auto& [port, tw] : by_port) n += static_cast<double>(tw);
  return Value::number(n);
}

Value capped_listeners(const Call& c) {
  Value u = Value::unknown("");
  const auto* ls = listeners(c.facts, &u);
  if (!ls) return u;
  Value cap = sysctl_value("net.core.somaxconn", c.facts);
  if (cap.kind != K::number) return Value::unknown("needs the live net.core.somaxconn");
  double n = 0;
  bool any_backlog = false;
  for (const auto& l : *ls) {
    if (!l.backlog) continue;
    any_backlog = true;
    n += static_cast<double>(*l.backlog) >= cap.n;
  }
  if (!any_backlog && !ls->empty()) return Value::unknown("listen backlogs need the netlink census");
  return Value::number(n);
}

using A = ArgKind;

}  // namespace

const std::vector<FunctionSpec>& functions() {
  static const std::vector<FunctionSpec> kFunctions = {
      // name, arguments, usage, value, unknown when, implementation
      {"sysctl", {A::key}, "sysctl(\"k\")", "live value", "offline (check), or key absent", live_sysctl},
      {"exists", {A::key}, "exists(\"k\")",
       "key exists on the live kernel (offline: per catalog for the target kernel)", "catalog silent, offline", exists},
      {"configured", {A::key}, "configured(\"k\")", "effective configured value", "key not configured", configured},
      {"is_configured", {A::key}, "is_configured(\"k\")", "whether a configuration file sets the key", "never",
       is_configured},
      {"is_loopback", {A::any}, "is_loopback(s)",
       "whether an `addr:port` (e.g. `top_peer(...)`) is on 127.0.0.0/8 or ::1 (where `tcp_tw_reuse=2` already reuses)",
       "argument unknown", is_loopback},
      {"value", {A::key}, "value(\"k\")", "live value, else configured value, else catalog default for the kernel",
       "none of those known", value},
      {"default", {A::key}, "default(\"k\")", "catalog default for the kernel", "catalog silent", catalog_default},
      {"counter", {A::counter}, "counter(\"TcpExt.X\")", "counter since boot", "counter missing / offline", counter},
      {"rate", {A::counter}, "rate(\"TcpExt.X\")", "per second over `--sample`", "not sampled", rate},
      {"sample_seconds", {}, "sample_seconds()", "how long `--sample` measured, in seconds (the interval of every rate)",
       "not sampled", sample_seconds},
      {"sockets", {A::state}, "sockets(\"time-wait\")", "census count in that state", "offline", sockets},
      // The census at the kernel's granularity (census_functions.cc): per (source address,
      // destination), per source address, listeners, CLOSE_WAIT owners.
      {"top_peer", {A::state}, "top_peer(\"time-wait\")",
       "remote `addr:port` under the most pressure: the one whose busiest source address holds the most sockets in that state",
       "offline, census unreadable, or no group", census_call},
      {"top_peer_count", {A::state}, "top_peer_count(s)",
       "sockets in state s towards `top_peer(s)`, from every source address (0 when none)", "offline, census unreadable",
       census_call},
      {"top_peer_share", {A::state}, "top_peer_share(s)",
       "the busiest source address's sockets in state s towards `top_peer(s)` / usable local ports: 0..1, never above one range (each source address has its own budget, `__inet_hash_connect()`)",
       "offline, census unreadable", census_call},
      {"top_peer_source", {A::state}, "top_peer_source(s)", "that busiest source (local) address",
       "as above, no group, or a v1 snapshot (sources not recorded)", census_call},
      {"top_peer_source_count", {A::state}, "top_peer_source_count(s)",
       "its sockets in state s towards `top_peer(s)` (0 when none)", "offline, census unreadable", census_call},
      {"top_peer_owner", {A::state}, "top_peer_owner(s)",
       "who holds connections from `top_peer_source(s)` towards `top_peer(s)` now: the process with the most ESTABLISHED sockets there, `\"nginx (pid 812)\"` (by socket inode, as `ss -p`), `\"an unidentified process\"` (processes unknown: `--root`, not root, older snapshot) or `\"no process\"`. TIME_WAIT sockets have no owner: for `\"time-wait\"` it is who connects there now, not who closed them",
       "offline, census unreadable, or no group", census_call},
      {"top_peer_owner_count", {A::state}, "top_peer_owner_count(s)",
       "that process's ESTABLISHED sockets from `top_peer_source(s)` towards `top_peer(s)` (unidentified: all of them; 0 when none)",
       "offline, census unreadable, snapshot without owners", census_call},
      {"top_peer_sources", {A::state}, "top_peer_sources(s)",
       "how many source addresses hold sockets in state s towards `top_peer(s)`",
       "as above, no group, or a v1 snapshot", census_call},
      {"peers", {A::state}, "peers(s)", "how many distinct remote `addr:port` groups have sockets in state s",
       "offline, census unreadable", census_call},
      {"top_source", {}, "top_source()",
       "the local address holding the most distinct local ports (connect side, every state)",
       "offline, census unreadable, v1 snapshot, or no connect-side socket", census_call},
      {"top_source_ports", {}, "top_source_ports()",
       "those distinct ports: what `bind(addr, 0)` before `connect()` draws from (`inet_csk_get_port()`)",
       "offline, census unreadable, v1 snapshot", census_call},
      {"top_source_share", {}, "top_source_share()", "`top_source_ports()` / usable local ports (0..1)",
       "offline, census unreadable, v1 snapshot", census_call},
      {"top_source_destinations", {}, "top_source_destinations()",
       "how many remote `addr:port` groups `top_source()` holds ports towards", "offline, census unreadable, v1 snapshot",
       census_call},
      {"top_source_bind_parity_share", {}, "top_source_bind_parity_share()",
       "of `top_source_ports()`, the share of the parity `bind()` picks first (opposite to the range's low end; `connect()` starts on the low end's): about 0 for `connect()` clients, 0.5 or more for clients that `bind()` first",
       "offline, census unreadable, v1 snapshot", census_call},
      {"top_source_max_destination_share", {}, "top_source_max_destination_share()",
       "`top_source()`'s sockets towards its busiest destination / usable local ports (0..1)",
       "as above, or usable ports unknown", census_call},
      {"outgoing", {A::state}, "outgoing(s)",
       "sockets in state s on a local port inside `ip_local_port_range` (this host connected)",
       "offline, census unreadable; v1 snapshot: except `time-wait`/`established` with an uncut peer list", census_call},
      {"incoming", {A::state}, "incoming(s)",
       "sockets in state s on a local port outside `ip_local_port_range` (accepted, listening)", "as `outgoing`",
       census_call},
      {"listeners", {}, "listeners()", "number of listening sockets", "offline, census unreadable", census_call},
      {"listener_backlogs_known", {}, "listener_backlogs_known()",
       "whether listener backlogs are known (netlink: yes; `/proc/net/tcp`: no)", "offline, census unreadable",
       census_call},
      {"full_listener", {}, "full_listener()",
       "`addr:port` of the fullest listener (accept queue / backlog; with `--sample`, the fullest seen during the sample)",
       "no listener", census_call},
      {"full_listener_queue", {}, "full_listener_queue()",
       "its accept queue (`ss -ltn` Recv-Q): now, or with `--sample` the longest seen during the sample", "no listener",
       census_call},
      {"full_listener_seen", {}, "full_listener_seen()",
       "`\" (the most seen during the 3.0 s sample; 0 at its start)\"` when the sample saw a longer queue than the first read, else `\"\"`",
       "no listener", census_call},
      {"full_listener_backlog", {}, "full_listener_backlog()",
       "its backlog, `min(listen() argument, somaxconn)` (`ss -ltn` Send-Q)", "no listener, or `/proc/net/tcp` census",
       census_call},
      {"full_listener_syn_recv", {}, "full_listener_syn_recv()", "handshakes in progress towards it", "no listener",
       census_call},
      {"full_listener_owner", {}, "full_listener_owner()",
       "`\"nginx (pid 812)\"` (by socket inode in /proc/PID/fd, live host as root), else `\"an unidentified process\"`",
       "no listener", census_call},
      {"close_wait_local", {}, "close_wait_local()",
       "local `addr:port` of the largest CLOSE_WAIT group by (address, port, process); `ADDR:*` on the connect side",
       "no CLOSE_WAIT socket", census_call},
      {"close_wait_count", {}, "close_wait_count()", "CLOSE_WAIT sockets in that group (0 when none)",
       "offline, census unreadable", census_call},
      {"close_wait_owner", {}, "close_wait_owner()", "its process, as `full_listener_owner()`", "no CLOSE_WAIT socket",
       census_call},
      // Direction and owners, for profile inference (program_functions.cc). A port or name list is
      // one string of words: "5432 3306", "nginx haproxy"; "*" matches any.
      {"accepted", {A::any}, "accepted(\"5432 3306\")",
       "ESTABLISHED sockets on listeners of those ports (accepted connections: they keep the listener's port); `\"*\"`: every listener",
       "offline, census unreadable, older snapshot", direction_call},
      {"outgoing_to", {A::any}, "outgoing_to(\"5432\")",
       "connect-side sockets of every state (this host opened them) towards those remote ports, from the largest 100 destinations",
       "offline, census unreadable, v1 snapshot", direction_call},
      {"port_in", {A::any, A::any}, "port_in(s, \"5432 3306\")", "whether the `addr:port` s has one of the ports",
       "argument unknown", port_in},
      {"program", {}, "program()",
       "during profile inference, the program (command name, as `ss -p`) looked at: one holding a listening socket, `\"postgres (pid 700, 5 processes)\"`",
       "processes unknown (`--root`, not root, older snapshot), outside inference", program_call},
      {"program_is", {A::any}, "program_is(\"nginx haproxy\")", "whether its command name is one of those",
       "as `program()`", program_call},
      {"program_listening", {}, "program_listening()", "its listeners, `\"0.0.0.0:5432, [::]:5432\"`", "as `program()`",
       program_call},
      {"program_listens_on", {A::any}, "program_listens_on(\"5432 3306\")", "whether one of its listeners has one of those ports",
       "as `program()`", program_call},
      {"program_listeners", {}, "program_listeners()", "how many listening sockets it holds", "as `program()`", program_call},
      {"program_accepted", {}, "program_accepted()",
       "ESTABLISHED sockets it holds on its listeners' ports: the clients it serves now", "as `program()`", program_call},
      {"program_connected", {}, "program_connected()",
       "connect-side ESTABLISHED sockets it holds: connections it opened (to upstreams, a database)", "as `program()`",
       program_call},
      {"program_upstreams", {}, "program_upstreams()", "how many remote `addr:port` those go to", "as `program()`",
       program_call},
      {"program_upstream", {}, "program_upstream()", "the remote `addr:port` it holds the most of them towards",
       "as `program()`, or it opened none", program_call},
      {"program_upstream_connected", {}, "program_upstream_connected()", "its connections there", "as `program()`",
       program_call},
      {"sockstat", {A::sockstat}, "sockstat(\"TCP.tw\")",
       "a `/proc/net/sockstat` figure: line `TCP`/`TCP6`/..., field `inuse`, `orphan`, `tw`, `alloc`, `mem`",
       "offline, or not reported", sockstat},
      {"usable_ports", {}, "usable_ports()",
       "ports connect() can pick: ip_local_port_range rounded down to an even count, less reserved ports",
       "offline and unconfigured", usable_ports_fn},
      {"port_low", {}, "port_low()", "low end of ip_local_port_range", "offline and unconfigured", port_low},
      {"port_high", {}, "port_high()", "high end of ip_local_port_range", "offline and unconfigured", port_high},
      {"field", {A::key, A::any}, "field(\"k\", n)", "nth (0-based) whitespace-separated number of a value",
       "as `value`", field},
      {"percent", {A::any}, "percent(x)", "formats a 0..1 share as `87.4%`", "argument unknown", percent},
      {"min", {A::any, A::any}, "min(a, b)", "the smaller of two numbers", "argument unknown", extreme<true>},
      {"max", {A::any, A::any}, "max(a, b)", "the larger of two numbers", "argument unknown", extreme<false>},
      {"abs", {A::any}, "abs(x)", "absolute value (a negative `tcp_ehash_entries` in a namespace sharing the initial table)",
       "argument unknown", abs_fn},
      {"orphaned", {A::state}, "orphaned(s)",
       "sockets in state s no process holds (no inode: closed by the application, or a TIME_WAIT mini-socket)",
       "offline, census unreadable, older snapshot", orphaned},
      {"top_dest", {}, "top_dest()",
       "remote `addr:port` whose sockets of every state hold the most local ports (`__inet_check_established()`)",
       "offline, census unreadable, or no group", top_dest},
      {"top_dest_count", {}, "top_dest_count()", "sockets of every state towards `top_dest()` from its busiest source address (v1 snapshots: all sources; 0 when none)",
       "offline, census unreadable", top_dest_count},
      {"top_dest_in", {A::state}, "top_dest_in(s)", "sockets in state s towards `top_dest()` from that busiest source address (v1 snapshots: all sources)",
       "offline, census unreadable", top_dest_in},
      {"top_dest_owner", {}, "top_dest_owner()", "who holds connections towards `top_dest()` from its busiest source address now, as `top_peer_owner(s)`",
       "offline, census unreadable, or no group", top_dest_owner},
      {"top_dest_owner_count", {}, "top_dest_owner_count()",
       "its ESTABLISHED sockets there, as `top_peer_owner_count(s)` (snapshots without owners: every ESTABLISHED socket there)",
       "offline, census unreadable", top_dest_owner_count},
      {"dest_share", {}, "dest_share()", "`top_dest_count()`'s share of the usable local ports",
       "offline, census unreadable", dest_share},
      {"syn_recv_listener", {}, "syn_recv_listener()",
       "local `addr:port` of the listener holding the most SYN_RECV sockets, or `none now (...)`",
       "offline, census unreadable, older snapshot", syn_recv_listener},
      {"syn_recv_count", {}, "syn_recv_count()", "that listener's SYN_RECV sockets (0 when none)",
       "offline, census unreadable, older snapshot", syn_recv_count},
      {"listener_time_wait", {}, "listener_time_wait()",
       "TIME_WAIT sockets on ports this host listens on: accepted connections it closed first",
       "offline, census unreadable, older snapshot", listener_time_wait},
      {"capped_listeners", {}, "capped_listeners()",
       "listeners whose backlog is at least `net.core.somaxconn` (cut by it in `__sys_listen()`)",
       "no backlogs (`/proc/net/tcp` census), offline", capped_listeners},
      // Connection tracking (conntrack_functions.cc): unknown, never 0, when nf_conntrack is not loaded.
      {"conntrack_count", {}, "conntrack_count()",
       "entries in this network namespace's conntrack table (`nf_conntrack_count`: per namespace)",
       "offline, conntrack not loaded", conntrack_call},
      {"conntrack_max", {}, "conntrack_max()",
       "`nf_conntrack_max`: one value for the machine, the limit each namespace's own count is held to (`__nf_conntrack_alloc()`)",
       "offline, conntrack not loaded", conntrack_call},
      {"conntrack_fill", {}, "conntrack_fill()", "`conntrack_count() / conntrack_max()` (0..1)",
       "offline, conntrack not loaded, `nf_conntrack_max` 0 (no limit)", conntrack_call},
      {"conntrack_buckets", {}, "conntrack_buckets()", "`nf_conntrack_buckets`, the hash table size (global)",
       "offline, conntrack not loaded", conntrack_call},
      {"conntrack_timeout", {A::conntrack_timeout}, "conntrack_timeout(\"established\")",
       "seconds an idle entry in that TCP state lives: `net.netfilter.nf_conntrack_tcp_timeout_<state>` (per namespace)",
       "offline, conntrack not loaded", conntrack_call},
      {"conntrack_stat", {A::conntrack_column}, "conntrack_stat(\"drop\")",
       "a column of `/proc/net/stat/nf_conntrack` summed over the CPUs, since boot, for this namespace (`drop`, `early_drop`, `insert_failed`, ...)",
       "offline, conntrack not loaded, column absent on this kernel, older snapshot", conntrack_call},
      {"conntrack_increase", {A::conntrack_column}, "conntrack_increase(\"drop\")",
       "how much that column rose during `--sample` (over `sample_seconds()`)", "not sampled, as `conntrack_stat`",
       conntrack_call},
      {"conntrack_rate", {A::conntrack_column}, "conntrack_rate(\"drop\")", "that rise per second",
       "not sampled, as `conntrack_stat`", conntrack_call},
  };
  return kFunctions;
}

const FunctionSpec* find_function(std::string_view name) {
  static const auto* kByName = [] {
    auto* m = new std::unordered_map<std::string_view, const FunctionSpec*>;
    for (const auto& f : functions()) m->emplace(f.name, &f);
    return m;
  }();
  auto it = kByName->find(name);
  return it == kByName->end() ? nullptr : it->second;
}

std::vector<std::string> function_names() {
  std::vector<std::string> out;
  for (const auto& f : functions()) out.push_back(f.name);
  return out;
}

std::string functions_markdown() {
  std::string out = "| function | value | unknown when |\n| --- | --- | --- |\n";
  for (const auto& f : functions()) out += std::string("| `") + f.usage + "` | " + f.value + " | " + f.unknown_when + " |\n";
  return out;
}

}  // namespace sa::engine
