// Profile files (advisor/engine/profile_loader.cc): the input is one profile file next to
// generic.toml's traits, so extends/trait checks are reached.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/engine/engine.h"
#include "fuzz/targets/fuzz_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string generic = sa::fuzz::data_file("profiles/generic.toml");
  std::string text(reinterpret_cast<const char*>(data), size);
  sa::engine::parse_profiles({{"profiles/generic.toml", generic}, {"profiles/fuzz.toml", text}});
  sa::engine::parse_profiles({{"profiles/fuzz.toml", text}});
  return 0;
}
