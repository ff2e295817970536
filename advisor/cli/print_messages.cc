#include "advisor/cli/print_messages.h"

#include <iostream>

#include "advisor/report/apply_messages.h"

namespace sa::cli {

void print_message(const std::string& command, const apply::Message& m) {
  (report::on_stderr(m) ? std::cerr : std::cout) << report::message_line(command, m);
}

void print_messages(const std::string& command, const std::vector<apply::Message>& messages) {
  for (const auto& m : messages) print_message(command, m);
}

apply::MessageSink message_printer(std::string command) {
  return [command = std::move(command)](const apply::Message& m) { print_message(command, m); };
}

}  // namespace sa::cli
