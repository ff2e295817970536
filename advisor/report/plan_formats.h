// A plan rendered for a person (text, for a terminal), for a ticket (markdown) and for tools
// (JSON, DESIGN.md's contract via plan::to_json). Pure: Plan in, text out.
#pragma once

#include <string>

#include "advisor/plan/plan.h"

namespace sa::report {

// Grouped (changes, findings, not evaluated, conflicts), aligned; ANSI colour only when `color`.
std::string plan_text(const plan::Plan& plan, bool color);
std::string plan_markdown(const plan::Plan& plan);
// Pretty-printed, with "schema": "sysctl-advisor/plan/v1".
std::string plan_json(const plan::Plan& plan);

}  // namespace sa::report
