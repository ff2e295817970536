#include "advisor/check/glob.h"

namespace sa::check {
namespace {

// Matches one character class starting at p[0] == '['; sets *len to the class length.
bool class_match(std::string_view p, char c, size_t* len) {
  size_t i = 1;
  bool negate = i < p.size() && (p[i] == '!' || p[i] == '^');
  if (negate) ++i;
  bool hit = false;
  bool first = true;
  for (; i < p.size() && (first || p[i] != ']'); ++i, first = false) {
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      if (p[i] <= c && c <= p[i + 2]) hit = true;
      i += 2;
    } else if (p[i] == c) {
      hit = true;
    }
  }
  if (i >= p.size()) {  // no closing bracket: '[' is literal
    *len = 1;
    return c == '[';
  }
  *len = i + 1;
  return hit != negate;
}

// One segment (no '/'), iterative with backtracking over the last '*'.
bool segment_match(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    }
    if (pi < p.size()) {
      size_t len = 1;
      bool ok = p[pi] == '?' ? true : p[pi] == '[' ? class_match(p.substr(pi), s[si], &len) : p[pi] == s[si];
      if (ok) {
        pi += len;
        ++si;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::string_view next_segment(std::string_view& rest) {
  size_t slash = rest.find('/');
  std::string_view seg = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  return seg;
}

bool match_from(std::string_view pattern, std::string_view path, bool path_done) {
  while (!pattern.empty()) {
    std::string_view seg = next_segment(pattern);
    if (seg == "**") {
      if (pattern.empty()) return true;  // trailing "**": everything below
      // Try the rest of the pattern at this and every later segment boundary of path.
      std::string_view rest = path;
      bool done = path_done;
      for (;;) {
        if (match_from(pattern, rest, done)) return true;
        if (done) return false;
        next_segment(rest);
        done = rest.empty();
      }
    }
    if (path_done) return false;
    std::string_view name = next_segment(path);
    path_done = path.empty();
    if (!segment_match(seg, name)) return false;
  }
  return path_done;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  while (pattern.size() > 1 && pattern.back() == '/') pattern.remove_suffix(1);
  while (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  return match_from(pattern, path, path.empty());
}

bool is_literal(std::string_view pattern) { return pattern.find_first_of("*?[") == std::string_view::npos; }

}  // namespace sa::check
