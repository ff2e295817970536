#include "advisor/check/near_miss.h"

#include "advisor/core/text.h"

#include <algorithm>


namespace sa::check {


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
    size_t d = edit_distance(key, n, bound);
    if (d > 0 && d < best) {
      best = d;
      v.near = n;
    }
  }
  return v;
}

}  // namespace sa::check
