// Rule files (advisor/engine/rule_reader.cc, rule_compiler.cc), compiled against the project's own
// catalog and profiles so the checks past the TOML reach the expression compiler.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/engine/engine.h"
#include "fuzz/targets/fuzz_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sa::engine::Knowledge k = sa::fuzz::knowledge();
  std::string text(reinterpret_cast<const char*>(data), size);
  sa::engine::parse_rules({{"rules/fuzz.toml", text}}, k.profiles, k.catalog);
  return 0;
}
