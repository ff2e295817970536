// PLACEHOLDER until its issue lands: says so honestly rather than pretending.
#include <iostream>

#include "advisor/cli/commands.h"

namespace sa::cli {

int run_rollback(const Args&) {
  std::cerr << "sysctl-advisor rollback: not implemented yet\n";
  return 2;
}

}  // namespace sa::cli
