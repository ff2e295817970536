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

}  // namespace sa::report
