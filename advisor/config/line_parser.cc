#include "advisor/config/line_parser.h"

#include <algorithm>
#include <cstring>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "advisor/config/effective.h"
#include "advisor/config/key_cache.h"
#include "advisor/core/diagnostic_limit.h"
#include "advisor/core/printable.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/core/text.h"

namespace sa::config {
namespace {

// isspace() in the C locale: what procps strips (systemd strips " \t\n\r", a subset).
// '\t' '\n' '\v' '\f' '\r' are 9..13: two comparisons, not six (a million lines call this).
inline bool is_blank(char c) { return c == ' ' || static_cast<unsigned char>(c - '\t') < 5; }

inline std::string_view strip(std::string_view s) {
  const char* b = s.data();
  const char* e = b + s.size();
  while (b < e && is_blank(*b)) ++b;
  while (e > b && is_blank(e[-1])) --e;
  return {b, static_cast<size_t>(e - b)};
}


// True when the whole buffer is 7-bit text without NUL: the common case, checked once so the
// per-line loop can skip the binary and UTF-8 checks.
bool plain_ascii(std::string_view s) {
#ifdef __SSE2__
  // Sixteen bytes at a time where every x86-64 has SSE2: a high bit anywhere, or a zero byte.
  const char* p = s.data();
  size_t n = s.size(), i = 0;
  __m128i high = _mm_setzero_si128(), zero = _mm_setzero_si128();
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    high = _mm_or_si128(high, v);
    zero = _mm_or_si128(zero, _mm_cmpeq_epi8(v, _mm_setzero_si128()));
  }
  if (_mm_movemask_epi8(_mm_or_si128(high, zero)) != 0) return false;
  for (; i < n; ++i)
    if ((p[i] & 0x80) || p[i] == 0) return false;
  return true;
#else
  // Eight bytes at a time (GCC at -O2 does not vectorize the byte loop): a high bit anywhere, or a
  // zero byte (the classic (w - 0x01..) & ~w & 0x80.. test), ends the plain case.
  constexpr uint64_t kLow = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const char* p = s.data();
  size_t n = s.size(), i = 0;
  uint64_t acc = 0, zero = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
    zero |= (w - kLow) & ~w & kHigh;
  }
  if ((acc | zero) & kHigh) return false;
  for (; i < n; ++i)
    if ((p[i] & 0x80) || p[i] == 0) return false;
  return true;
#endif
}

// The value keeps what the loader writes; runs of blanks are folded for display (DESIGN.md).
// Kept in `store`; most values need no folding and are copied as they are.
inline std::string_view fold(std::string_view v, TextStore& store) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (is_blank(v[i]) && (v[i] != ' ' || (i + 1 < v.size() && is_blank(v[i + 1]))))
      return store.keep(fold_whitespace(v));
  }
  return store.keep(v);
}

struct LineContext {
  uint32_t file;
  const std::string& path;
  int line;
  std::string_view text;
  std::vector<Diagnostic>& diags;

  void report(Severity s, const char* c, int col, std::string message) const {
    Diagnostic d;
    d.severity = s;
    d.code = c;
    d.where = Location{path, line, col};
    d.message = std::move(message);
    // A megabyte of junk is cut: the diagnostic only needs enough to recognise the line.
    d.source_line = printable(text.substr(0, 240));
    diags.push_back(std::move(d));
  }
};

int column_of(std::string_view line, const char* p) { return static_cast<int>(p - line.data()) + 1; }

// One line cut into its parts the way both loaders cut it: the only definition of the syntax's
// shape, used by parse_line and by columns_of (check's columns).
struct LineParts {
  std::string_view body;     // the line without the blanks around it
  bool skipped = false;      // blank, or a comment ('#' or ';' first): nothing below is set
  size_t eq = std::string_view::npos;  // the first '=' in body
  std::string_view raw_key;  // after a leading '-', blanks kept (the loaders differ on them); the
                             // whole body when there is neither '=' nor '-' (not an assignment)
  std::string_view value;    // after the '=', stripped
  bool exclusion = false;    // "-key" without '='
  bool ignore_failure = false;
};

inline LineParts split_line(std::string_view line) {
  LineParts p;
  p.body = strip(line);
  if (p.body.empty() || p.body.front() == '#' || p.body.front() == ';') {
    p.skipped = true;
    return p;
  }
  const std::string_view body = p.body;
  p.eq = body.find('=');
  if (p.eq == std::string_view::npos) {
    p.exclusion = body.front() == '-';
    p.raw_key = p.exclusion ? std::string_view(body.data() + 1, body.size() - 1) : body;
  } else {
    p.raw_key = std::string_view(body.data(), p.eq);
    p.value = strip(std::string_view(body.data() + p.eq + 1, body.size() - p.eq - 1));
    if (!p.raw_key.empty() && p.raw_key.front() == '-') {
      p.ignore_failure = true;
      p.raw_key.remove_prefix(1);
    }
  }
  return p;
}

void parse_line(const LineContext& ctx, Loader loader, std::vector<Assignment>& out, TextStore& store,
                KeyCache* cache, std::vector<uint32_t>* ids) {
  std::string_view line = ctx.text;
  const LineParts parts = split_line(line);
  if (parts.skipped) return;
  const std::string_view body = parts.body;
  const size_t eq = parts.eq;
  const bool exclusion = parts.exclusion, ignore_failure = parts.ignore_failure;
  std::string_view raw_key = parts.raw_key, value = parts.value;
  if (eq == std::string_view::npos && !exclusion) {
    ctx.report(Severity::error, code::kMissingEquals, column_of(line, body.data()),
               "not an assignment: expected 'key = value' (or '-key' to exclude a key from globs); both loaders skip this line");
    return;
  }
  // procps strips only the right of the key after the '-'; systemd strips both sides.
  if (!raw_key.empty() && is_blank(raw_key.front())) {
    if (loader == Loader::procps) {
      ctx.report(Severity::error, code::kBlankAfterDash, column_of(line, raw_key.data()),
                 "blank after '-': procps looks up the key with the leading blank, which no sysctl has, so this line is not applied; write '-" +
                     std::string(strip(raw_key).substr(0, 200)) + "'");
      return;
    }
    ctx.report(Severity::warning, code::kBlankAfterDash, column_of(line, raw_key.data()),
               "blank after '-': systemd-sysctl accepts it but procps `sysctl --system` would not apply this line");
  }
  raw_key = strip(raw_key);
  if (raw_key.empty()) {
    ctx.report(Severity::error, code::kEmptyKey, column_of(line, body.data()), "empty key: expected 'key = value'");
    return;
  }
  Assignment a;
  bool valid;
  uint32_t id = 0;
  if (cache) {
    const KeyCache::Hot& e = cache->lookup_hot(raw_key);
    valid = e.valid;
    if (valid) {
      if (!e.kept) e.kept = store.keep(cache->key_of(e)).data();
      a.key = TextView(e.kept, e.key_len);
      a.is_glob = e.glob;
      id = e.id;
    }
  } else {
    std::string key = normalize_key(raw_key);
    a.is_glob = is_glob(key);
    valid = is_valid_key(key, /*allow_glob=*/true);
    if (valid) a.key = store.keep(key);
  }
  if (!valid) {
    ctx.report(Severity::error, code::kInvalidKey, column_of(line, raw_key.data()),
               "'" + printable(raw_key.substr(0, 200)) +
                   "' is not a sysctl key: expected names of letters, digits and _-:@+ separated by '.' or '/'");
    return;
  }
  if (!exclusion) {
    if (value.empty()) {
      ctx.report(Severity::warning, code::kEmptyValue, column_of(line, body.data() + eq),
                 "empty value: the loader writes an empty string, which the kernel refuses for most keys");
    } else {
      // Neither loader strips a trailing comment: "30 # why" is written as is. An integer key stores
      // its numbers and ignores the rest (30); a string key takes it all and refuses it.
      for (size_t i = 1; i < value.size(); ++i) {
        if ((value[i] == '#' || value[i] == ';') && is_blank(value[i - 1])) {
          ctx.report(Severity::warning, code::kInlineComment, column_of(line, value.data() + i),
                     "'" + std::string(1, value[i]) +
                         "' does not start a comment after a value: the loader writes '" + printable(value.substr(0, 200)) +
                         "'; put the comment on its own line");
          break;
        }
      }
    }
  }
  a.value = exclusion ? std::string_view() : fold(value, store);
  a.file = ctx.file;
  a.line = ctx.line;
  a.ignore_failure = ignore_failure;
  a.exclusion = exclusion;
  out.push_back(std::move(a));
  if (ids) ids->push_back(exclusion ? id | kExclusionBit : id);
}

}  // namespace

LineColumns columns_of(std::string_view line) {
  LineColumns c;
  const LineParts p = split_line(line);
  if (p.skipped) return c;
  c.key = column_of(line, strip(p.raw_key).data());
  if (p.eq != std::string_view::npos)
    c.value = column_of(line, p.value.empty() ? p.body.data() + p.eq : p.value.data());
  return c;
}

bool is_glob(std::string_view key) {
  // A plain loop: find_first_of(const char*) calls memchr once per character of the key.
  for (char c : key)
    if (c == '*' || c == '?' || c == '[') return true;
  return false;
}

std::string printable(std::string_view text) { return sa::printable(text); }

void parse_text(std::string_view text, uint32_t file, const std::string& shown_path, Loader loader,
                std::vector<Assignment>& out, std::vector<Diagnostic>& diags) {
  parse_text(text, file, shown_path, loader, out, diags, TextStore::process_wide(), nullptr, nullptr);
}

namespace {

// systemd-sysctl reads lines with read_line(f, LONG_LINE_MAX, ...) (src/basic/fileio.c,
// read_line_full): a line ends at LF, CR or NUL, and a line of LONG_LINE_MAX (1 MiB) characters or
// more fails with ENOBUFS, upon which parse_file() logs "Failed to read file ..., ignoring" and
// reads no further line of that file. procps 4.0.2 reads with getline(): a line ends at LF only, a
// CR is a character of the line (blank when leading or trailing), and the C string ends at the
// first NUL. Observed with both tools in `unshare -m -n` (tests/config/differential_test.py).
inline bool systemd_eol(char c) { return c == '\r' || c == '\0'; }

struct Segment {
  size_t offset;  // in the LF line
  size_t len;
};

// The pieces systemd-sysctl reads as lines from one LF-terminated line.
std::vector<Segment> systemd_segments(std::string_view line) {
  std::vector<Segment> out;
  size_t b = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || systemd_eol(line[i])) {
      out.push_back({b, i - b});
      b = i + 1;
    }
  }
  return out;
}

// What procps reads of the line: up to its first NUL.
std::string_view procps_line(std::string_view line) {
  const void* nul = std::memchr(line.data(), '\0', line.size());
  return nul ? line.substr(0, static_cast<const char*>(nul) - line.data()) : line;
}

bool is_comment_or_blank(std::string_view s) {
  std::string_view b = strip(s);
  return b.empty() || b.front() == '#' || b.front() == ';';
}

// One line as a loader sees it (after its own line splitting): length, UTF-8, then the syntax.
void parse_piece(const LineContext& ctx, Loader loader, std::vector<Assignment>& out, TextStore& store, KeyCache* cache,
                 std::vector<uint32_t>* ids) {
  if (ctx.text.size() > kMaxLineLength) {
    if (is_comment_or_blank(ctx.text)) return;  // both loaders skip a comment of any length (below 1 MiB)
    ctx.report(Severity::error, code::kLineTooLong, 0,
               "line of " + std::to_string(ctx.text.size()) + " bytes: a sysctl line takes at most " +
                   std::to_string(kMaxLineLength) + " (the kernel accepts one page per write)");
  } else if (!valid_utf8(ctx.text)) {
    if (!is_comment_or_blank(ctx.text))  // comments may hold anything
      ctx.report(Severity::error, code::kNotUtf8, 0, "not UTF-8 text: sysctl keys and values are plain ASCII");
  } else {
    parse_line(ctx, loader, out, store, cache, ids);
  }
}

// "key = value" of each assignment, for comparing what the two loaders read from one line.
std::vector<std::string> summarize(const std::vector<Assignment>& as) {
  std::vector<std::string> out;
  for (const auto& a : as)
    out.push_back(std::string(a.ignore_failure ? "-" : "") + std::string(a.key.view()) +
                  (a.exclusion ? std::string() : " = " + std::string(a.value.view())));
  return out;
}

std::string join_or_nothing(const std::vector<std::string>& v) {
  if (v.empty()) return "nothing";
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "'" : ", '") + printable(x) + "'";
  return s;
}

}  // namespace

void parse_text(std::string_view text, uint32_t file, const std::string& shown_path, Loader loader,
                std::vector<Assignment>& out, std::vector<Diagnostic>& diags, TextStore& store, KeyCache* cache,
                std::vector<uint32_t>* ids) {
  const bool plain = plain_ascii(text);
  // CR ends a line for systemd-sysctl (CRLF files are common): lines of a file holding one take the
  // careful path below.
  const bool has_cr = std::memchr(text.data(), '\r', text.size()) != nullptr;
  // About one assignment per 32 bytes; grow geometrically so many small files stay linear.
  size_t need = out.size() + text.size() / 32;
  if (out.capacity() < need) out.reserve(std::max(need, out.capacity() * 2));
  // A binary file would bury the useful messages under one per line: past kMaxDiagnosticsPerFile
  // the rest are counted and summed up in one diagnostic (their lines are still skipped).
  const size_t first_diag = diags.size();
  std::vector<Diagnostic> overflow;
  size_t hidden_errors = 0, hidden_warnings = 0;
  int lineno = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const char* start = text.data() + pos;
    const void* nl = std::memchr(start, '\n', text.size() - pos);
    size_t len = nl ? static_cast<const char*>(nl) - start : text.size() - pos;
    pos += len + 1;
    ++lineno;
    std::string_view line(start, len);
    const bool fast = plain && !has_cr;
    if (fast && len <= kMaxLineLength) {
      // A blank line or a comment needs only a look at its first character.
      const char* p = start;
      while (p < start + len && is_blank(*p)) ++p;
      if (p == start + len || *p == '#' || *p == ';') continue;
    }
    const bool full = diags.size() - first_diag >= kMaxDiagnosticsPerFile;
    LineContext ctx{file, shown_path, lineno, line, full ? overflow : diags};
    if (loader == Loader::systemd && len >= kSystemdLineMax) {
      size_t longest = 0;
      for (const auto& sg : systemd_segments(line)) longest = std::max(longest, sg.len);
      if (longest >= kSystemdLineMax) {
        ctx.report(Severity::error, code::kFileCut, 0,
                   "line of " + std::to_string(longest) + " bytes: systemd-sysctl stops reading a file at a line of " +
                       std::to_string(kSystemdLineMax) + " bytes or more ('Failed to read file ..., ignoring'), so no line from here to the end of " +
                       shown_path + " is applied at boot");
        break;
      }
    }
    if (fast) {
      parse_piece(ctx, loader, out, store, cache, ids);
    } else {
      std::vector<Segment> segs = systemd_segments(line);
      const bool nul = segs.size() > 1 && std::memchr(start, '\0', len) != nullptr;
      // CRLF, or CRs and NULs with only blanks after them: both loaders read the text before them.
      bool rest_blank = true;
      for (size_t i = 1; i < segs.size() && rest_blank; ++i)
        rest_blank = strip(line.substr(segs[i].offset, segs[i].len)).empty();
      const bool split = segs.size() > 1 && !rest_blank;
      if (rest_blank && nul) ctx.report(Severity::error, code::kBinaryLine, 0, "NUL byte: this is binary data, not a sysctl line");
      if (rest_blank && segs.size() > 1) {
        LineContext c{file, shown_path, lineno, line.substr(0, segs[0].len), full ? overflow : diags};
        parse_piece(c, loader, out, store, cache, ids);
      } else if (!split) {
        parse_piece(ctx, loader, out, store, cache, ids);
      } else {
        // What each loader reads from this line, parsed quietly; the host's loader's reading counts.
        std::vector<Assignment> by_systemd, by_procps;
        std::vector<Diagnostic> quiet;
        for (const auto& sg : segs) {
          LineContext c{file, shown_path, lineno, line.substr(sg.offset, sg.len), quiet};
          parse_piece(c, Loader::systemd, by_systemd, store, nullptr, nullptr);
        }
        {
          LineContext c{file, shown_path, lineno, procps_line(line), quiet};
          parse_piece(c, Loader::procps, by_procps, store, nullptr, nullptr);
        }
        std::vector<std::string> s_sys = summarize(by_systemd), s_pro = summarize(by_procps);
        if (s_sys != s_pro) {
          ctx.report(Severity::error, code::kLoaderSplitLine, 0,
                     std::string("the loaders read this line differently: systemd-sysctl ends a line at CR and NUL as well as LF and sets ") +
                         join_or_nothing(s_sys) + "; procps `sysctl --system` reads one line up to its first NUL and sets " +
                         join_or_nothing(s_pro) + " (modelled: " + std::string(to_string(loader)) + ")");
        } else if (nul) {
          ctx.report(Severity::error, code::kBinaryLine, 0, "NUL byte: this is binary data, not a sysctl line");
        }
        // Diagnostics of the pieces would repeat the one above; keep the loader's assignments.
        std::vector<Diagnostic> piece_diags;
        if (loader == Loader::systemd) {
          for (const auto& sg : segs) {
            LineContext c{file, shown_path, lineno, line.substr(sg.offset, sg.len), piece_diags};
            parse_piece(c, loader, out, store, cache, ids);
          }
        } else {
          LineContext c{file, shown_path, lineno, procps_line(line), piece_diags};
          parse_piece(c, loader, out, store, cache, ids);
        }
        if (s_sys == s_pro && !nul)
          for (auto& d : piece_diags) (full ? overflow : diags).push_back(std::move(d));
      }
    }
    if (!overflow.empty()) {
      for (const Diagnostic& d : overflow) (d.severity == Severity::error ? hidden_errors : hidden_warnings)++;
      overflow.clear();
    }
  }
  if (hidden_errors + hidden_warnings > 0) {
    Diagnostic d;
    d.severity = hidden_errors ? Severity::error : Severity::warning;
    d.code = code::kTooManyProblems;
    d.where = Location{shown_path, 0, 0};
    d.message = std::to_string(hidden_errors) + " more errors and " + std::to_string(hidden_warnings) +
                " more warnings in this file not shown (the first " + std::to_string(kMaxDiagnosticsPerFile) +
                " are); is it a sysctl file at all?";
    diags.push_back(std::move(d));
  }
}

}  // namespace sa::config
