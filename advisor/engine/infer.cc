// Which profile the evidence suggests. Data-driven: each profile's [inference] tables hold
// conditions in the rule language (evaluated with that profile's traits). Conditions over who
// holds the sockets (program_*()) are evaluated once for each program holding a listening socket,
// so that a proxy and a database on one host are seen as two roles, not blended into one.
// The true condition with the highest priority wins; true conditions of different profiles at
// that priority mean the facts point to more than one role, and the plan says so and uses generic.
// The winner's evidence says why with the numbers; its [[inference.confirm]] facts say how sure.
#include <algorithm>

#include "advisor/engine/engine.h"
#include "advisor/engine/evaluator.h"
#include "advisor/engine/reflow.h"

namespace sa::engine {
namespace {

constexpr const char* kFallback = "using generic, pass --profile to choose";

struct Match {
  const Profile* profile;
  const ProfileInference* inference;
  Facts facts;  // with the program it held for (null: a host-wide condition)
};

// "confidence high (2 of 2 confirming facts hold: A; B)": how many of the winner's confirming facts hold.
std::string confidence(const Match& m) {
  const auto& confirm = m.inference->confirm;
  if (confirm.empty()) return "";
  std::vector<std::string> held;
  std::string needs;
  size_t unknown = 0;
  for (const auto& c : confirm) {
    Value v = eval(*c.condition, m.facts, m.profile);
    if (v.is_true()) held.push_back(reflow(render_template(c.evidence, m.facts, m.profile)));
    else if (v.is_unknown() && ++unknown == 1) needs = v.needs;
  }
  const char* level = held.size() == confirm.size() ? "high" : held.size() * 2 >= confirm.size() ? "medium" : "low";
  std::string out = "confidence " + std::string(level) + " (" + std::to_string(held.size()) + " of " +
                    std::to_string(confirm.size()) + " confirming facts hold";
  for (size_t i = 0; i < held.size(); ++i) out += (i ? "; " : ": ") + held[i];
  if (unknown) out += "; " + std::to_string(unknown) + " could not be judged: " + needs;
  return out + ")";
}

std::string evidence(const Match& m) { return reflow(render_template(m.inference->evidence, m.facts, m.profile)); }

}  // namespace

Inference infer_profile(const ProfileSet& profiles, const Facts& facts) {
  // The host-wide view, then each program holding a listener (the busiest first).
  std::vector<Facts> views{facts};
  if (facts.host && facts.host->sockets.programs_known)
    for (const auto& p : facts.host->sockets.programs)
      if (!p.listening.empty()) {
        views.push_back(facts);
        views.back().program = &p;
      }

  std::vector<Match> matches;
  const Profile* generic = nullptr;
  bool any_inference = false;
  std::string needs;
  for (const auto& p : profiles.profiles) {
    for (const auto& inf : p.inference) {
      if (!inf.condition) continue;
      any_inference = true;
      if (p.name == "generic") {
        generic = &p;
        continue;
      }
      for (const Facts& view : views) {
        Value v = eval(*inf.condition, view, &p);
        if (v.is_true()) {
          matches.push_back({&p, &inf, view});
          break;  // the busiest program that fits speaks for the profile
        } else if (v.is_unknown() && needs.empty() && v.needs != kNoProgram) {
          // (The host-wide view has no program in focus; the programs' own views judge them, and
          // when no program holds a listener that is a fact, not something left unjudged.)
          needs = v.needs;
        }
      }
    }
  }

  if (!matches.empty()) {
    int top = std::max_element(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
                return a.inference->priority < b.inference->priority;
              })->inference->priority;
    std::vector<const Match*> best;  // one per profile at the top priority, in profile order
    for (const Match& m : matches)
      if (m.inference->priority == top &&
          std::none_of(best.begin(), best.end(), [&](const Match* b) { return b->profile == m.profile; }))
        best.push_back(&m);
    if (best.size() == 1) {
      std::string sure = confidence(*best[0]);
      return {best[0]->profile->name,
              evidence(*best[0]) + ": looks like " + best[0]->profile->name + (sure.empty() ? "" : "; " + sure)};
    }
    std::string both;
    for (size_t i = 0; i < best.size(); ++i)
      both += std::string(i ? "; " : "") + "like " + best[i]->profile->name + " (" + evidence(*best[i]) + ")";
    return {"generic", "cannot tell the host's role, the facts point to more than one: " + both + "; " + kFallback};
  }

  if (!facts.host) return {"generic", "no live evidence to infer a role from (" + std::string(kNeedsLive) + "); using generic, pass --profile"};
  if (!any_inference) return {"generic", "no profile declares [inference]; using generic, pass --profile"};
  std::string why = "cannot tell the host's role: no profile's signature holds" +
                    (needs.empty() ? std::string() : " (some could not be judged: " + needs + ")") + "; " + kFallback;
  // generic's own [inference] (lowest priority, always true) describes what was seen.
  if (generic) {
    const ProfileInference& g = generic->inference.front();
    Value v = eval(*g.condition, facts, generic);
    if (v.is_true()) return {"generic", reflow(render_template(g.evidence, facts, generic)) + ": " + why};
  }
  return {"generic", why};
}

}  // namespace sa::engine
