// The effective value of each key (compute_effective), for both loaders.
//
// procps (src/sysctl.c write_setting_list): every line is written in order, so the last line of a
// key wins; a glob is expanded with glob(3) and skips every path that has an explicit line anywhere
// in the list or matches a "-pattern" exclusion (fnmatch); an exclusion never cancels an explicit line.
// systemd (src/sysctl/sysctl.c parse_file/apply_all): one entry per key in an ordered hashmap; a
// later line with a different value replaces the entry, so the last line wins, and a later "-key"
// replaces it with "write nothing"; a glob skips every key that has an entry (exact name only).
#include <fnmatch.h>

#include <algorithm>
#include <cstring>

#include "advisor/config/config_set.h"
#include "advisor/config/effective.h"
#include "advisor/config/text_hash.h"

namespace sa::config {
namespace {

// A flat open-addressing table: key text -> dense id. One probe sequence per line, no allocation
// per line (the keys are views into the assignments, which no longer move).
class KeyIds {
 public:
  explicit KeyIds(size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    keys_.reserve(expected / 4 + 16);
  }
  // A slot holds the upper half of the hash and id + 1, so a probe rarely touches key text.
  uint32_t id(std::string_view key) {
    uint64_t h = hash(key);
    uint64_t tag = h & 0xffffffff00000000ull;
    size_t i = h & mask_;
    while (true) {
      uint64_t s = slots_[i];
      if (s == 0) {
        keys_.push_back(key);
        slots_[i] = tag | keys_.size();
        return static_cast<uint32_t>(keys_.size() - 1);
      }
      if ((s & 0xffffffff00000000ull) == tag && keys_[(s & 0xffffffffu) - 1] == key)
        return static_cast<uint32_t>((s & 0xffffffffu) - 1);
      i = (i + 1) & mask_;
    }
  }
  size_t size() const { return keys_.size(); }
  std::string_view key(uint32_t id) const { return keys_[id]; }

 private:
  static uint64_t hash(std::string_view s) { return text_hash(s); }
  std::vector<uint64_t> slots_;
  std::vector<std::string_view> keys_;
  size_t mask_ = 0;
};

// Dotted key -> the /proc/sys relative path glob(3) sees, so '*' stops at a path separator.
std::string as_path(std::string_view dotted) {
  std::string p(dotted);
  for (char& c : p) c = c == '.' ? '/' : c == '/' ? '.' : c;
  return p;
}

}  // namespace

void compute_effective(ConfigSet& set) {
  KeyIds ids(set.assignments.size());
  std::vector<uint32_t> id_of(set.assignments.size());
  for (size_t i = 0; i < id_of.size(); ++i)
    id_of[i] = ids.id(set.assignments[i].key) | (set.assignments[i].exclusion ? kExclusionBit : 0);
  compute_effective_with_ids(set, id_of, ids.size());
}

void compute_effective_with_ids(ConfigSet& set, const std::vector<uint32_t>& id_of, size_t key_count) {
  const auto& as = set.assignments;
  set.keys.clear();

  // Group the assignments by key, keeping load order within each group (a counting sort), and
  // count each key's exclusion lines.
  std::vector<uint32_t> start(key_count + 1, 0), exclusions(key_count, 0);
  for (uint32_t id : id_of) {
    ++start[(id & ~kExclusionBit) + 1];
    if (id & kExclusionBit) ++exclusions[id & ~kExclusionBit];
  }
  for (size_t k = 0; k < key_count; ++k) start[k + 1] += start[k];
  std::vector<uint32_t> grouped(as.size());
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (size_t i = 0; i < as.size(); ++i) grouped[fill[id_of[i] & ~kExclusionBit]++] = static_cast<uint32_t>(i);
  }
  auto is_exclusion = [&](uint32_t i) { return (id_of[i] & kExclusionBit) != 0; };

  // Keys in sorted order: sort the ids (cheap to move), then build each EffectiveKey in place.
  // Sorting (text, id) pairs keeps each comparison to one read of the key text.
  std::vector<std::pair<std::string_view, uint32_t>> order;
  order.reserve(key_count);
  for (uint32_t k = 0; k < key_count; ++k)
    if (start[k + 1] > start[k]) order.emplace_back(as[grouped[start[k]]].key, k);  // ids with no line are skipped
  std::sort(order.begin(), order.end());
  set.keys.reserve(order.size());
  for (const auto& [text, k] : order) {
    const uint32_t* first = grouped.data() + start[k];
    const uint32_t* last = grouped.data() + start[k + 1];
    EffectiveKey ek;
    ek.key = std::string(text);
    ek.is_glob = as[*first].is_glob;
    if (set.loader == Loader::systemd || exclusions[k] == 0) {
      // The last line wins (under procps too when the key has no "-key" line).
      ek.winner = *(last - 1);
      ek.excluded = is_exclusion(ek.winner);
      ek.shadowed.assign(first, last - 1);
    } else {
      const uint32_t* w = nullptr;
      for (const uint32_t* p = first; p != last; ++p)
        if (!is_exclusion(*p)) w = p;
      if (w) {
        ek.winner = *w;
        for (const uint32_t* p = first; p != last; ++p)
          if (p != w && !is_exclusion(*p)) ek.shadowed.push_back(*p);
      } else {
        ek.winner = *(last - 1);
        ek.excluded = true;
        ek.shadowed.assign(first, last - 1);
      }
    }
    if (!ek.excluded) ek.value = std::string(as[ek.winner].value);
    set.keys.push_back(std::move(ek));
  }

  // Which globs an explicit key beats. Patterns are few; each is tried against each explicit key.
  std::vector<std::pair<std::string, size_t>> globs;
  for (const auto& k : set.keys)
    if (k.is_glob && !k.excluded) globs.emplace_back(as_path(k.key), k.winner);
  if (globs.empty()) return;
  for (auto& k : set.keys) {
    if (k.is_glob) continue;
    std::string path = as_path(k.key);
    for (const auto& [pattern, winner] : globs)
      if (fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0) k.globs_overridden.push_back(winner);
  }
}

}  // namespace sa::config
