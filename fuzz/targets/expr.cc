// The rule expression language and reason templates (advisor/engine/expr_parser.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/engine/expr_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sa::engine::parse_expression(text);
  sa::engine::parse_template(text);
  return 0;
}
