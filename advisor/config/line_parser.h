// Text of one sysctl file -> assignments and diagnostics, exactly as a given loader reads lines.
// Pure: no file system. Lines end where the loader ends them: systemd-sysctl at LF, CR and NUL,
// procps at LF (its line stops at a NUL); a line the two read differently is an error
// (loader-split-line) and the given loader's reading counts. Both loaders (procps src/sysctl.c parse_setting_line, systemd
// src/sysctl/sysctl.c parse_file/parse_line) strip whitespace around the line, the key and the
// value, skip lines whose first non-blank character is '#' or ';', split at the FIRST '=', take a
// leading '-' as "ignore failure" and a bare "-key" without '=' as an exclusion from globs.
// Where they differ (a blank after the '-') the loader decides; see docs/loaders.md.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "advisor/config/config_set.h"
#include "advisor/core/diagnostic.h"

namespace sa::config {

// Lines longer than this are refused: the kernel takes at most one page per sysctl write, and
// systemd-sysctl stops reading a file at a line over LONG_LINE_MAX (1 MiB).
constexpr size_t kMaxLineLength = 4096;
// systemd-sysctl's LONG_LINE_MAX: a line this long or longer ends its reading of the file.
constexpr size_t kSystemdLineMax = 1024 * 1024;

// Diagnostic codes (stable ids, reused by tests and docs).
namespace code {
inline constexpr const char* kMissingEquals = "missing-equals";
inline constexpr const char* kEmptyKey = "empty-key";
inline constexpr const char* kInvalidKey = "invalid-key";
inline constexpr const char* kBlankAfterDash = "blank-after-dash";
inline constexpr const char* kEmptyValue = "empty-value";
inline constexpr const char* kInlineComment = "inline-comment";
inline constexpr const char* kLineTooLong = "line-too-long";
inline constexpr const char* kBinaryLine = "binary-line";
inline constexpr const char* kLoaderSplitLine = "loader-split-line";
inline constexpr const char* kFileCut = "file-cut";
inline constexpr const char* kNotUtf8 = "not-utf8";
inline constexpr const char* kUnreadableFile = "unreadable-file";
inline constexpr const char* kUnreadableFolder = "unreadable-folder";
inline constexpr const char* kNotAFile = "not-a-file";
inline constexpr const char* kNotAFolder = "not-a-folder";
inline constexpr const char* kTooManyProblems = "too-many-problems";
}  // namespace code

// Appends the assignments of `text` (file index `file`, shown as `shown_path` in diagnostics) to
// `out` and its diagnostics to `diags`. Never throws on bad input; every bad line is skipped with a
// diagnostic and the rest still count.
void parse_text(std::string_view text, uint32_t file, const std::string& shown_path, Loader loader,
                std::vector<Assignment>& out, std::vector<Diagnostic>& diags);

class KeyCache;
// The same, keeping keys and values in `store` (the ConfigSet's), remembering each distinct key
// in `cache` and appending the dense id of each assignment's key to `ids` (parallel to `out`), for
// compute_effective_with_ids. `text` need not outlive the call.
void parse_text(std::string_view text, uint32_t file, const std::string& shown_path, Loader loader,
                std::vector<Assignment>& out, std::vector<Diagnostic>& diags, TextStore& store, KeyCache* cache,
                std::vector<uint32_t>* ids);

// Where a line's key (after an optional '-') and value start, 1-based, as parse_text reads the
// line; 0 for a part the line does not have (a comment has neither, "-key" has no value). A key
// that is empty ("= 5") is placed at the '=', and so is an empty value. Diagnostics carry their
// own column; check asks this for the findings it places on a line later (lazily: only lines
// that have a finding are looked at).
struct LineColumns {
  int key = 0;
  int value = 0;
};
LineColumns columns_of(std::string_view line);

// True when the key contains a glob character ('*', '?', '['), as both loaders decide.
bool is_glob(std::string_view key);

// `text` made safe to print and to put in JSON: sa::printable (advisor/core/printable.h).
std::string printable(std::string_view text);

}  // namespace sa::config
