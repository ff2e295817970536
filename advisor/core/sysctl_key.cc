#include "advisor/core/sysctl_key.h"

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

bool is_valid_key(std::string_view key, bool allow_glob) {
  if (key.empty() || key.front() == '.' || key.back() == '.' || key.front() == '/') return false;
  if (key.find("..") != std::string_view::npos) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == '/' || c == ':' || c == '@' || c == '+';
    if (!ok && allow_glob && (c == '*' || c == '?' || c == '[' || c == ']' || c == '!')) ok = true;
    if (!ok) return false;
  }
  // A component made only of slashes would be "." or ".." after the swap back to a path.
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('.', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view part = key.substr(start, end - start);
    if (part.empty() || part == "/" || part == "//" || part.front() == '/' || part.back() == '/') return false;
    start = end + 1;
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

std::filesystem::path under_root(const std::filesystem::path& root, std::string_view absolute) {
  std::string_view rel = absolute;
  while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  if (root.empty() || root == "/") return std::filesystem::path("/") / rel;
  return root / rel;
}

}  // namespace sa
