// Which keys a rule touches: for `explain KEY` ("rules that read or set it").
#include <set>

#include "advisor/engine/engine.h"
#include "advisor/engine/functions.h"

namespace sa::engine {
namespace {

void collect(const Expr& e, std::set<std::string>& out) {
  if (e.op == Expr::Op::call && !e.args.empty() && e.args[0]->op == Expr::Op::string) {
    const FunctionSpec* f = find_function(e.text);
    if (f && f->first == ArgKind::key) out.insert(e.args[0]->text);
  }
  for (const auto& a : e.args) collect(*a, out);
}

void collect(const Template& t, std::set<std::string>& out) {
  for (const auto& p : t.parts)
    if (p.expr) collect(*p.expr, out);
}

}  // namespace

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
