// A deployment profile (profiles/<name>.toml): traits, inherited through `extends` from generic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "advisor/core/diagnostic.h"
#include "advisor/engine/expr.h"
#include "advisor/engine/value.h"

namespace sa::engine {

// A fact that makes an inferred role more certain ([[inference.confirm]]): its condition, and what
// the plan says when it holds.
struct InferenceConfirm {
  std::string condition_text;
  ExprPtr condition;
  Template evidence;
  Location where;
};

// One [inference] table (or one of several [[inference]]): when `condition` is true on the live
// facts, the evidence suggests this profile; the true one with the highest priority wins, and two
// profiles true at that priority mean the facts point to more than one role. `evidence` says why,
// quoting numbers; the confirming facts that hold say how sure it is.
struct ProfileInference {
  int priority = 0;
  std::string condition_text;
  ExprPtr condition;
  std::string evidence_text;
  Template evidence;
  std::vector<InferenceConfirm> confirm;
  Location where;
};

struct Profile {
  std::string name;
  std::string description;
  std::string extends;                   // as written; "" = generic (or none, for generic itself)
  std::vector<std::string> ancestry;     // itself first, generic last
  std::map<std::string, Value> traits;   // resolved: own traits over inherited ones
  std::map<std::string, Location> trait_at;  // where each own trait is written
  std::vector<ProfileInference> inference;  // [inference], or several [[inference]]
  Location where;

  bool is_a(const std::string& name) const;  // itself or an ancestor
};

struct ProfileSet {
  std::vector<Profile> profiles;  // sorted by name
  const Profile* find(const std::string& name) const;
  std::vector<std::string> names() const;
};

}  // namespace sa::engine
