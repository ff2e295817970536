// What apply checks in a plan before any key becomes a path or any value reaches the kernel or
// the persisted file. One bad change refuses the whole plan: a plan is applied whole or not at all.
#pragma once

#include <string>
#include <vector>

#include "advisor/plan/plan.h"

namespace sa::apply {

// Every problem, each naming the change ("changes[2].key: 'net/../../etc/passwd' is not a valid
// sysctl key ..."). Empty when the plan can be applied.
std::vector<std::string> check_plan_for_apply(const plan::Plan& plan);

}  // namespace sa::apply
