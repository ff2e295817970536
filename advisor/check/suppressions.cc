#include "advisor/check/suppressions.h"

#include <algorithm>
#include <cctype>
#include <string.h>

#include <cstring>

#include "advisor/check/lint_ids.h"

namespace sa::check {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_rule_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; }

// Parses one line that contains the marker. Returns false (with *why) when it is not a suppression
// the tool understands.
bool parse_line(std::string_view line, int line_no, std::vector<Suppression>& out, std::string* why, int* col) {
  size_t marker = line.find(kSuppressionMarker);
  // The marker must sit in a comment: a '#' or ';' before it, with only spaces between.
  size_t hash = line.find_last_of("#;", marker);
  if (hash == std::string_view::npos || !trim(line.substr(hash + 1, marker - hash - 1)).empty()) {
    *col = static_cast<int>(marker) + 1;
    *why = "\"sysctl-advisor:\" outside a comment; expected '# sysctl-advisor: ignore RULE-ID -- reason'";
    return false;
  }
  *col = static_cast<int>(hash) + 1;
  std::string_view rest = trim(line.substr(marker + kSuppressionMarker.size()));
  constexpr std::string_view kVerb = "ignore";
  // `ignore RULE-ID -- reason`, or `ignore[RULE-ID] -- reason` (the form YAML linters use).
  const bool bracket = rest.size() > kVerb.size() && rest[kVerb.size()] == '[';
  if (rest.substr(0, kVerb.size()) != kVerb ||
      (rest.size() > kVerb.size() && !bracket && !std::isspace(static_cast<unsigned char>(rest[kVerb.size()])))) {
    *why = "expected 'ignore RULE-ID -- reason' after \"sysctl-advisor:\"";
    return false;
  }
  rest = trim(rest.substr(kVerb.size()));
  std::string_view reason;
  if (bracket) {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      *why = "expected ']' after 'ignore[RULE-ID'";
      return false;
    }
    std::string_view after = trim(rest.substr(close + 1));
    if (after.substr(0, 2) == "--") reason = trim(after.substr(2));
    rest = trim(rest.substr(1, close - 1));
  } else if (size_t dashes = rest.find("--"); dashes != std::string_view::npos) {
    reason = trim(rest.substr(dashes + 2));
    rest = trim(rest.substr(0, dashes));
  }
  // One rule id, or several separated by commas: each silences its own rule.
  std::vector<std::string> ids;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view id = trim(rest.substr(0, comma));
    if (id.empty() || !std::all_of(id.begin(), id.end(), is_rule_char)) {
      *why = "expected a rule id (letters, digits, '-') after 'ignore', got '" + std::string(id) + "'";
      return false;
    }
    ids.emplace_back(id);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (ids.empty()) {
    *why = "expected a rule id after 'ignore'";
    return false;
  }
  for (auto& id : ids) out.push_back({line_no, *col, std::move(id), std::string(reason), false});
  return true;
}

}  // namespace

// memmem (two-way search) rather than string_view::find, which stops at every 's' of the text.
size_t find_marker(std::string_view text, size_t from) {
  if (from >= text.size()) return std::string_view::npos;
  const void* hit = memmem(text.data() + from, text.size() - from, kSuppressionMarker.data(), kSuppressionMarker.size());
  return hit ? static_cast<size_t>(static_cast<const char*>(hit) - text.data()) : std::string_view::npos;
}

SuppressionScan scan_suppressions(std::string_view text, const std::string& file) {
  SuppressionScan scan;
  size_t counted_to = 0;  // newlines are counted lazily, only up to each marker found
  int line_no = 1;
  size_t pos = find_marker(text, 0);
  while (pos != std::string_view::npos) {
    const char* base = text.data();
    for (const char* p = base + counted_to; (p = static_cast<const char*>(std::memchr(p, '\n', base + pos - p)));) {
      ++line_no;
      ++p;
    }
    size_t begin = text.rfind('\n', pos);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string why;
    int col = 0;
    if (!parse_line(line, line_no, scan.suppressions, &why, &col))
      scan.problems.push_back({Severity::warning, lint::kBadSuppression, {file, line_no, col}, why, std::string(line)});
    counted_to = pos;
    pos = find_marker(text, end);
  }
  return scan;
}

}  // namespace sa::check
