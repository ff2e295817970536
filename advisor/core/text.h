// Small text facts every stage shares, each defined once: how counts are grouped for people,
// how far apart two names are (for "did you mean"), what is valid UTF-8, and how a /proc table
// line splits into located words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace sa {

// 34211 -> "34,211": counts read at a glance (templates, snapshot summaries).
std::string thousands(int64_t n);

// Levenshtein distance; stops early and returns a value > bound once the distance exceeds bound
// (callers that only want near misses pass a small bound and skip the full table).
size_t edit_distance(std::string_view a, std::string_view b, size_t bound = std::numeric_limits<size_t>::max());

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. What a JSON
// writer accepts as text.
bool valid_utf8(std::string_view s);
// The length of the longest prefix of `s` that is valid UTF-8 (s.size() when all of it is): where
// the first bad byte is, for a located diagnostic.
size_t utf8_valid_prefix(std::string_view s);

// A word of a whitespace-separated line (space, tab, CR), with its 1-based column: the /proc
// tables (netstat, snmp, nf_conntrack statistics) are read by these, and a bad one is located.
struct LocatedWord {
  std::string_view text;
  int col = 0;
};
std::vector<LocatedWord> located_words(std::string_view line);

// Non-empty and only ASCII digits: a /proc entry that names a process.
bool all_digits(const char* s);

}  // namespace sa
