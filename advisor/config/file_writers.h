// Other writers whose sysctls are written down in files (docs/writers.md): TuneD's active profile,
// ufw's sysctl file when ufw is enabled, enabled systemd units and rc.local running sysctl. Every
// path is read inside `root` through core/safe_open.h: a link in the tree never leads out of it.
#pragma once

#include <filesystem>

#include "advisor/core/other_writers.h"

namespace sa::config {

FileWriters read_file_writers(const std::filesystem::path& root, const WriterRules& rules);

}  // namespace sa::config
