// Which profile the evidence suggests. Data-driven: each profile's [inference] condition is
// evaluated on the facts (with that profile's traits), the true one with the highest priority
// wins, and its evidence template says why with the numbers.
#include <algorithm>

#include "advisor/engine/engine.h"
#include "advisor/engine/evaluator.h"
#include "advisor/engine/reflow.h"

namespace sa::engine {

Inference infer_profile(const ProfileSet& profiles, const Facts& facts) {
  std::vector<const Profile*> candidates;
  for (const auto& p : profiles.profiles)
    if (p.inference && p.inference->condition) candidates.push_back(&p);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Profile* a, const Profile* b) { return a->inference->priority > b->inference->priority; });
  std::string needs;
  for (const Profile* p : candidates) {
    Value v = eval(*p->inference->condition, facts, p);
    if (v.is_true()) {
      std::string evidence = reflow(render_template(p->inference->evidence, facts, p));
      // generic's own [inference] (condition 'true', lowest priority) describes the evidence
      // when no specific role matched.
      if (p->name == "generic") return {p->name, evidence + ": matches no specific role; using generic, pass --profile to choose"};
      return {p->name, evidence + ": looks like " + p->name};
    }
    if (v.is_unknown() && needs.empty()) needs = v.needs;
  }
  if (!facts.host) return {"generic", "no live evidence to infer a role from (" + std::string(kNeedsLive) + "); using generic, pass --profile"};
  if (candidates.empty()) return {"generic", "no profile declares [inference]; using generic, pass --profile"};
  return {"generic", "the evidence matches no specific role" + (needs.empty() ? std::string() : " (some could not be judged: " + needs + ")") +
                         "; using generic, pass --profile to choose"};
}

}  // namespace sa::engine
