// Which keys and [[define]] names a rule touches: for `explain KEY|NAME` ("rules that read or set it").
#include <set>

#include "advisor/engine/engine.h"
#include "advisor/engine/functions.h"

namespace sa::engine {
namespace {

void collect(const Expr& e, std::set<std::string>& out) {
  if (e.op == Expr::Op::call && !e.args.empty() && e.args[0]->op == Expr::Op::string) {
    const FunctionSpec* f = find_function(e.text);
    if (f && !f->args.empty() && f->args[0] == ArgKind::key) out.insert(e.args[0]->text);
  }
  for (const auto& a : e.args) collect(*a, out);
}

void collect(const Template& t, std::set<std::string>& out) {
  for (const auto& p : t.parts)
    if (p.expr) collect(*p.expr, out);
}

void collect_names(const Expr& e, std::set<std::string>& out) {
  if (e.op == Expr::Op::name) out.insert(e.text);
  for (const auto& a : e.args) collect_names(*a, out);  // a bound name holds its definition
}

}  // namespace

std::vector<std::string> defines_of(const Rule& rule) {
  std::set<std::string> out;
  if (rule.condition) collect_names(*rule.condition, out);
  for (const Template* t : {&rule.message, &rule.reason})
    for (const auto& p : t->parts)
      if (p.expr) collect_names(*p.expr, out);
  return {out.begin(), out.end()};
}

std::vector<std::string> keys_of(const Rule& rule) {
  std::set<std::string> out;
  if (rule.condition) collect(*rule.condition, out);
  collect(rule.message, out);
  collect(rule.reason, out);
  if (rule.set_key) out.insert(*rule.set_key);
  if (rule.key) out.insert(*rule.key);
  return {out.begin(), out.end()};
}

}  // namespace sa::engine
