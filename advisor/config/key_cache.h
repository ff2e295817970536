// Per distinct raw key text: its normalized form, whether it is valid and a glob, and a dense id
// for the normalized key. A million lines over a few thousand keys then cost one hash lookup per
// line instead of normalizing, validating and hashing each line again (bench/results-config.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/config/text_store.h"

namespace sa::config {

class KeyCache {
 public:
  struct Entry {
    std::string_view key;  // normalized, dotted; kept by the cache (most keys: the raw text itself)
    uint32_t id = 0;  // dense id of `key` (the same for "net/ipv4/x" and "net.ipv4.x")
    bool valid = false;
    bool glob = false;
  };
  // What parse_text needs per line, in one cache line (a line costs a slot and this record, no
  // more: a million lines over a few thousand keys otherwise wait on four cache misses each).
  struct alignas(64) Hot {
    // The normalized key copied into the TextStore of the set being loaded, on first use
    // (parse_text): the Assignments' views point there, since this cache dies with the load.
    mutable const char* kept = nullptr;
    uint32_t id = 0;
    uint32_t len = 0;      // of the raw text
    uint32_t key_len = 0;  // of the normalized key (and of kept)
    bool valid = false;
    bool glob = false;
    char text[42];         // the raw text when it fits (else raw_view_)
  };
  // `expected_lines` sizes the tables once (no rehash on the way up to that many keys).
  explicit KeyCache(size_t expected_lines = 0);
  const Entry& lookup(std::string_view raw) { return entries_[index_of(raw)]; }
  const Hot& lookup_hot(std::string_view raw) { return hot_[index_of(raw)]; }
  // The normalized key of a record lookup_hot gave.
  std::string_view key_of(const Hot& h) const { return entries_[static_cast<size_t>(&h - hot_.data())].key; }
  size_t key_count() const { return ids_.count; }
  // The normalized key of an id, and the id of a normalized key (added when new): how the loads
  // of several threads, each with its own cache, agree on one set of ids (load_parts.cc).
  std::string_view key_text(uint32_t id) const { return id_text_[id]; }
  uint32_t intern_key(std::string_view normalized);

 private:
  struct Table {  // open addressing: slot = hash tag (high 32 bits) | index + 1
    std::vector<uint64_t> slots;
    size_t count = 0;
  };
  static uint64_t hash(std::string_view s);
  template <typename TextOf>
  static bool find_or_add(Table& t, std::string_view text, uint64_t h, TextOf text_of, uint32_t* index);
  uint32_t index_of(std::string_view raw);
  std::string_view raw_of(uint32_t entry) const {
    const Hot& h = hot_[entry];
    return h.len <= sizeof h.text ? std::string_view(h.text, h.len) : raw_view_[entry];
  }
  std::vector<Hot> hot_;  // parallel to entries_
  Table raw_;
  // Parallel to entries_: each raw text, kept in raw_store_ (stable), so a probe reads one array.
  std::vector<std::string_view> raw_view_;
  TextStore raw_store_;
  std::vector<Entry> entries_;
  Table ids_;
  std::vector<std::string_view> id_text_;  // id -> that normalized key, kept in raw_store_
};

}  // namespace sa::config
