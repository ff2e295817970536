// One result type for everything the tool reports about its input: a sysctl file line, a rule
// file, a /proc file. Positions are 1-based once read; 0 means "not known" (a whole file).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic_codes.h"

namespace sa {

// Ordered from most to least severe: comparisons (`<=`) mean "at least as severe as".
enum class Severity { error = 0, warning = 1, notice = 2, info = 3 };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view text);
// True when `s` is at least as severe as `threshold`.
inline bool at_least(Severity s, Severity threshold) { return static_cast<int>(s) <= static_cast<int>(threshold); }

struct Location {
  std::string file;  // as the user would open it (the path under --root, with the root shown)
  int line = 0;      // 1-based; 0 = the whole file
  int col = 0;       // 1-based; 0 = the whole line
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;         // stable kebab-case id: diag::k... (diagnostic_codes.h), config::code::k..., a lint's
  Location where;
  std::string message;      // what is wrong, and what was expected
  std::string source_line;  // the offending line, for a caret; empty when not applicable
};

// `file:line:col: severity: message [code]`, then the line and a caret when known.
std::string format_diagnostic(const Diagnostic& d);

bool has_errors(const std::vector<Diagnostic>& ds);

}  // namespace sa
