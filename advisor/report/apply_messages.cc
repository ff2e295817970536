#include "advisor/report/apply_messages.h"

namespace sa::report {

std::string message_line(const std::string& command, const apply::Message& m) {
  using S = apply::Message::Severity;
  switch (m.severity) {
    case S::kProgress:
    case S::kVerdict: return m.text + "\n";
    case S::kNote: return "note: " + m.text + "\n";
    case S::kWarning: return "warning: " + m.text + "\n";
    case S::kError: return "sysctl-advisor " + command + ": " + m.text + "\n";
  }
  return m.text + "\n";
}

bool on_stderr(const apply::Message& m) { return m.severity != apply::Message::Severity::kProgress; }

}  // namespace sa::report
