// The local ports connect() can pick from: ip_local_port_range less ip_local_reserved_ports,
// counted the way the kernel's __inet_hash_connect() walks them (net/ipv4/inet_hashtables.c).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sa::live {

struct PortRange {
  uint32_t low = 0, high = 0;  // inclusive
};

// "32768 60999" (tab or spaces) -> {32768, 60999}; nullopt when not two ports with low <= high.
std::optional<PortRange> parse_port_range(std::string_view value);

// "1000-1100,8080" -> {{1000,1100},{8080,8080}}; empty text is an empty list. nullopt on a
// malformed entry (the kernel's proc_do_large_bitmap accepts only this syntax).
std::optional<std::vector<PortRange>> parse_reserved_ports(std::string_view value);

// How many ports __inet_hash_connect() can hand out. It scans [low, high+1) but rounds the span
// down to an even count ("remaining &= ~1U" when remaining > 1), because it walks one parity and
// then the other; so with an odd-sized range the last port is never picked. Reserved ports inside
// the scanned span are skipped (inet_is_local_reserved_port).
uint64_t usable_local_ports(const PortRange& range, const std::vector<PortRange>& reserved);

}  // namespace sa::live
