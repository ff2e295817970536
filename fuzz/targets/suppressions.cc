// Suppression comments in checked files (advisor/check/suppressions.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/check/suppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sa::check::scan_suppressions(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.conf");
  return 0;
}
