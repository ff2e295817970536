// The one string hash of the configuration model's hot tables (key cache, effective values):
// eight bytes a step, good enough mixing for sysctl names, much cheaper than std::hash over a
// million lines (bench/results-config.md).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace sa::config {

inline uint64_t text_hash(std::string_view s) {
  uint64_t h = s.size() * 0x9E3779B97F4A7C15ull;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  std::memcpy(&w, s.data() + i, s.size() - i);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

}  // namespace sa::config
