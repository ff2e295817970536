// Stage 1 of rule loading: TOML text -> RawRule, plain values that remember where they were
// written. No cross-references are resolved here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/engine/toml_source.h"

namespace sa::engine {

struct RawRule {
  Location where;  // the [[rule]] header
  SourcePtr src;
  std::optional<Str> id, title, severity, condition, key, message, reason;
  std::optional<Str> set_key, set_value;
  std::vector<Str> profiles, references;
  std::optional<int64_t> priority;
  Location priority_at;
};

// Every [[rule]] of one file; a rule with a structural mistake is reported and left out.
std::vector<RawRule> read_rules(const std::string& display, const std::string& text, std::vector<Diagnostic>& out);

}  // namespace sa::engine
