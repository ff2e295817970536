#include "advisor/plan/proposals.h"

#include <algorithm>
#include <map>

#include "advisor/core/sysctl_key.h"

namespace sa::plan {

void add_proposals(Plan& plan, std::vector<Proposal> proposals) {
  std::map<std::string, std::vector<Proposal>> by_key;
  for (auto& p : proposals) by_key[p.change.key].push_back(std::move(p));
  for (auto& [key, group] : by_key) {
    std::sort(group.begin(), group.end(), [](const Proposal& a, const Proposal& b) {
      if (a.change.priority != b.change.priority) return a.change.priority > b.change.priority;
      return a.change.rule < b.change.rule;
    });
    Proposal& winner = group.front();
    for (size_t i = 1; i < group.size(); ++i) {
      const Change& loser = group[i].change;
      if (fold_whitespace(loser.proposed) == fold_whitespace(winner.change.proposed)) {
        winner.change.also_rules.push_back(loser.rule);
        continue;
      }
      Conflict c;
      c.key = key;
      c.winner_rule = winner.change.rule;
      c.winner_value = winner.change.proposed;
      c.winner_priority = winner.change.priority;
      c.loser_rule = loser.rule;
      c.loser_value = loser.proposed;
      c.loser_priority = loser.priority;
      plan.conflicts.push_back(c);
    }
    if (winner.needed) plan.changes.push_back(std::move(winner.change));
  }
}

void sort_plan(Plan& plan) {
  std::stable_sort(plan.changes.begin(), plan.changes.end(), [](const Change& a, const Change& b) { return a.key < b.key; });
  std::stable_sort(plan.findings.begin(), plan.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return static_cast<int>(a.severity) < static_cast<int>(b.severity);
    return a.rule < b.rule;
  });
  std::stable_sort(plan.not_evaluated.begin(), plan.not_evaluated.end(),
                   [](const NotEvaluated& a, const NotEvaluated& b) { return a.rule < b.rule; });
}

}  // namespace sa::plan
