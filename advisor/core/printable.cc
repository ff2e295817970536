#include "advisor/core/printable.h"

namespace sa {
namespace {

// Length of the valid UTF-8 sequence starting at p (1 for ASCII), 0 when it is not valid.
size_t utf8_length(const unsigned char* p, const unsigned char* end) {
  unsigned char c = *p;
  if (c < 0x80) return 1;
  size_t n = (c >= 0xC2 && c <= 0xDF) ? 1 : (c >= 0xE0 && c <= 0xEF) ? 2 : (c >= 0xF0 && c <= 0xF4) ? 3 : 0;
  if (n == 0 || static_cast<size_t>(end - p) <= n) return 0;
  for (size_t i = 1; i <= n; ++i)
    if ((p[i] & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && p[1] < 0xA0) return 0;  // overlong
  if (c == 0xED && p[1] > 0x9F) return 0;  // surrogates
  if (c == 0xF0 && p[1] < 0x90) return 0;  // overlong
  if (c == 0xF4 && p[1] > 0x8F) return 0;  // above U+10FFFF
  return n + 1;
}

// A valid sequence that a terminal would act on rather than show.
bool dangerous_sequence(const unsigned char* p, size_t n) {
  if (n == 2) return p[0] == 0xC2 && p[1] <= 0x9F;  // C1 controls U+0080..U+009F
  if (n == 3 && p[0] == 0xE2) {
    if (p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) return true;  // U+202A..U+202E
    if (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) return true;  // U+2066..U+2069
  }
  return false;
}

void escape_into(std::string& out, std::string_view text, bool keep_tab, bool keep_lf = false) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const auto* e = b + text.size();
  auto needs = [&](const unsigned char* p, size_t n) {
    if (n == 0) return true;
    if (n == 1) return (*p < 0x20 && !(keep_tab && *p == '\t') && !(keep_lf && *p == '\n')) || *p == 0x7f;
    return dangerous_sequence(p, n);
  };
  const unsigned char* p = b;
  for (; p < e;) {  // the common case: nothing to escape, one pass, one copy
    size_t n = utf8_length(p, e);
    if (needs(p, n)) break;
    p += n;
  }
  if (p == e) {
    out.append(text);
    return;
  }
  static const char* hex = "0123456789abcdef";
  out.append(text.substr(0, static_cast<size_t>(p - b)));
  while (p < e) {
    size_t n = utf8_length(p, e);
    if (!needs(p, n)) {
      out.append(reinterpret_cast<const char*>(p), n);
      p += n;
      continue;
    }
    for (size_t i = 0; i < (n ? n : 1); ++i) {
      out += "\\x";
      out += hex[p[i] >> 4];
      out += hex[p[i] & 15];
    }
    p += n ? n : 1;
  }
}

std::string escape(std::string_view text, bool keep_tab, bool keep_lf = false) {
  std::string out;
  escape_into(out, text, keep_tab, keep_lf);
  return out;
}

}  // namespace

std::string printable(std::string_view text) { return escape(text, true); }
std::string printable_line(std::string_view text) { return escape(text, false); }
std::string printable_text(std::string_view text) { return escape(text, true, true); }
void append_printable_line(std::string& out, std::string_view text) { escape_into(out, text, false); }

}  // namespace sa
