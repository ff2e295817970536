// A compiled rule (docs/rule-format.md): immutable after loading.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/core/diagnostic.h"
#include "advisor/engine/expr.h"
#include "advisor/plan/plan.h"

namespace sa::engine {

struct Rule {
  std::string id;
  std::string title;
  std::vector<std::string> profiles;  // empty = every profile
  int priority = plan::kDefaultPriority;
  Severity severity = Severity::warning;
  std::string condition_text;
  ExprPtr condition;
  std::optional<std::string> set_key;    // a change when present
  std::optional<std::string> set_value;
  std::optional<std::string> key;        // what a finding is about (set_key for a change)
  std::string message_text, reason_text;
  Template message, reason;
  std::vector<std::string> references;
  Location where;  // the [[rule]] header

  bool is_change() const { return set_key.has_value(); }
  // The key the rule is about: set.key, else key.
  std::optional<std::string> subject_key() const { return set_key ? set_key : key; }
};

// A [[define]]: a named constant or condition that rules use by name.
struct Define {
  std::string name;
  std::string value_text;   // as written (the operator's local value when overridden)
  std::string description;
  ExprPtr value;
  Location where;           // the shipped [[define]]
  std::optional<Location> overridden_at;  // the operator's local file that replaced the value
};

struct RuleSet {
  std::vector<Rule> rules;  // sorted by id
  std::vector<Define> defines;  // sorted by name
  const Rule* find(const std::string& id) const;
  const Define* find_define(const std::string& name) const;
  std::vector<std::string> ids() const;
};

}  // namespace sa::engine
