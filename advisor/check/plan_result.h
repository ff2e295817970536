// `plan --format sarif|junit|github`: a plan as the same report `check` produces, so one set of CI
// renderers (advisor/report/{sarif,junit,github}) serves both commands. A pending change is a
// result of its rule at the line that configures the key (or of the whole host when nothing
// configures it), a finding is itself, a rule not evaluated is an open result.
#pragma once

#include <string>

#include "advisor/engine/engine.h"
#include "advisor/plan/check_result.h"
#include "advisor/plan/plan.h"

namespace sa::check {

// `root` is the tree the plan read ("/" for the live host): file names become relative to it, as
// `check` makes them relative to its repository. `group` names the host in the report.
plan::CheckResult plan_as_check_result(const plan::Plan& p, const engine::Knowledge& k, const std::string& root,
                                       const std::string& group);

}  // namespace sa::check
