// Every id a command can print, as `explain` and `rules --ids` know them: the loaded rules, the
// lints of check (lint_ids.h), the built-in other-writer finding and the diagnostic codes of
// core/code_registry.h, each described as a CI report describes it (rule_info.h).
#pragma once

#include <string>
#include <vector>

#include "advisor/core/code_registry.h"
#include "advisor/engine/engine.h"
#include "advisor/plan/check_result.h"

namespace sa::check {

// A registered diagnostic code as a report describes it.
plan::RuleInfo code_rule_info(const CodeInfo& c);

struct KnownId {
  plan::RuleInfo info;
  std::string kind;  // "rule", "lint", "finding" or "diagnostic"
};
// Sorted by id.
std::vector<KnownId> known_ids(const engine::Knowledge& k);

}  // namespace sa::check
