#include "advisor/engine/source_files.h"

#include "advisor/core/safe_open.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sa::engine {

namespace fs = std::filesystem;

// Regular files only, at most kMaxDataFileBytes, opened O_NONBLOCK: a FIFO or /dev/zero named
// *.toml is reported, never waited on or read without end.
bool read_text(const fs::path& file, std::string& text, std::vector<Diagnostic>& out) {
  ReadResult r = read_regular_file("/", file, kMaxDataFileBytes, text);
  if (!r.ok) {
    Diagnostic d;
    d.code = "unreadable";
    d.where.file = file.string();
    d.message = "cannot read: " + r.why;
    out.push_back(d);
    return false;
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> read_toml_dir(const fs::path& dir, const std::vector<std::string>& skip,
                                                               std::vector<Diagnostic>& out) {
  std::vector<std::pair<std::string, std::string>> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    Diagnostic d;
    d.code = "no-folder";
    d.where.file = dir.string();
    d.message = "not a folder (expected the *.toml files here)";
    out.push_back(d);
    return files;
  }
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".toml") continue;
    if (std::find(skip.begin(), skip.end(), entry.path().filename().string()) != skip.end()) continue;
    paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::string text;
    if (read_text(p, text, out)) files.emplace_back(p.string(), std::move(text));
  }
  return files;
}

}  // namespace sa::engine
