// Reading and writing live values under ROOT/proc/sys, with the read-back check: the kernel may
// refuse a value (EINVAL: tcp_tw_reuse=3, a reversed ip_local_port_range), clamp it, or print it
// differently (tabs between the numbers of a range, "010" back as "10").
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "advisor/core/sysctl_key.h"  // same_value

namespace sa::apply {

struct LiveRead {
  bool exists = false;
  std::string value;  // folded
  std::string error;  // non-empty: unreadable (or invalid key)
};
LiveRead read_live(const std::filesystem::path& root, const std::string& key);

// Writes value to the key, then reads it back. Returns "" on success, else what failed and why
// ("the kernel refused 3 for net.ipv4.tcp_tw_reuse: Invalid argument", "wrote 99999 but the kernel
// kept 65535"). `read_back` receives the value read after writing when it could be read.
std::string write_live(const std::filesystem::path& root, const std::string& key, const std::string& value,
                       std::optional<std::string>* read_back);


}  // namespace sa::apply
