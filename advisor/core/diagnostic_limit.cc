#include "advisor/core/diagnostic_limit.h"

namespace sa {

std::string source_excerpt(std::string_view line) { return std::string(line.substr(0, kMaxSourceLineBytes)); }

std::string quoted_excerpt(std::string_view word) {
  if (word.size() <= kMaxQuotedBytes) return std::string(word);
  return std::string(word.substr(0, kMaxQuotedBytes)) + "...(" + std::to_string(word.size()) + " bytes)";
}

FileDiagnostics::FileDiagnostics(std::vector<Diagnostic>& out, std::string file, const char* code)
    : out_(out), file_(std::move(file)), code_(code) {}

void FileDiagnostics::add(Diagnostic d) {
  if (shown_ < kMaxDiagnosticsPerFile) {
    ++shown_;
    out_.push_back(std::move(d));
    return;
  }
  ++hidden_;
  if (at_least(d.severity, worst_hidden_)) worst_hidden_ = d.severity;
}

void FileDiagnostics::finish() {
  if (hidden_ == 0) return;
  Diagnostic d;
  d.severity = worst_hidden_;
  d.code = code_;
  d.where = Location{file_, 0, 0};
  d.message = std::to_string(hidden_) + " more problems in this file not shown (the first " +
              std::to_string(kMaxDiagnosticsPerFile) + " are)";
  out_.push_back(std::move(d));
  hidden_ = 0;
}

}  // namespace sa
