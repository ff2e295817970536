// Small text facts every stage shares, each defined once: how counts are grouped for people,
// how far apart two names are (for "did you mean"), and what is valid UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

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

}  // namespace sa
