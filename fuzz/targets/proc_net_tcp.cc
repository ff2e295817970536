// /proc/net/tcp and tcp6 rows (advisor/live/census.h: parse_tcp_row), then the tally they feed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "advisor/live/census.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sa::live::CensusTally tally(std::nullopt);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    for (bool v6 : {false, true}) {
      sa::live::TcpRow row;
      if (sa::live::parse_tcp_row(line, v6, row)) tally.add(row.state, row.remote, row.remote_port, row.local_port);
    }
  }
  return 0;
}
