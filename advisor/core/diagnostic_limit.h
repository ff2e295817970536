// Bounds on what one file can make the tool report. A /proc or --root file of junk is hostile input
// (docs/hostile-inputs.md): before these, a 700 KB /proc/net/netstat of two 80,000-word lines made
// 80,000 diagnostics that each copied the whole line (12 GB, 28 s; at the 64 MiB read cap, the
// out-of-memory killer). Readers keep the first kMaxDiagnosticsPerFile of a file's problems, count
// the rest, and copy at most a bounded excerpt of any line or word into a diagnostic.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa {

inline constexpr size_t kMaxDiagnosticsPerFile = 50;
inline constexpr size_t kMaxSourceLineBytes = 240;  // what a caret line keeps (format_diagnostic shows 200)
inline constexpr size_t kMaxQuotedBytes = 64;       // a word from a file quoted in a message

// The first kMaxSourceLineBytes of a line, for Diagnostic::source_line.
std::string source_excerpt(std::string_view line);

// A word from a file for a message: itself when short, else its first kMaxQuotedBytes and
// "...(N bytes)". Not escaped: renderers escape every field from a file (printable.h).
std::string quoted_excerpt(std::string_view word);

// Collects one file's diagnostics into `out`: the first kMaxDiagnosticsPerFile, then only counts.
// finish() (or the destructor) adds one `code` diagnostic saying how many were not shown, with the
// severity of the worst of them. (Engine files are capped the same way by engine::add_error, which
// counts per file across the loader's passes; config's sysctl.d parser keeps its own count in its
// hot loop and splits errors from warnings in its summary, a message check documents.)
class FileDiagnostics {
 public:
  FileDiagnostics(std::vector<Diagnostic>& out, std::string file, const char* code);
  FileDiagnostics(const FileDiagnostics&) = delete;
  FileDiagnostics& operator=(const FileDiagnostics&) = delete;
  ~FileDiagnostics() { finish(); }

  void add(Diagnostic d);
  void finish();

 private:
  std::vector<Diagnostic>& out_;
  std::string file_;
  const char* code_;
  size_t shown_ = 0;
  size_t hidden_ = 0;
  Severity worst_hidden_ = Severity::info;
};

}  // namespace sa
