#include "advisor/core/sysctl_key.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sa {

std::string normalize_key(std::string_view raw) {
  std::string key(raw);
  size_t first = key.find_first_of("./");
  if (first == std::string::npos || key[first] == '.') return key;
  for (char& c : key) {
    if (c == '/') c = '.';
    else if (c == '.') c = '/';
  }
  return key;
}

namespace {

// Which bytes a key may hold: 1 = a name character, 2 = a glob character. A table: check calls
// this for every distinct key of every host group (hundreds of thousands).
struct KeyChars {
  unsigned char kind[256] = {};
  constexpr KeyChars() {
    for (int c = 'a'; c <= 'z'; ++c) kind[c] = 1;
    for (int c = 'A'; c <= 'Z'; ++c) kind[c] = 1;
    for (int c = '0'; c <= '9'; ++c) kind[c] = 1;
    for (unsigned char c : std::string_view("_-./:@+")) kind[c] = 1;
    for (unsigned char c : std::string_view("*?[]!")) kind[c] = 2;
  }
};
constexpr KeyChars kKeyChars;  // built at compile time: safe to use from any static initializer

}  // namespace

bool is_valid_key(std::string_view key, bool allow_glob) {
  // Every character allowed, and every '.'-separated component non-empty and neither starting
  // nor ending with '/' (a component made only of slashes would be "." or ".." after the swap
  // back to a path; this also refuses a leading or trailing '.', "..", and a leading '/').
  if (key.empty()) return false;
  const unsigned char max_kind = allow_glob ? 2 : 1;
  size_t start = 0;
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '.') {
      if (i == start || key[start] == '/' || key[i - 1] == '/') return false;
      start = i + 1;
      continue;
    }
    const unsigned char k = kKeyChars.kind[static_cast<unsigned char>(key[i])];
    if (k == 0 || k > max_kind) return false;
  }
  return true;
}

std::optional<std::filesystem::path> proc_sys_path(const std::filesystem::path& root, std::string_view dotted) {
  if (!is_valid_key(dotted)) return std::nullopt;
  std::string rel(dotted);
  for (char& c : rel) {
    if (c == '.') c = '/';
    else if (c == '/') c = '.';
  }
  return under_root(root, "/proc/sys") / rel;
}

std::string fold_whitespace(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += c;
    }
  }
  return out;
}

bool is_live_root(const std::filesystem::path& root) { return root.empty() || root == "/"; }

std::filesystem::path under_root(const std::filesystem::path& root, std::string_view absolute) {
  std::string_view rel = absolute;
  while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  if (is_live_root(root)) return std::filesystem::path("/") / rel;
  return root / rel;
}

std::optional<std::filesystem::path> host_path_in_root(const std::filesystem::path& root,
                                                       const std::filesystem::path& path) {
  if (is_live_root(root)) return path.lexically_normal();
  std::filesystem::path rel = path.lexically_normal().lexically_relative(root.lexically_normal());
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return std::filesystem::path("/") / rel;
}

namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

}  // namespace

std::optional<int64_t> kernel_integer(std::string_view w) {
  const bool negative = !w.empty() && w[0] == '-';
  if (negative) w.remove_prefix(1);
  if (w.empty() || !std::isdigit(static_cast<unsigned char>(w[0]))) return std::nullopt;
  int base = 10;  // base 0 as _parse_integer_fixup_radix() (lib/kstrtox.c) picks it
  if (w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
    base = 16;
    w.remove_prefix(2);
  } else if (w.size() > 1 && w[0] == '0') {
    base = 8;
    w.remove_prefix(1);
  }
  uint64_t u = 0;
  auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), u, base);
  if (ec != std::errc() || p != w.data() + w.size()) return std::nullopt;
  const uint64_t limit = static_cast<uint64_t>(INT64_MAX) + (negative ? 1 : 0);
  if (u > limit) return std::nullopt;
  return negative ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
}

bool same_value(std::string_view a, std::string_view b) {
  auto wa = words(a), wb = words(b);
  if (wa.size() > wb.size()) std::swap(wa, wb);
  // An integer key stores as many numbers as it holds and ignores the rest of the write
  // (__do_proc_dointvec(): the loop ends when the vector is full and the write returns short, 3 of
  // the 9 bytes of "37 # note"; the retry at offset 3 returns 6 and changes nothing,
  // proc_first_pos_non_zero_ignore() under sysctl_writes_strict = 1: both measured). Both loaders apply
  // "net.ipv4.tcp_fin_timeout = 37 # note" as 37 with exit 0 (seen in unshare -n -m, procps 4.0.2
  // and systemd 252). So a longer text whose first numbers are the shorter one's, all integers, is
  // the same value; a string key takes the whole text, so words that are not integers must all match.
  const bool integers_only = std::all_of(wa.begin(), wa.end(), [](std::string_view w) { return kernel_integer(w).has_value(); });
  if (wa.size() != wb.size() && (wa.empty() || !integers_only)) return false;
  for (size_t i = 0; i < wa.size(); ++i) {
    if (wa[i] == wb[i]) continue;
    auto x = kernel_integer(wa[i]), y = kernel_integer(wb[i]);
    if (!x || !y || *x != *y) return false;
  }
  return true;
}

}  // namespace sa
