// The built-in lints of `check`: stable kebab-case ids with a title and the reasoning behind each,
// as data. SARIF's rule metadata, the JUnit test names and `explain` read this table; the syntax
// lints reuse advisor/config's diagnostic codes so one mistake has one id everywhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "advisor/plan/check_result.h"

namespace sa::check {

namespace lint {
inline constexpr const char* kUnknownKey = "unknown-key";
inline constexpr const char* kAbsentOnKernel = "absent-on-kernel";
inline constexpr const char* kInvalidValue = "invalid-value";
inline constexpr const char* kUndocumentedValue = "undocumented-value";
inline constexpr const char* kDuplicateKey = "duplicate-key";
inline constexpr const char* kShadowedKey = "shadowed-key";
inline constexpr const char* kHiddenFile = "hidden-file";
inline constexpr const char* kUnusedSuppression = "unused-suppression";
inline constexpr const char* kBadSuppression = "bad-suppression";
inline constexpr const char* kBadMapping = "bad-mapping";
inline constexpr const char* kMappingMatchesNothing = "mapping-matches-nothing";
inline constexpr const char* kUnmappedFile = "unmapped-file";
inline constexpr const char* kSyntaxError = "syntax-error";  // a syntax diagnostic that came without a code
}  // namespace lint

// Metadata for a lint id (syntax codes of advisor/config included); nullptr when not a lint.
const plan::RuleInfo* lint_info(std::string_view id);
// Every lint id, sorted.
std::vector<std::string> lint_ids();
// The lints that judge every line of every file (a JUnit test case per file each); syntax codes
// appear only where they fire.
std::vector<std::string> per_file_lint_ids();

}  // namespace sa::check
