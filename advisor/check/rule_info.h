// What a CI report says about an id a finding names (SARIF's reportingDescriptor, a JUnit case):
// a built-in lint's entry from the lint registry, a rule's from the loaded rules. Used by `check`
// and by `plan`'s CI formats, so both describe an id the same way.
#pragma once

#include <string>
#include <vector>

#include "advisor/core/code_registry.h"
#include "advisor/engine/engine.h"
#include "advisor/plan/check_result.h"

namespace sa::check {

// A rule's reason template as help text: there are no facts to quote, so each `{expr}` shows as
// `<expr>` (what would be quoted there); `{{` and `}}` are literal braces.
std::string template_as_help(const std::string& t);

// The lint's entry, the built-in other-writer finding's (engine/other_writers.h), the rule's
// (title, help from its reason, references, severity), a diagnostic code's (core/code_registry.h),
// else an entry that only repeats the id.
plan::RuleInfo rule_info(const std::string& id, const engine::Knowledge& k);

// A registered diagnostic code as a report describes it.
plan::RuleInfo code_rule_info(const CodeInfo& c);

// Every id a command can print, which `explain` knows: the loaded rules, the lints, the built-in
// other-writer finding and the diagnostic codes; sorted by id (`rules --ids`).
struct KnownId {
  plan::RuleInfo info;
  std::string kind;  // "rule", "lint", "finding" or "diagnostic"
};
std::vector<KnownId> known_ids(const engine::Knowledge& k);

}  // namespace sa::check
