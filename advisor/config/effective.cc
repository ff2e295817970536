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
#include <cstdint>
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

// Eight bytes of text as a number that compares like the text (the first byte most significant).
inline uint64_t in_text_order(uint64_t word) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return __builtin_bswap64(word);
#else
  return word;
#endif
}

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
  auto is_exclusion = [&](uint32_t i) { return (id_of[i] & kExclusionBit) != 0; };

  // How many lines each key has, its first line, and how many of them are "-key" exclusions.
  std::vector<uint32_t> lines(key_count, 0), first(key_count, 0), exclusions(key_count, 0);
  for (uint32_t i = 0; i < id_of.size(); ++i) {
    const uint32_t k = id_of[i] & ~kExclusionBit;
    if (lines[k]++ == 0) first[k] = i;
    if (id_of[i] & kExclusionBit) ++exclusions[k];
  }

  // Keys in sorted order: sort the ids (cheap to move), then build each EffectiveKey in place.
  // Sorting (text, id) pairs keeps each comparison to one read of the key text.
  std::vector<std::pair<std::string_view, uint32_t>> order;
  order.reserve(key_count);
  for (uint32_t k = 0; k < key_count; ++k)
    if (lines[k] > 0) order.emplace_back(as[first[k]].key, k);  // ids with no line are skipped
  // Keys share long prefixes ("net.ipv4.conf."): compare eight bytes at a time, inline, in the
  // order std::string_view uses (unsigned bytes), rather than call memcmp per comparison.
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    const std::string_view x = a.first, y = b.first;
    const size_t n = std::min(x.size(), y.size());
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t p, q;
      std::memcpy(&p, x.data() + i, 8);
      std::memcpy(&q, y.data() + i, 8);
      if (p != q) return in_text_order(p) < in_text_order(q);
    }
    for (; i < n; ++i)
      if (x[i] != y[i]) return static_cast<unsigned char>(x[i]) < static_cast<unsigned char>(y[i]);
    return x.size() < y.size() || (x.size() == y.size() && a.second < b.second);
  });
  std::vector<uint32_t> slot(key_count);
  set.keys.resize(order.size());
  for (size_t j = 0; j < order.size(); ++j) {
    const auto& [text, k] = order[j];
    EffectiveKey& ek = set.keys[j];
    slot[k] = static_cast<uint32_t>(j);
    ek.key = text;  // a view into the set's text, as the assignments' keys
    ek.is_glob = as[first[k]].is_glob;
    if (lines[k] > 1) ek.shadowed.reserve(lines[k]);
  }
  // Every line of a key with more than one, in load order, straight into its list; the winner is
  // taken out below. (A key set once, most keys of a host, needs no list and no allocation.)
  for (uint32_t i = 0; i < id_of.size(); ++i) {
    const uint32_t k = id_of[i] & ~kExclusionBit;
    if (lines[k] > 1) set.keys[slot[k]].shadowed.push_back(i);
  }

  for (const auto& [text, k] : order) {
    EffectiveKey& ek = set.keys[slot[k]];
    auto& list = ek.shadowed;
    if (lines[k] == 1) {
      ek.winner = first[k];
      ek.excluded = is_exclusion(first[k]);  // a lone "-key" line writes nothing under either loader
    } else if (set.loader == Loader::systemd || exclusions[k] == 0) {
      // The last line wins (under procps too when the key has no "-key" line).
      ek.winner = list.back();
      list.pop_back();
      ek.excluded = is_exclusion(static_cast<uint32_t>(ek.winner));
    } else {
      // procps: "-key" lines only exclude the key from globs; the last real line wins.
      auto w = std::find_if(list.rbegin(), list.rend(), [&](size_t i) { return !is_exclusion(static_cast<uint32_t>(i)); });
      if (w != list.rend()) {
        ek.winner = *w;
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](size_t i) { return i == ek.winner || is_exclusion(static_cast<uint32_t>(i)); }),
                   list.end());
      } else {
        ek.winner = list.back();
        list.pop_back();
        ek.excluded = true;
      }
    }
    if (!ek.excluded) ek.value = as[ek.winner].value;
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
