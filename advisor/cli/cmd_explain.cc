// PLACEHOLDER until its issue lands: says so honestly rather than pretending.
#include <iostream>

#include "advisor/cli/commands.h"

namespace sa::cli {

int run_explain(const Args&) {
  std::cerr << "sysctl-advisor explain: not implemented yet\n";
  return 2;
}

}  // namespace sa::cli
