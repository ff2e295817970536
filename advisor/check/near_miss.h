// "Did you mean" for sysctl keys at the speed of a million lines: a key not in the catalog is
// compared only with catalog keys of a similar length, with an edit distance that gives up past
// the bound, and each distinct key is judged once per run (a fleet repeats the same keys).
// Stricter than engine::did_you_mean (at most 2 edits): a key that is merely not in the catalog
// is not a typo, and a CI gate must not cry wolf.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "advisor/engine/catalog.h"

namespace sa::check {


// What the catalog says about one key, judged once per distinct key and run.
struct KeyVerdict {
  const engine::KeyInfo* info = nullptr;  // the catalog entry, if the key has one
  std::optional<std::string> near;        // else: the catalog key it is a near miss of, if any
};

class NearMiss {
 public:
  explicit NearMiss(const engine::Catalog& catalog);
  // The catalog key one or two edits from `key` (one for keys under 12 characters), if any.
  const std::optional<std::string>& find(std::string_view key) { return judge(key).near; }
  // Catalog entry or near miss in one lookup (lint_keys calls it for every assignment).
  const KeyVerdict& judge(std::string_view key);

 private:
  const engine::Catalog& catalog_;
  std::vector<std::string> names_;
  std::deque<std::string> keys_;  // owns the cache's keys (a deque never moves them)
  std::unordered_map<std::string_view, KeyVerdict> cache_;
};

}  // namespace sa::check
