// /proc/net/netstat, /proc/net/snmp and sockstat (advisor/live/proc_counters.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <map>

#include "advisor/live/proc_counters.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::map<std::string, int64_t> counters;
  std::map<std::string, std::map<std::string, int64_t>> sockstat;
  std::vector<sa::Diagnostic> diags;
  sa::live::parse_counter_pairs(text, "netstat", counters, diags);
  sa::live::parse_sockstat(text, "sockstat", sockstat, diags);
  return 0;
}
