#include "advisor/check/known_ids.h"

#include <algorithm>

#include "advisor/check/lint_ids.h"
#include "advisor/check/rule_info.h"
#include "advisor/engine/other_writers.h"

namespace sa::check {

plan::RuleInfo code_rule_info(const CodeInfo& c) {
  plan::RuleInfo info{std::string(c.id), std::string(c.title), std::string(c.help), {}, c.severity, true};
  for (std::string_view r : c.references) info.references.emplace_back(r);
  return info;
}

std::vector<KnownId> known_ids(const engine::Knowledge& k) {
  std::vector<KnownId> out;
  for (const auto& r : k.rules.rules) out.push_back({rule_info(r.id, k), "rule"});
  for (const auto& id : lint_ids()) out.push_back({*lint_info(id), "lint"});
  out.push_back({engine::other_writer_info(), "finding"});
  for (const CodeInfo& c : code_infos()) out.push_back({code_rule_info(c), "diagnostic"});
  std::sort(out.begin(), out.end(), [](const KnownId& a, const KnownId& b) { return a.info.id < b.info.id; });
  return out;
}

}  // namespace sa::check
