// Other writers for the commands that need them (plan, apply, drift): rules/writers.toml loaded,
// the files read under --root, the processes seen on the live host, combined (docs/writers.md).
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "advisor/core/other_writers.h"

namespace sa::cli {

// `rules_dir`: --rules (empty: the installed rules, an operator's /etc/sysctl-advisor/rules/
// writers.toml replacing the shipped one). Processes are looked for only when `live` (the host
// itself, not a --root copy). A missing writers.toml is a warning and no writers; an invalid one
// writes its errors to err and returns nullopt (exit 2). Notes (a TuneD profile not found, an
// include loop) go to err as "note: ...".
std::optional<std::vector<WriterClaim>> detect_other_writers(const std::string& rules_dir,
                                                             const std::filesystem::path& root, bool live,
                                                             std::ostream& err);

}  // namespace sa::cli
