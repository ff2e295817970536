// In-file suppressions: `# sysctl-advisor: ignore RULE-ID -- reason` silences RULE-ID on the line it
// sits on and on the line after it. A suppression that silences nothing is reported, so stale
// ones do not pile up. Pure: text in, suppressions out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::check {

struct Suppression {
  int line = 0;        // 1-based line of the comment
  int col = 0;         // 1-based column of the comment marker ('#' or ';')
  std::string rule;    // the rule id it silences
  std::string reason;  // text after "--"; empty when missing
  bool used = false;
};

struct SuppressionScan {
  std::vector<Suppression> suppressions;
  // Comments that mention "sysctl-advisor:" but do not parse (no rule id, unknown verb): they
  // name the line and what was expected. Code "bad-suppression".
  std::vector<Diagnostic> problems;
};

// The marker every suppression carries; files without it are skipped with one substring search.
inline constexpr std::string_view kSuppressionMarker = "sysctl-advisor:";

// Scans a whole file's text. `file` is only copied into the problems' locations.
SuppressionScan scan_suppressions(std::string_view text, const std::string& file);

// True when s silences `rule` for a finding on `line`.
inline bool covers(const Suppression& s, std::string_view rule, int line) {
  return s.rule == rule && (line == s.line || line == s.line + 1);
}

}  // namespace sa::check
