#include "advisor/engine/checker.h"

#include <cctype>

#include "advisor/engine/engine.h"
#include "advisor/engine/functions.h"

namespace sa::engine {
namespace {

std::string suggestion(const std::string& typed, const std::vector<std::string>& names) {
  auto best = did_you_mean(typed, names);
  return best ? "; did you mean '" + *best + "'?" : "";
}

bool valid_counter(const std::string& name) {
  size_t dot = name.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == name.size()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_') return false;
  return true;
}

void check(const Expr& e, const CheckContext& ctx, std::vector<SyntaxError>& out) {
  for (const auto& a : e.args) check(*a, ctx, out);
  if (e.op == Expr::Op::trait) {
    if (ctx.generic && !ctx.generic->traits.count(e.text)) {
      std::vector<std::string> names;
      for (const auto& [n, v] : ctx.generic->traits) names.push_back(n);
      out.push_back({e.offset, "unknown trait '" + e.text + "' (traits are defined in generic.toml)" + suggestion(e.text, names)});
    }
    return;
  }
  if (e.op != Expr::Op::call) return;
  const FunctionSpec* f = find_function(e.text);
  if (!f) {
    out.push_back({e.offset, "unknown function '" + e.text + "'" + suggestion(e.text, function_names())});
    return;
  }
  int n = static_cast<int>(e.args.size());
  if (n < f->min_args || n > f->max_args) {
    std::string want = f->min_args == f->max_args ? std::to_string(f->min_args) : std::to_string(f->min_args) + " to " + std::to_string(f->max_args);
    out.push_back({e.offset, e.text + "() takes " + want + " argument" + (want == "1" ? "" : "s") + ", found " + std::to_string(n)});
    return;
  }
  if (f->first == ArgKind::none || e.args.empty()) return;
  const Expr& arg = *e.args[0];
  if (arg.op != Expr::Op::string) {
    out.push_back({arg.offset, "the first argument of " + e.text + "() must be a string literal, like " + e.text +
                                   (f->first == ArgKind::key ? "(\"net.ipv4.tcp_tw_reuse\")"
                                    : f->first == ArgKind::counter ? "(\"TcpExt.ListenOverflows\")"
                                    : f->first == ArgKind::sockstat ? "(\"TCP.tw\")" : "(\"time-wait\")")});
    return;
  }
  switch (f->first) {
    case ArgKind::key:
      if (ctx.catalog && !ctx.catalog->find(arg.text))
        out.push_back({arg.offset, "unknown key '" + arg.text + "' (not in the key catalog rules/keys.toml)" +
                                       suggestion(arg.text, ctx.catalog->names())});
      break;
    case ArgKind::counter:
      if (!valid_counter(arg.text))
        out.push_back({arg.offset, "expected a counter as Prefix.Name (TcpExt.ListenOverflows), found '" + arg.text + "'"});
      break;
    case ArgKind::sockstat:
      if (!valid_counter(arg.text))
        out.push_back({arg.offset, "expected a sockstat figure as LINE.field (TCP.tw), found '" + arg.text + "'"});
      break;
    case ArgKind::state: {
      bool ok = false;
      for (const auto& s : socket_states()) ok = ok || s == arg.text;
      if (!ok)
        out.push_back({arg.offset, "unknown socket state '" + arg.text + "' (states as ss spells them: time-wait, "
                                       "close-wait, established, listen, ...)" + suggestion(arg.text, socket_states())});
      break;
    }
    case ArgKind::none: break;
  }
}

}  // namespace

std::vector<SyntaxError> check_expression(const Expr& e, const CheckContext& ctx) {
  std::vector<SyntaxError> out;
  check(e, ctx, out);
  return out;
}

}  // namespace sa::engine
