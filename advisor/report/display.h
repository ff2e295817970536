// Text from files (a plan someone sent, a journal entry, a snapshot from another host, rule and
// profile files) on its way to a person: every field through sa::printable_line (one-line fields)
// or sa::printable_text (multi-line ones), so no escape sequence conceals a line, moves the cursor
// or rewrites the screen the operator reads before approving. JSON needs none of this (its strings
// are escaped by the JSON writer).
#pragma once

#include "advisor/core/printable.h"
#include "advisor/plan/plan.h"

namespace sa::report {

// A copy of `p` with every string escaped for a terminal.
plan::Plan displayable(const plan::Plan& p);

}  // namespace sa::report
