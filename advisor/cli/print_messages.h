// Where apply's and rollback's messages are printed: each one as it is made (apply::MessageSink
// says why not at the end), rendered by advisor/report/apply_messages.h, to stdout or stderr.
#pragma once

#include <string>
#include <vector>

#include "advisor/apply/result.h"

namespace sa::cli {

void print_message(const std::string& command, const apply::Message& m);
void print_messages(const std::string& command, const std::vector<apply::Message>& messages);
// A sink for apply_plan / rollback that prints each message of `command` at once.
apply::MessageSink message_printer(std::string command);

}  // namespace sa::cli
