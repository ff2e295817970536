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

// Optional [inference] table: when `condition` is true on the live facts, the evidence suggests
// this profile; the one with the highest priority wins. `evidence` says why, quoting numbers.
struct ProfileInference {
  int priority = 0;
  std::string condition_text;
  ExprPtr condition;
  std::string evidence_text;
  Template evidence;
  Location where;
};

struct Profile {
  std::string name;
  std::string description;
  std::string extends;                   // as written; "" = generic (or none, for generic itself)
  std::vector<std::string> ancestry;     // itself first, generic last
  std::map<std::string, Value> traits;   // resolved: own traits over inherited ones
  std::map<std::string, Location> trait_at;  // where each own trait is written
  std::optional<ProfileInference> inference;
  Location where;

  bool is_a(const std::string& name) const;  // itself or an ancestor
};

struct ProfileSet {
  std::vector<Profile> profiles;  // sorted by name
  const Profile* find(const std::string& name) const;
  std::vector<std::string> names() const;
};

}  // namespace sa::engine
