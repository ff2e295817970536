// Reading the data folders: every *.toml file, sorted by name so loading is deterministic.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::engine {

// (display path, text) of each *.toml in dir except the names in `skip`; unreadable files and a
// missing folder are diagnostics.
std::vector<std::pair<std::string, std::string>> read_toml_dir(const std::filesystem::path& dir,
                                                               const std::vector<std::string>& skip,
                                                               std::vector<Diagnostic>& out);
bool read_text(const std::filesystem::path& file, std::string& text, std::vector<Diagnostic>& out);

}  // namespace sa::engine
