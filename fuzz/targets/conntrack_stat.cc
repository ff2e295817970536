// /proc/net/stat/nf_conntrack (advisor/live/conntrack_stat.h): a --root tree or a copy of another
// host may hold anything there.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "advisor/live/conntrack_stat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sa::live::ConntrackStat stat;
  std::vector<sa::Diagnostic> diags;
  sa::live::parse_conntrack_stat(text, "nf_conntrack", stat, diags);
  return 0;
}
