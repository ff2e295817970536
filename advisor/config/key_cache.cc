#include "advisor/config/key_cache.h"

#include "advisor/config/text_hash.h"

#include <cstring>

#include "advisor/config/line_parser.h"
#include "advisor/core/sysctl_key.h"

namespace sa::config {

KeyCache::KeyCache(size_t expected_lines) {
  size_t cap = 1024;
  while (cap < expected_lines && cap < (size_t(1) << 21)) cap <<= 1;
  raw_.slots.assign(cap, 0);
  ids_.slots.assign(cap, 0);
  entries_.reserve(cap / 4);
  raw_view_.reserve(cap / 4);
  hot_.reserve(cap / 4);
}

uint64_t KeyCache::hash(std::string_view s) { return text_hash(s); }

// Keys are short (tens of bytes): compare 8 bytes at a time inline rather than call memcmp, the
// last word overlapping the one before (no byte loop for the tail).
static inline bool same_text(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  uint64_t x, y;
  if (n < 8) return std::memcmp(a.data(), b.data(), n) == 0;
  for (size_t i = 0; i + 8 < n; i += 8) {
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  std::memcpy(&x, a.data() + n - 8, 8);
  std::memcpy(&y, b.data() + n - 8, 8);
  return x == y;
}

// Returns true when found; else claims a slot for index `t.count` (the caller appends the text).
// A slot's position comes from the hash's upper half, which the slot keeps as its tag: growing
// the table moves slots without reading or hashing any key text again (403,000 keys grow it ten times).
template <typename TextOf>
bool KeyCache::find_or_add(Table& t, std::string_view text, uint64_t h, TextOf text_of, uint32_t* index) {
  if ((t.count + 1) * 2 > t.slots.size()) {  // keep the load under one half
    std::vector<uint64_t> bigger(t.slots.size() * 2, 0);
    size_t mask = bigger.size() - 1;
    for (uint64_t s : t.slots) {
      if (!s) continue;
      size_t i = (s >> 32) & mask;
      while (bigger[i]) i = (i + 1) & mask;
      bigger[i] = s;
    }
    t.slots.swap(bigger);
  }
  const uint64_t tag = h & 0xffffffff00000000ull;
  const size_t mask = t.slots.size() - 1;
  size_t i = (h >> 32) & mask;
  while (uint64_t s = t.slots[i]) {
    uint32_t idx = static_cast<uint32_t>(s & 0xffffffffu) - 1;
    if ((s & 0xffffffff00000000ull) == tag && same_text(text_of(idx), text)) {
      *index = idx;
      return true;
    }
    i = (i + 1) & mask;
  }
  *index = static_cast<uint32_t>(t.count++);
  t.slots[i] = tag | (uint64_t(*index) + 1);
  return false;
}

uint32_t KeyCache::index_of(std::string_view raw) {
  uint32_t at = 0;
  if (find_or_add(raw_, raw, hash(raw), [&](uint32_t i) { return raw_of(i); }, &at)) return at;
  Entry e;
  std::string_view raw_kept = raw_store_.keep(raw);
  raw_view_.push_back(raw_kept);
  // Most keys are written with dots and are their own normalized form: no second copy.
  size_t first = raw.find_first_of("./");
  e.key = first == std::string_view::npos || raw[first] == '.' ? raw_kept : raw_store_.keep(normalize_key(raw));
  e.glob = is_glob(e.key);
  e.valid = is_valid_key(e.key, /*allow_glob=*/true);
  if (e.valid) {
    uint32_t id = 0;
    if (!find_or_add(ids_, e.key, hash(e.key), [&](uint32_t i) { return id_text_[i]; }, &id)) id_text_.push_back(e.key);
    e.id = id;
  }
  // Built in place, not on the stack and copied: an over-aligned (64) local lands misaligned in
  // ASan's fake stack (detect_stack_use_after_return, --config=asan), which UBSan reports.
  Hot& h = hot_.emplace_back();
  h.id = e.id;
  h.len = static_cast<uint32_t>(raw.size());
  h.key_len = static_cast<uint32_t>(e.key.size());
  h.valid = e.valid;
  h.glob = e.glob;
  if (raw.size() <= sizeof h.text) std::memcpy(h.text, raw.data(), raw.size());
  entries_.push_back(std::move(e));
  return at;
}

uint32_t KeyCache::intern_key(std::string_view normalized) {
  uint32_t id = 0;
  if (!find_or_add(ids_, normalized, hash(normalized), [&](uint32_t i) { return id_text_[i]; }, &id))
    id_text_.push_back(raw_store_.keep(normalized));
  return id;
}

}  // namespace sa::config
