#include "advisor/engine/evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "advisor/core/sysctl_key.h"
#include "advisor/engine/functions.h"
#include "advisor/engine/version.h"

namespace sa::engine {
namespace {

using K = Value::Kind;

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

}  // namespace

std::optional<std::string> global_key_elsewhere(const std::string& key, const Facts& f) {
  if (!f.host || f.host->initial_netns != false) return std::nullopt;
  const live::SysctlValue* v = f.host->value(key);
  if (v && v->status != live::SysctlValue::Status::absent) return std::nullopt;
  const KeyInfo* info = f.catalog ? f.catalog->find(key) : nullptr;
  if (!info || info->per_netns_since != "never") return std::nullopt;
  // A global key is registered for the initial namespace only (register_net_sysctl(&init_net,
  // ...)): a child namespace has no file for it, though the kernel has the key.
  return std::string(kGlobalKey) + " (" + key + ")";
}

Value sysctl_value(const std::string& key, const Facts& f) {
  if (!f.host) return Value::unknown(kNeedsLive);
  if (auto global = global_key_elsewhere(key, f)) return Value::unknown(*global);
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

Value key_value(const std::string& key, const Facts& f) {
  Value live = sysctl_value(key, f);
  if (!live.is_unknown()) return live;
  Value conf = configured_value(key, f);
  if (!conf.is_unknown()) return conf;
  // Set, but from a template: the value is unknown, not the default (never guessed).
  if (const config::EffectiveKey* k = f.config ? f.config->find(key) : nullptr; k && !k->excluded && f.config->winner(*k).unknown_value)
    return conf;
  const KeyInfo* info = f.catalog ? f.catalog->find(key) : nullptr;
  if (auto def = info ? default_for(*info, f.kernel) : std::nullopt) return Value::from_sysctl(*def);
  return Value::unknown(f.host ? live.needs : key + " is neither live, configured nor in the catalog");
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
    case Expr::Op::call: {
      const FunctionSpec* fn = find_function(e.text);  // the checker refused any other name
      if (!fn) return Value::unknown("unknown function " + e.text);
      return fn->impl(Call{e, f, profile});
    }
    case Expr::Op::name:  // a [[define]]: its expression, bound when the rules compiled
      if (e.args.empty()) return Value::unknown("'" + e.text + "' is not defined");
      return eval(*e.args[0], f, profile);
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

std::string render_template(const Template& t, const Facts& facts, const Profile* profile, std::string* missing) {
  std::string out;
  for (const auto& part : t.parts) {
    if (!part.expr) {
      out += part.literal;
      continue;
    }
    Value v = eval(*part.expr, facts, profile);
    if (v.is_unknown() && v.s.empty() && missing && missing->empty()) *missing = v.needs.empty() ? "a fact it quotes is unknown" : v.needs;
    out += render(v);
  }
  return out;
}

}  // namespace sa::engine
