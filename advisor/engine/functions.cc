// The rule language's functions: each implementation, then the table that names them.
#include "advisor/engine/functions.h"

#include <algorithm>
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

Value counter(const Call& c) {
  if (!c.facts.host) return Value::unknown(kNeedsLive);
  auto it = c.facts.host->counters.find(c.text(0));
  if (it == c.facts.host->counters.end()) return Value::unknown("counter " + c.text(0) + " is not reported by this kernel");
  return Value::number(static_cast<double>(it->second));
}

Value rate(const Call& c) {
  if (!c.facts.host) return Value::unknown(kNeedsLive);
  if (!c.facts.host->rates) return Value::unknown(kNeedsSample);
  auto it = c.facts.host->rates->find(c.text(0));
  if (it == c.facts.host->rates->end()) return Value::unknown("counter " + c.text(0) + " is not reported by this kernel");
  return Value::number(it->second);
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

// The largest per-destination group in a state; null when there is none.
const live::PeerGroup* largest_group(const Call& c) {
  const live::PeerGroup* best = nullptr;
  for (const auto& p : c.facts.host->sockets.peers)
    if (p.state == c.text(0) && (!best || p.count > best->count)) best = &p;
  return best;
}

bool census_known(const Facts& f) { return f.host && f.host->sockets.known; }

Value peers(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  double n = 0;
  for (const auto& p : c.facts.host->sockets.peers) n += p.state == c.text(0);
  return Value::number(n);
}

Value top_peer(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  const live::PeerGroup* p = largest_group(c);
  return p ? Value::string(p->remote) : Value::unknown("no " + c.text(0) + " sockets towards any peer");
}

Value top_peer_count(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  const live::PeerGroup* p = largest_group(c);
  return Value::number(p ? static_cast<double>(p->count) : 0);
}

Value usable_ports(const Facts& f);

Value top_peer_share(const Call& c) {
  if (!census_known(c.facts)) return census_needs(c.facts);
  const live::PeerGroup* p = largest_group(c);
  if (!p) return Value::number(0);
  if (p->port_share > 0) return Value::number(p->port_share);
  Value ports = usable_ports(c.facts);
  if (ports.kind == K::number && ports.n > 0) return Value::number(static_cast<double>(p->count) / ports.n);
  return Value::number(0);
}

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
      {"sockets", {A::state}, "sockets(\"time-wait\")", "census count in that state", "offline", sockets},
      {"top_peer", {A::state}, "top_peer(\"time-wait\")", "remote `addr:port` of the largest per-destination group",
       "offline, census unreadable, or no group", top_peer},
      {"top_peer_count", {A::state}, "top_peer_count(s)",
       "that group's socket count (0 when no socket is in state s)", "offline, census unreadable", top_peer_count},
      {"top_peer_share", {A::state}, "top_peer_share(s)",
       "that group's share of the usable local ports (0 when no socket is in state s)", "offline, census unreadable",
       top_peer_share},
      {"peers", {A::state}, "peers(s)", "how many distinct remote `addr:port` groups have sockets in state s",
       "offline, census unreadable", peers},
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
