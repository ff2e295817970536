#include "advisor/core/text.h"

#include <algorithm>
#include <vector>

namespace sa {

std::string thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -static_cast<uint64_t>(n) : static_cast<uint64_t>(n));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

size_t edit_distance(std::string_view a, std::string_view b, size_t bound) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > bound) return bound + 1;
  const size_t big = bound == std::numeric_limits<size_t>::max() ? bound : bound + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = std::min(j, big);
  for (size_t i = 1; i <= a.size(); ++i) {
    // Only the diagonal band |i - j| <= bound can stay within the bound.
    size_t lo = i > bound ? i - bound : 1;
    size_t hi = bound >= b.size() ? b.size() : std::min(b.size(), i + bound);
    cur[lo - 1] = lo == 1 ? std::min(i, big) : big;
    size_t row_min = cur[lo - 1];
    for (size_t j = lo; j <= hi; ++j) {
      size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      cur[j] = std::min(v, big);
      row_min = std::min(row_min, cur[j]);
    }
    if (hi < b.size()) cur[hi + 1] = big;
    if (row_min > bound) return big;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], big);
}

size_t utf8_valid_prefix(std::string_view s) {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* p = begin;
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) { ++p; continue; }
    int n = (c >= 0xC2 && c <= 0xDF) ? 1 : (c >= 0xE0 && c <= 0xEF) ? 2 : (c >= 0xF0 && c <= 0xF4) ? 3 : -1;
    if (n < 0 || end - p <= n) break;
    bool ok = true;
    for (int i = 1; i <= n; ++i)
      if ((p[i] & 0xC0) != 0x80) ok = false;
    if (c == 0xE0 && p[1] < 0xA0) ok = false;  // overlong
    if (c == 0xED && p[1] > 0x9F) ok = false;  // surrogates
    if (c == 0xF0 && p[1] < 0x90) ok = false;  // overlong
    if (c == 0xF4 && p[1] > 0x8F) ok = false;  // above U+10FFFF
    if (!ok) break;
    p += n + 1;
  }
  return static_cast<size_t>(p - begin);
}

bool valid_utf8(std::string_view s) { return utf8_valid_prefix(s) == s.size(); }

std::vector<LocatedWord> located_words(std::string_view line) {
  std::vector<LocatedWord> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return out;
}

bool all_digits(const char* s) {
  if (!*s) return false;
  for (; *s; ++s)
    if (*s < '0' || *s > '9') return false;
  return true;
}

}  // namespace sa
