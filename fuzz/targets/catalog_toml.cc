// The key catalog, rules/keys.toml (advisor/engine/catalog_loader.cc), and the deny list.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/engine/deny_list.h"
#include "advisor/engine/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  sa::engine::parse_catalog(text, "keys.toml");
  sa::engine::parse_deny_list(text, "apply-deny.toml");
  return 0;
}
