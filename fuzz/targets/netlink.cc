// A NETLINK_SOCK_DIAG dump reply as the kernel would send it, fed as raw bytes to the parser the
// census uses (advisor/live/census.h: tally_diag_reply).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <cstring>
#include <vector>

#include "advisor/live/census.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The kernel's buffer is aligned; so is ours (the parser casts to struct nlmsghdr).
  std::vector<uint64_t> buf(size / 8 + 1);
  std::memcpy(buf.data(), data, size);
  sa::live::CensusTally tally(std::nullopt);
  sa::live::tally_diag_reply(reinterpret_cast<const char*>(buf.data()), size, 0, 0, tally);
  return 0;
}
