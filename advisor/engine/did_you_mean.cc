// "unknown key 'x'; did you mean 'y'?" as clang-tidy does: the nearest name by edit distance,
// offered only when it is close enough to be a typo.
#include <algorithm>
#include <vector>

#include "advisor/engine/engine.h"

namespace sa::engine {

std::optional<std::string> did_you_mean(const std::string& typed, const std::vector<std::string>& candidates) {
  // A third of the length, at least 2: "tcp_tw_resue" finds "tcp_tw_reuse", "foo" finds nothing.
  const size_t threshold = std::max<size_t>(2, typed.size() / 3);
  // The first nearest name within the threshold. Each distance is bounded by the best so far, so a
  // long unknown word costs a band of the table per candidate, not the whole table (a rule file of
  // junk words made `rules`, `check` and the fuzz targets spend most of their time here).
  const std::string* best = nullptr;
  size_t best_d = threshold + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(typed, c, best_d - 1);
    if (d < best_d) {
      best = &c;
      best_d = d;
      if (d == 0) break;
    }
  }
  if (best && best_d > 0) return *best;
  // "opens_upstream" for "opens_upstream_connections": a unique name that extends what was typed.
  const std::string* prefixed = nullptr;
  for (const auto& c : candidates) {
    if (typed.size() >= 4 && c.size() > typed.size() && c.compare(0, typed.size(), typed) == 0) {
      if (prefixed) return std::nullopt;
      prefixed = &c;
    }
  }
  if (prefixed) return *prefixed;
  return std::nullopt;
}

std::string did_you_mean_hint(const std::string& typed, const std::vector<std::string>& candidates) {
  auto best = did_you_mean(typed, candidates);
  return best ? "; did you mean '" + *best + "'?" : "";
}

}  // namespace sa::engine
