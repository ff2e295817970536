#include "advisor/core/diagnostic.h"

#include <algorithm>

namespace sa {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::notice: return "notice";
    case Severity::info: return "info";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::error, Severity::warning, Severity::notice, Severity::info})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.where.file;
  if (d.where.line > 0) out += ":" + std::to_string(d.where.line);
  if (d.where.line > 0 && d.where.col > 0) out += ":" + std::to_string(d.where.col);
  out += ": ";
  out += to_string(d.severity);
  out += ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  if (!d.source_line.empty()) {
    // Long lines (a megabyte of junk) are cut so a diagnostic stays readable.
    constexpr size_t kMaxShown = 200;
    std::string shown = d.source_line.substr(0, kMaxShown);
    if (d.source_line.size() > kMaxShown) shown += "...";
    out += "\n    " + shown;
    if (d.where.col > 0 && static_cast<size_t>(d.where.col) <= kMaxShown)
      out += "\n    " + std::string(d.where.col - 1, ' ') + "^";
  }
  return out;
}

bool has_errors(const std::vector<Diagnostic>& ds) {
  return std::any_of(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace sa
