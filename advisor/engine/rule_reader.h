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

// A [[define]]: a name for a constant or a condition, used by several rules (docs/rule-format.md).
struct RawDefine {
  Location where;  // the [[define]] header
  SourcePtr src;
  Str name, value, description;  // value: an expression (a number written bare is its text)
};

struct RawRuleFile {
  std::vector<RawRule> rules;
  std::vector<RawDefine> defines;
};

// Every [[rule]] and [[define]] of one file; one with a structural mistake is reported and left out.
RawRuleFile read_rules(const std::string& display, const std::string& text, std::vector<Diagnostic>& out);

}  // namespace sa::engine
