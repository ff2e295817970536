// The repository mapping file .sysctl-advisor.toml (advisor/check/mapping.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/check/mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::check::parse_mapping(std::string_view(reinterpret_cast<const char*>(data), size), ".sysctl-advisor.toml");
  return 0;
}
