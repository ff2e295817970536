// `sysctl-advisor --version`: the program, the commit it was built from, and the rules it would
// load (their VERSION file, and which operator overrides sit on top), so a fleet report can say
// which advice a host got.
#include <fstream>
#include <iostream>

#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"

namespace fs = std::filesystem;

namespace sa::cli {

int run_version(const char* version, const char* commit) {
  auto dirs = data_dirs("rules", "");
  std::string rules_version;
  std::ifstream in(dirs.front() / "VERSION");
  if (!(in && std::getline(in, rules_version)) || rules_version.empty()) rules_version = "unknown (no VERSION file)";
  std::cout << "sysctl-advisor " << version << "\n"
            << "commit: " << commit << "\n"
            << "rules: " << rules_version << " (" << dirs.front().string() << ")\n";
  std::error_code ec;
  for (size_t i = 1; i < dirs.size(); ++i) {
    if (!fs::is_directory(dirs[i], ec)) continue;
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dirs[i], ec))
      if (e.path().extension() == ".toml") ++n;
    std::cout << "overrides: " << n << " file" << (n == 1 ? "" : "s") << " in " << dirs[i].string() << "\n";
  }
  return kOk;
}

}  // namespace sa::cli
