// The one string hash of the configuration model's hot tables (key cache, effective values):
// eight bytes a step, good enough mixing for sysctl names, much cheaper than std::hash over a
// million lines (bench/results-config.md). The last partial word is read as the last eight bytes
// of the text (overlapping the previous word): a memcpy of a variable size is a library call, and
// it cost as much as the rest of the hash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace sa::config {

inline uint64_t text_hash(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t h = n * 0x9E3779B97F4A7C15ull;
  uint64_t w = 0;
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
      std::memcpy(&w, p + i, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
    std::memcpy(&w, p + n - 8, 8);
  } else {
    for (size_t i = 0; i < n; ++i) w |= uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
  }
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

}  // namespace sa::config
