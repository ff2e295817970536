#include "advisor/check/near_miss.h"

#include <algorithm>


namespace sa::check {

size_t bounded_distance(std::string_view a, std::string_view b, size_t bound) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > bound) return bound + 1;
  const size_t big = bound + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = std::min(j, big);
  for (size_t i = 1; i <= a.size(); ++i) {
    // Only the diagonal band |i - j| <= bound can stay within the bound.
    size_t lo = i > bound ? i - bound : 1;
    size_t hi = std::min(b.size(), i + bound);
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

NearMiss::NearMiss(const engine::Catalog& catalog) : catalog_(catalog), names_(catalog.names()) {}

const KeyVerdict& NearMiss::judge(std::string_view key) {
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  KeyVerdict& v = cache_[keys_.emplace_back(key)];
  v.info = catalog_.find(key);
  if (v.info || catalog_.is_known_name(key)) return v;  // in the catalog, or a real key merely not in it
  const size_t bound = key.size() < 12 ? 1 : 2;
  size_t best = bound + 1;
  for (const std::string& n : names_) {
    if (n.size() + bound < key.size() || key.size() + bound < n.size()) continue;
    size_t d = bounded_distance(key, n, bound);
    if (d > 0 && d < best) {
      best = d;
      v.near = n;
    }
  }
  return v;
}

}  // namespace sa::check
