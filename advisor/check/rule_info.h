// What a CI report says about an id a finding names (SARIF's reportingDescriptor, a JUnit case):
// a built-in lint's entry from the lint registry, a rule's from the loaded rules. Used by `check`
// and by `plan`'s CI formats, so both describe an id the same way.
#pragma once

#include <string>

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

}  // namespace sa::check
