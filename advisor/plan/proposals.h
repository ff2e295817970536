// Turning what each rule proposed into the plan's changes: one change per key, the highest
// priority winning, every disagreement recorded as a Conflict so the user sees it.
#pragma once

#include <vector>

#include "advisor/plan/plan.h"

namespace sa::plan {

struct Proposal {
  Change change;      // change.priority is the rule's priority
  bool needed = true; // false: the key already holds the value (it still wins or loses conflicts)
};

// Groups proposals by key. The winner is the highest priority (ties: the rule id that sorts
// first). A loser with a different value is a Conflict; with the same value it joins
// winner.also_rules. The winner becomes a change only when needed.
void add_proposals(Plan& plan, std::vector<Proposal> proposals);

// Changes by key, findings by severity then rule: the order every renderer shows.
void sort_plan(Plan& plan);

}  // namespace sa::plan
