// The words of `apply` and `rollback` (and the warnings other commands repeat about an unfinished
// apply): each advisor/apply Message as the line the user reads, and which stream it belongs on.
// Pure: advisor/cli writes the line.
#pragma once

#include <string>

#include "advisor/apply/result.h"

namespace sa::report {

// The line with its newline: progress and verdicts as they are; a note, warning or error with
// "note: ", "warning: " or "sysctl-advisor COMMAND: " in front.
std::string message_line(const std::string& command, const apply::Message& m);

// Progress goes to stdout (it is the command's output, and a script may read it); the rest is
// diagnostics, on stderr.
bool on_stderr(const apply::Message& m);

// The confirmation apply shows before it writes anything: the profile, each key with its live and
// proposed value, rule and reason, and the persist file. Every field came from a plan file or the
// host: escaped (sa::printable_line), so an escape sequence cannot conceal or overwrite a line of it.
std::string confirmation_text(const apply::ConfirmSummary& summary);

}  // namespace sa::report
