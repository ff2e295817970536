#include "advisor/config/text_store.h"

#include <algorithm>

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

TextStore& TextStore::process_wide() {
  static TextStore* store = new TextStore();  // never destroyed: views may outlive static destruction order
  return *store;
}

}  // namespace sa::config
