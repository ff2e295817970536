#include "advisor/config/text_store.h"

#include <algorithm>
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
  // A string_view record kept for the life of the process; its own address fits in 48 bits like
  // every heap address (checked, so a platform where it does not fails loudly, not silently).
  auto* record = new std::string_view(s);  // never freed: views may be copied anywhere
  auto p = reinterpret_cast<uint64_t>(record);
  if (p >> kShift) throw std::length_error("TextView: an address above 2^48 on this platform");
  return (kLong << kShift) | p;
}

TextStore& TextStore::process_wide() {
  static TextStore* store = new TextStore();  // never destroyed: views may outlive static destruction order
  return *store;
}

}  // namespace sa::config
