// PLACEHOLDER until its issue lands: says so honestly rather than pretending.
#include <iostream>

#include "advisor/cli/commands.h"

namespace sa::cli {

int run_profiles(const Args&) {
  std::cerr << "sysctl-advisor profiles: not implemented yet\n";
  return 2;
}

}  // namespace sa::cli
