// compute_effective with key ids already known (the parser's KeyCache gives them): skips hashing
// every line a second time. `id_of` is parallel to set.assignments; ids are < key_count and two
// assignments share an id exactly when their keys are equal. An exclusion line ("-key") has
// kExclusionBit set in its id, so the rule for exclusions reads no Assignment (a million of them
// do not fit in the cache) unless its key has such a line.
#pragma once

#include <cstdint>
#include <vector>

#include "advisor/config/config_set.h"

namespace sa::config {

inline constexpr uint32_t kExclusionBit = 0x80000000u;

void compute_effective_with_ids(ConfigSet& set, const std::vector<uint32_t>& id_of, size_t key_count);

}  // namespace sa::config
