#include "advisor/live/port_range.h"

#include <algorithm>
#include <charconv>

namespace sa::live {
namespace {

bool parse_port(std::string_view word, uint32_t& port) {
  auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), port);
  return ec == std::errc() && ptr == word.data() + word.size() && port <= 65535;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<PortRange> parse_port_range(std::string_view value) {
  value = trim(value);
  size_t sep = value.find_first_of(" \t");
  if (sep == std::string_view::npos) return std::nullopt;
  PortRange r;
  if (!parse_port(value.substr(0, sep), r.low) || !parse_port(trim(value.substr(sep)), r.high)) return std::nullopt;
  if (r.low > r.high) return std::nullopt;
  return r;
}

std::optional<std::vector<PortRange>> parse_reserved_ports(std::string_view value) {
  std::vector<PortRange> out;
  value = trim(value);
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    if (item.empty()) return std::nullopt;
    PortRange r;
    size_t dash = item.find('-');
    if (dash == std::string_view::npos) {
      if (!parse_port(item, r.low)) return std::nullopt;
      r.high = r.low;
    } else if (!parse_port(item.substr(0, dash), r.low) || !parse_port(item.substr(dash + 1), r.high) ||
               r.low > r.high) {
      return std::nullopt;
    }
    out.push_back(r);
  }
  return out;
}

uint64_t usable_local_ports(const PortRange& range, const std::vector<PortRange>& reserved) {
  // high++; remaining = high - low; if (likely(remaining > 1)) remaining &= ~1U;
  uint64_t remaining = static_cast<uint64_t>(range.high) + 1 - range.low;
  if (remaining > 1) remaining &= ~uint64_t{1};
  if (remaining == 0) return 0;
  const uint64_t first = range.low, last = range.low + remaining - 1;  // scanned, inclusive
  // Reserved entries may overlap each other; count each port once.
  std::vector<std::pair<uint64_t, uint64_t>> cut;
  for (const PortRange& r : reserved) {
    uint64_t lo = std::max<uint64_t>(r.low, first), hi = std::min<uint64_t>(r.high, last);
    if (lo <= hi) cut.emplace_back(lo, hi);
  }
  std::sort(cut.begin(), cut.end());
  uint64_t reserved_count = 0, covered_to = 0;  // ports < covered_to are already counted
  for (auto [lo, hi] : cut) {
    lo = std::max(lo, covered_to);
    if (lo <= hi) reserved_count += hi - lo + 1;
    covered_to = std::max(covered_to, hi + 1);
  }
  return remaining - reserved_count;
}

}  // namespace sa::live
