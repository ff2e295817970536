// sysctl.d lines and files (advisor/config/line_parser.h), as both loaders read them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/config/line_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto loader : {sa::config::Loader::systemd, sa::config::Loader::procps}) {
    std::vector<sa::config::Assignment> out;
    std::vector<sa::Diagnostic> diags;
    sa::config::parse_text(text, 0, "fuzz.conf", loader, out, diags);
  }
  sa::config::printable(text);
  return 0;
}
