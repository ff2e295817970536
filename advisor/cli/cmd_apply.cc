// PLACEHOLDER until its issue lands: says so honestly rather than pretending.
#include <iostream>

#include "advisor/cli/commands.h"

namespace sa::cli {

int run_apply(const Args&) {
  std::cerr << "sysctl-advisor apply: not implemented yet\n";
  return 2;
}

}  // namespace sa::cli
