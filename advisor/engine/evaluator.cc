#include "advisor/engine/evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "advisor/core/sysctl_key.h"
#include "advisor/engine/version.h"

namespace sa::engine {
namespace {

using K = Value::Kind;

// A number for arithmetic and ordering: numbers, booleans as 0/1, strings that hold one number.
std::optional<double> as_number(const Value& v) {
  if (v.kind == K::number) return v.n;
  if (v.kind == K::boolean) return v.b ? 1.0 : 0.0;
  if (v.kind == K::string) {
    Value parsed = Value::from_sysctl(v.s);
    if (parsed.kind == K::number) return parsed.n;
  }
  return std::nullopt;
}

Value truth(const Value& v) {
  if (v.kind == K::unknown || v.kind == K::boolean) return v;
  if (v.kind == K::number) return Value::boolean(v.n != 0);
  return Value::unknown("'" + render(v) + "' is not a truth value");
}

Value compare(Expr::Op op, const Value& a, const Value& b) {
  if (a.is_unknown()) return a;
  if (b.is_unknown()) return b;
  int c = 0;
  bool ordered = true;
  if (a.kind == K::version || b.kind == K::version) {
    c = compare_versions(plain(a), plain(b));
  } else if (auto x = as_number(a), y = as_number(b); x && y) {
    c = *x < *y ? -1 : (*x > *y ? 1 : 0);
  } else if (a.kind == K::string && b.kind == K::string) {
    std::string p = fold_whitespace(a.s), q = fold_whitespace(b.s);
    c = p.compare(q);
    c = c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else {
    ordered = false;
    c = 1;  // different kinds: not equal
  }
  switch (op) {
    case Expr::Op::eq: return Value::boolean(c == 0);
    case Expr::Op::ne: return Value::boolean(c != 0);
    default: break;
  }
  if (!ordered) return Value::unknown("cannot order '" + render(a) + "' against '" + render(b) + "'");
  switch (op) {
    case Expr::Op::lt: return Value::boolean(c < 0);
    case Expr::Op::le: return Value::boolean(c <= 0);
    case Expr::Op::gt: return Value::boolean(c > 0);
    case Expr::Op::ge: return Value::boolean(c >= 0);
    default: return Value::unknown("bad comparison");
  }
}

Value arithmetic(Expr::Op op, const Value& a, const Value& b) {
  if (a.is_unknown()) return a;
  if (b.is_unknown()) return b;
  auto x = as_number(a), y = as_number(b);
  if (!x) return Value::unknown("'" + render(a) + "' is not a number");
  if (!y) return Value::unknown("'" + render(b) + "' is not a number");
  switch (op) {
    case Expr::Op::add: return Value::number(*x + *y);
    case Expr::Op::sub: return Value::number(*x - *y);
    case Expr::Op::mul: return Value::number(*x * *y);
    case Expr::Op::div:
      if (*y == 0) return Value::unknown("division by zero");
      return Value::number(*x / *y);
    default: return Value::unknown("bad arithmetic");
  }
}

const std::string& arg_text(const Expr& call, size_t i) { return call.args[i]->text; }

Value live_sysctl(const std::string& key, const Facts& f) {
  if (!f.host) return Value::unknown(kNeedsLive);
  const live::SysctlValue* v = f.host->value(key);
  if (!v || v->status == live::SysctlValue::Status::absent) return Value::unknown(std::string(kKeyAbsent) + " (" + key + ")");
  if (v->status == live::SysctlValue::Status::unreadable) return Value::unknown(key + " is unreadable: " + v->value);
  return Value::from_sysctl(v->value);
}

Value configured_value(const std::string& key, const Facts& f) {
  if (!f.config) return Value::unknown("needs the configuration files");
  const config::EffectiveKey* k = f.config->find(key);
  if (!k || k->excluded) return Value::unknown(key + " is not configured");
  if (f.config->winner(*k).unknown_value) return Value::unknown(key + " is set from a template (" + std::string(k->value) + ")");
  return Value::from_sysctl(k->value);
}

Value catalog_default(const std::string& key, const Facts& f) {
  const KeyInfo* info = f.catalog ? f.catalog->find(key) : nullptr;
  if (!info) return Value::unknown("the catalog has no default for " + key);
  auto d = default_for(*info, f.kernel);
  if (!d) return Value::unknown("the catalog has no default for " + key);
  return Value::from_sysctl(*d);
}

Value exists(const std::string& key, const Facts& f) {
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

Value census_needs(const Facts& f) {
  if (!f.host) return Value::unknown(kNeedsLive);
  return Value::unknown("the socket census could not be read");
}

Value sockets(const std::string& state, const Facts& f) {
  if (!f.host) return Value::unknown(kNeedsLive);
  const auto& c = f.host->sockets;
  if (c.known) {
    auto it = c.states.find(state);
    return Value::number(it == c.states.end() ? 0 : static_cast<double>(it->second));
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

const live::PeerGroup* top_peer(const std::string& state, const Facts& f) {
  const live::PeerGroup* best = nullptr;
  for (const auto& p : f.host->sockets.peers)
    if (p.state == state && (!best || p.count > best->count)) best = &p;
  return best;
}

std::optional<std::pair<int64_t, int64_t>> port_range(const Facts& f) {
  Value v = key_value("net.ipv4.ip_local_port_range", f);
  if (v.is_unknown()) return std::nullopt;
  std::istringstream in(plain(v));
  int64_t lo = 0, hi = 0;
  if (!(in >> lo >> hi) || lo > hi) return std::nullopt;
  return std::make_pair(lo, hi);
}

Value usable_ports(const Facts& f) {
  if (f.host && f.host->usable_local_ports > 0) return Value::number(static_cast<double>(f.host->usable_local_ports));
  auto range = port_range(f);
  if (!range) return Value::unknown("needs net.ipv4.ip_local_port_range (live or configured)");
  int64_t count = range->second - range->first + 1;
  Value reserved = key_value("net.ipv4.ip_local_reserved_ports", f);
  if (!reserved.is_unknown()) {
    std::istringstream in(plain(reserved));
    std::string item;
    while (std::getline(in, item, ',')) {
      if (item.empty()) continue;
      size_t dash = item.find('-');
      int64_t a = std::atoll(item.substr(0, dash).c_str());
      int64_t b = dash == std::string::npos ? a : std::atoll(item.substr(dash + 1).c_str());
      a = std::max(a, range->first);
      b = std::min(b, range->second);
      if (a <= b) count -= b - a + 1;
    }
  }
  return Value::number(static_cast<double>(count));
}

Value call(const Expr& e, const Facts& f, const Profile* profile) {
  const std::string& name = e.text;
  std::vector<Value> args;
  // Key, counter and state arguments are string literals (checked at load time); the others are
  // evaluated.
  auto arg = [&](size_t i) { return eval(*e.args[i], f, profile); };
  if (name == "sysctl") return live_sysctl(arg_text(e, 0), f);
  if (name == "configured") return configured_value(arg_text(e, 0), f);
  if (name == "is_configured") {
    const config::EffectiveKey* k = f.config ? f.config->find(arg_text(e, 0)) : nullptr;
    return Value::boolean(k && !k->excluded);
  }
  if (name == "value") return key_value(arg_text(e, 0), f);
  if (name == "default") return catalog_default(arg_text(e, 0), f);
  if (name == "exists") return exists(arg_text(e, 0), f);
  if (name == "field") {
    Value v = key_value(arg_text(e, 0), f);
    if (v.is_unknown()) return v;
    Value idx = arg(1);
    if (idx.is_unknown()) return idx;
    auto n = as_number(idx);
    std::istringstream in(plain(v));
    std::string item;
    for (int i = 0; in >> item; ++i)
      if (n && i == static_cast<int>(*n)) return Value::from_sysctl(item);
    return Value::unknown(arg_text(e, 0) + " has no field " + render(idx));
  }
  if (name == "counter" || name == "rate") {
    const std::string& c = arg_text(e, 0);
    if (!f.host) return Value::unknown(kNeedsLive);
    if (name == "rate") {
      if (!f.host->rates) return Value::unknown(kNeedsSample);
      auto it = f.host->rates->find(c);
      if (it == f.host->rates->end()) return Value::unknown("counter " + c + " is not reported by this kernel");
      return Value::number(it->second);
    }
    auto it = f.host->counters.find(c);
    if (it == f.host->counters.end()) return Value::unknown("counter " + c + " is not reported by this kernel");
    return Value::number(static_cast<double>(it->second));
  }
  if (name == "sockstat") {
    if (!f.host) return Value::unknown(kNeedsLive);
    const std::string& what = arg_text(e, 0);
    size_t dot = what.find('.');
    auto line = f.host->sockstat.find(what.substr(0, dot));
    if (line != f.host->sockstat.end()) {
      auto it = line->second.find(what.substr(dot + 1));
      if (it != line->second.end()) return Value::number(static_cast<double>(it->second));
    }
    return Value::unknown("sockstat has no " + what);
  }
  if (name == "sockets") return sockets(arg_text(e, 0), f);
  if (name == "top_peer" || name == "top_peer_count" || name == "top_peer_share" || name == "peers") {
    if (!f.host || !f.host->sockets.known) return census_needs(f);
    const std::string& state = arg_text(e, 0);
    if (name == "peers") {
      double n = 0;
      for (const auto& p : f.host->sockets.peers) n += p.state == state;
      return Value::number(n);
    }
    const live::PeerGroup* p = top_peer(state, f);
    if (name == "top_peer") return p ? Value::string(p->remote) : Value::unknown("no " + state + " sockets towards any peer");
    if (name == "top_peer_count") return Value::number(p ? static_cast<double>(p->count) : 0);
    if (!p) return Value::number(0);
    if (p->port_share > 0) return Value::number(p->port_share);
    Value ports = usable_ports(f);
    if (ports.kind == K::number && ports.n > 0) return Value::number(static_cast<double>(p->count) / ports.n);
    return Value::number(0);
  }
  if (name == "is_loopback") {
    // tcp_tw_reuse=2 reuses a TIME_WAIT port when its destination or source address is loopback
    // (tcp_twsk_unique(): ipv4_is_loopback, ipv6_addr_loopback, ipv6_addr_v4mapped_loopback): a rule must know whether the
    // congested upstream is such a destination. The census prints IPv4-mapped addresses as IPv4.
    Value v = arg(0);
    if (v.is_unknown()) return v;
    std::string s = plain(v);
    return Value::boolean(s.rfind("127.", 0) == 0 || s.rfind("[::1]", 0) == 0 || s == "::1");
  }
  if (name == "usable_ports") return usable_ports(f);
  if (name == "port_low" || name == "port_high") {
    auto range = port_range(f);
    if (!range) return Value::unknown("needs net.ipv4.ip_local_port_range (live or configured)");
    return Value::number(static_cast<double>(name == "port_low" ? range->first : range->second));
  }
  if (name == "percent") {
    Value v = arg(0);
    if (v.is_unknown()) return v;
    auto x = as_number(v);
    if (!x) return Value::unknown("'" + render(v) + "' is not a number");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f%%", *x * 100);
    return Value::string(buf);
  }
  if (name == "min" || name == "max") {
    Value a = arg(0), b = arg(1);
    if (a.is_unknown()) return a;
    if (b.is_unknown()) return b;
    auto x = as_number(a), y = as_number(b);
    if (!x || !y) return Value::unknown(name + "() needs numbers");
    return Value::number(name == "min" ? std::min(*x, *y) : std::max(*x, *y));
  }
  return Value::unknown("unknown function " + name);
}

}  // namespace

Value key_value(const std::string& key, const Facts& f) {
  Value live = live_sysctl(key, f);
  if (!live.is_unknown()) return live;
  Value conf = configured_value(key, f);
  if (!conf.is_unknown()) return conf;
  // Set, but from a template: the value is unknown, not the default (never guessed).
  if (const config::EffectiveKey* k = f.config ? f.config->find(key) : nullptr; k && !k->excluded && f.config->winner(*k).unknown_value)
    return conf;
  Value def = catalog_default(key, f);
  if (!def.is_unknown()) return def;
  return Value::unknown(f.host ? live.needs : key + " is neither live, configured nor in the catalog");
}

bool same_value(const std::string& a, const std::string& b) {
  std::string x = fold_whitespace(a), y = fold_whitespace(b);
  if (x == y) return true;
  Value p = Value::from_sysctl(x), q = Value::from_sysctl(y);
  return p.kind == K::number && q.kind == K::number && p.n == q.n;
}

Value eval(const Expr& e, const Facts& f, const Profile* profile) {
  switch (e.op) {
    case Expr::Op::number: return Value::number(e.number);
    case Expr::Op::string: return Value::string(e.text);
    case Expr::Op::boolean: return Value::boolean(e.boolean);
    case Expr::Op::kernel:
      return f.kernel.empty() ? Value::unknown(kNeedsKernel) : Value::version(f.kernel);
    case Expr::Op::trait: {
      if (!profile) return Value::unknown("needs a profile");
      auto it = profile->traits.find(e.text);
      if (it == profile->traits.end()) return Value::unknown("profile " + profile->name + " has no trait " + e.text);
      return it->second;
    }
    case Expr::Op::call: return call(e, f, profile);
    case Expr::Op::neg: {
      Value v = eval(*e.args[0], f, profile);
      return arithmetic(Expr::Op::sub, Value::number(0), v);
    }
    case Expr::Op::not_: {
      Value v = truth(eval(*e.args[0], f, profile));
      return v.is_unknown() ? v : Value::boolean(!v.b);
    }
    case Expr::Op::and_: {
      Value a = truth(eval(*e.args[0], f, profile));
      if (a.is_false()) return a;
      Value b = truth(eval(*e.args[1], f, profile));
      if (b.is_false()) return b;
      if (a.is_unknown()) return a;
      return b;
    }
    case Expr::Op::or_: {
      Value a = truth(eval(*e.args[0], f, profile));
      if (a.is_true()) return a;
      Value b = truth(eval(*e.args[1], f, profile));
      if (b.is_true()) return b;
      if (a.is_unknown()) return a;
      return b;
    }
    case Expr::Op::eq:
    case Expr::Op::ne:
    case Expr::Op::lt:
    case Expr::Op::le:
    case Expr::Op::gt:
    case Expr::Op::ge: return compare(e.op, eval(*e.args[0], f, profile), eval(*e.args[1], f, profile));
    case Expr::Op::add:
    case Expr::Op::sub:
    case Expr::Op::mul:
    case Expr::Op::div: return arithmetic(e.op, eval(*e.args[0], f, profile), eval(*e.args[1], f, profile));
  }
  return Value::unknown("bad expression");
}

std::string render_template(const Template& t, const Facts& facts, const Profile* profile) {
  std::string out;
  for (const auto& part : t.parts) out += part.expr ? render(eval(*part.expr, facts, profile)) : part.literal;
  return out;
}

}  // namespace sa::engine
