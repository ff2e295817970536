// sysctl.d lines and files (advisor/config/line_parser.h), as both loaders read them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/config/line_parser.h"
#include "advisor/config/text_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto loader : {sa::config::Loader::systemd, sa::config::Loader::procps}) {
    std::vector<sa::config::Assignment> out;
    std::vector<sa::Diagnostic> diags;
    // Its own store, freed after each input: the short overload keeps keys and values in the
    // process-wide store for the life of the process (right for a command that reads its files
    // once), so a campaign through it grew without end (1.8 GB after 3.9 million inputs).
    sa::config::TextStore store;
    sa::config::parse_text(text, 0, "fuzz.conf", loader, out, diags, store, nullptr, nullptr);
  }
  sa::config::printable(text);
  return 0;
}
