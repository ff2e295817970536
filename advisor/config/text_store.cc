#include "advisor/config/text_store.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <stdexcept>

namespace sa::config {

void TextStore::grow(size_t need) {
  // Chunks of 256 KiB: few allocations for a million short values, little waste for a small tree.
  constexpr size_t kChunk = size_t(256) << 10;
  size_t size = std::max(need, kChunk);
  chunks_.emplace_back(new char[size]);
  next_ = chunks_.back().get();
  end_ = next_ + size;
  bytes_ += size;
}

uint64_t TextView::pack_long(std::string_view s) {
  // The full view, kept in a list that lives as long as the process (views may be copied
  // anywhere) and stays reachable, so leak checkers do not count it. A deque never moves what it
  // holds. Only text of 64 KiB or more comes here: never a sysctl line (the parser caps them).
  static auto* lock = new std::mutex;
  static auto* records = new std::deque<std::string_view>;
  std::lock_guard<std::mutex> hold(*lock);
  records->push_back(s);
  auto p = reinterpret_cast<uint64_t>(&records->back());
  if (p >> kShift) throw std::length_error("TextView: an address above 2^48 on this platform");
  return (kLong << kShift) | p;
}

TextStore& TextStore::process_wide() {
  static TextStore* store = new TextStore();  // never destroyed: views may outlive static destruction order
  return *store;
}

}  // namespace sa::config
