#include "advisor/engine/checker.h"

#include <cctype>

#include "advisor/engine/conntrack_functions.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/functions.h"
#include "advisor/live/census.h"

namespace sa::engine {
namespace {

// "; did you mean ..." for the error about to join `out`, while ctx.hints allows one.
std::string suggestion(const std::string& typed, const std::vector<std::string>& names, const CheckContext& ctx,
                       const std::vector<SyntaxError>& out) {
  return out.size() < ctx.hints ? did_you_mean_hint(typed, names) : "";
}

bool valid_counter(const std::string& name) {
  size_t dot = name.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == name.size()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_') return false;
  return true;
}

const char* example(ArgKind kind) {
  switch (kind) {
    case ArgKind::key: return "(\"net.ipv4.tcp_tw_reuse\")";
    case ArgKind::counter: return "(\"TcpExt.ListenOverflows\")";
    case ArgKind::sockstat: return "(\"TCP.tw\")";
    case ArgKind::conntrack_timeout: return "(\"established\")";
    case ArgKind::conntrack_column: return "(\"drop\")";
    default: return "(\"time-wait\")";
  }
}

// A literal argument names something of its kind.
void check_literal(ArgKind kind, const Expr& arg, const CheckContext& ctx, std::vector<SyntaxError>& out) {
  switch (kind) {
    case ArgKind::key:
      if (ctx.catalog && !ctx.catalog->find(arg.text))
        out.push_back({arg.offset, "unknown key '" + arg.text + "' (not in the key catalog rules/keys.toml)" +
                                       suggestion(arg.text, ctx.catalog->names(), ctx, out)});
      break;
    case ArgKind::counter:
      if (!valid_counter(arg.text))
        out.push_back({arg.offset, "expected a counter as Prefix.Name (TcpExt.ListenOverflows), found '" + arg.text + "'"});
      break;
    case ArgKind::sockstat:
      if (!valid_counter(arg.text))
        out.push_back({arg.offset, "expected a sockstat figure as LINE.field (TCP.tw), found '" + arg.text + "'"});
      break;
    case ArgKind::state:
      // The census's own names (live::tcp_state_name), so a rule can ask for every state it counts.
      if (live::tcp_state_number(arg.text) < 0)
        out.push_back({arg.offset, "unknown socket state '" + arg.text + "' (states as ss spells them: time-wait, "
                                       "close-wait, established, listen, ...)" +
                                       suggestion(arg.text, live::tcp_state_names(), ctx, out)});
      break;
    case ArgKind::conntrack_timeout: {
      std::vector<std::string> names;
      for (auto n : conntrack_timeout_names()) names.emplace_back(n);
      bool known = false;
      for (const auto& n : names) known = known || n == arg.text;
      if (!known)
        out.push_back({arg.offset, "unknown conntrack TCP timeout '" + arg.text +
                                       "' (as net.netfilter.nf_conntrack_tcp_timeout_NAME: established, time_wait, "
                                       "close_wait, fin_wait, ...)" + suggestion(arg.text, names, ctx, out)});
      break;
    }
    case ArgKind::conntrack_column: {
      // Columns differ by kernel, so any lower-case name is accepted; one a kernel lacks is unknown there.
      bool ok = !arg.text.empty();
      for (char ch : arg.text) ok = ok && (std::islower(static_cast<unsigned char>(ch)) || ch == '_');
      if (!ok || arg.text == "entries")
        out.push_back({arg.offset, "expected a counter column of /proc/net/stat/nf_conntrack (drop, early_drop, "
                                   "insert_failed, ...; the count is conntrack_count()), found '" + arg.text + "'"});
      break;
    }
    case ArgKind::any: break;
  }
}

void check(const Expr& e, const CheckContext& ctx, std::vector<SyntaxError>& out) {
  for (const auto& a : e.args) check(*a, ctx, out);
  if (e.op == Expr::Op::trait) {
    if (ctx.generic && !ctx.generic->traits.count(e.text)) {
      std::vector<std::string> names;
      for (const auto& [n, v] : ctx.generic->traits) names.push_back(n);
      out.push_back({e.offset, "unknown trait '" + e.text + "' (traits are defined in generic.toml)" +
                                   suggestion(e.text, names, ctx, out)});
    }
    return;
  }
  if (e.op == Expr::Op::name) {
    if (ctx.defines && ctx.defines->count(e.text)) return;
    std::vector<std::string> names;
    if (ctx.defines)
      for (const auto& [n, x] : *ctx.defines) names.push_back(n);
    std::string hint = find_function(e.text) ? "; " + e.text + " is a function: call it as " + e.text + "(...)"
                                              : suggestion(e.text, names, ctx, out);
    out.push_back({e.offset, "unknown name '" + e.text + "': names are functions (sysctl(\"key\")), traits (profile." +
                                 e.text + ") or [[define]]s of a rules file" + hint});
    return;
  }
  if (e.op != Expr::Op::call) return;
  const FunctionSpec* f = find_function(e.text);
  if (!f) {
    out.push_back({e.offset, "unknown function '" + e.text + "'" + suggestion(e.text, function_names(), ctx, out)});
    return;
  }
  size_t n = e.args.size(), want = f->args.size();
  if (n != want) {
    out.push_back({e.offset, e.text + "() takes " + std::to_string(want) + " argument" + (want == 1 ? "" : "s") +
                                 ", found " + std::to_string(n)});
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    if (f->args[i] == ArgKind::any) continue;
    const Expr& arg = *e.args[i];
    if (arg.op != Expr::Op::string) {
      out.push_back({arg.offset, std::string(i == 0 ? "the first" : "argument " + std::to_string(i + 1) + " of") +
                                     (i == 0 ? " argument of " : " ") + e.text + "() must be a string literal, like " +
                                     e.text + example(f->args[i])});
      continue;
    }
    check_literal(f->args[i], arg, ctx, out);
  }
}

}  // namespace

std::vector<SyntaxError> check_expression(const Expr& e, const CheckContext& ctx) {
  std::vector<SyntaxError> out;
  check(e, ctx, out);
  return out;
}

ExprPtr bind_names(const ExprPtr& e, const std::map<std::string, ExprPtr>& defines) {
  if (e->op == Expr::Op::name) {
    auto it = defines.find(e->text);
    if (it == defines.end() || !it->second) return e;
    auto bound = std::make_shared<Expr>(*e);
    bound->args = {it->second};
    return bound;
  }
  std::vector<ExprPtr> args;
  bool changed = false;
  for (const auto& a : e->args) {
    args.push_back(bind_names(a, defines));
    changed = changed || args.back() != a;
  }
  if (!changed) return e;
  auto copy = std::make_shared<Expr>(*e);
  copy->args = std::move(args);
  return copy;
}

void names_used(const Expr& e, std::vector<const Expr*>& out) {
  if (e.op == Expr::Op::name) {
    out.push_back(&e);
    return;
  }
  for (const auto& a : e.args) names_used(*a, out);
}

}  // namespace sa::engine
