#include "advisor/report/apply_messages.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "advisor/core/printable.h"

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

std::string confirmation_text(const apply::ConfirmSummary& summary) {
  std::ostringstream s;
  const size_t writes = summary.writes();
  s << "Plan for profile " << (summary.profile.empty() ? "(none)" : printable_line(summary.profile)) << ": " << writes
    << " live change" << (writes == 1 ? "" : "s") << "\n";
  size_t width = 0;
  for (const auto& r : summary.rows) width = std::max(width, printable_line(r.key).size());
  for (const auto& r : summary.rows) {
    s << "  " << std::left << std::setw(static_cast<int>(width)) << printable_line(r.key) << "  ";
    if (r.needs_write) s << printable_line(r.live) << " -> " << printable_line(r.proposed);
    else s << "already " << printable_line(r.live);
    if (!r.rule.empty()) s << "  [" << printable_line(r.rule) << "]";
    s << "\n";
    if (!r.reason.empty()) s << "      " << printable_line(r.reason) << "\n";
  }
  if (summary.persist)
    s << "Persist: " << printable_line(summary.persist->shown)
      << (summary.persist->exists ? (summary.persist->changes ? " (updated)" : " (unchanged)") : " (new file)") << "\n";
  else
    s << "Persist: no (--no-persist): the values last until the next reboot\n";
  return s.str();
}

}  // namespace sa::report
