#include "advisor/data/data_files.h"

#include <algorithm>
#include <map>

#include "advisor/core/safe_open.h"

namespace fs = std::filesystem;

namespace sa::data {

bool read_data_file(const fs::path& file, std::string& text, std::vector<Diagnostic>& out) {
  ReadResult r = read_regular_file("/", file, kMaxDataFileBytes, text);
  if (!r.ok) {
    Diagnostic d;
    d.code = diag::kUnreadable;
    d.where.file = file.string();
    d.message = "cannot read: " + r.why;
    out.push_back(d);
    return false;
  }
  return true;
}

TextFiles read_toml_dir(const fs::path& dir, const std::vector<std::string>& skip, std::vector<Diagnostic>& out) {
  TextFiles files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    Diagnostic d;
    d.code = diag::kNoFolder;
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
    if (read_data_file(p, text, out)) files.emplace_back(p.string(), std::move(text));
  }
  return files;
}

namespace {

// *.toml of every layer, a later layer's file replacing the earlier file of the same name.
TextFiles layered_files(const std::vector<fs::path>& dirs, const std::vector<std::string>& skip,
                        std::vector<Diagnostic>& out) {
  std::map<std::string, TextFile> by_name;  // sorted by file name
  for (size_t i = 0; i < dirs.size(); ++i) {
    std::error_code ec;
    if (i > 0 && !fs::is_directory(dirs[i], ec)) continue;
    for (auto& f : read_toml_dir(dirs[i], skip, out)) by_name[fs::path(f.first).filename().string()] = std::move(f);
  }
  TextFiles files;
  for (auto& [name, f] : by_name) files.push_back(std::move(f));
  return files;
}

// The first layer's keys.toml must be readable; a later layer's only when it exists.
void read_catalogs(const std::vector<fs::path>& rules_dirs, KnowledgeFiles& k) {
  for (size_t i = 0; i < rules_dirs.size(); ++i) {
    fs::path file = rules_dirs[i] / kCatalogFileName;
    std::error_code ec;
    if (i > 0 && !fs::exists(file, ec)) continue;
    CatalogFile c;
    c.catalog.first = file.string();
    if (!read_data_file(file, c.catalog.second, k.catalog_diagnostics)) return;
    fs::path known = rules_dirs[i] / kKnownKeysFileName;
    if (fs::exists(known, ec)) {
      TextFile names{known.string(), {}};
      if (!read_data_file(known, names.second, k.catalog_diagnostics)) return;
      c.known_names = std::move(names);
    }
    k.catalogs.push_back(std::move(c));
  }
}

}  // namespace

KnowledgeFiles read_knowledge_files(const std::vector<fs::path>& rules_dirs, const std::vector<fs::path>& profiles_dirs,
                                    const std::vector<fs::path>& local_rules) {
  KnowledgeFiles k;
  read_catalogs(rules_dirs, k);
  k.profiles = layered_files(profiles_dirs, {}, k.profile_diagnostics);
  // Rule files replaced by name across layers first, then grouped by their layer: the first
  // layer's are the shipped rules, the others the operator's.
  auto files = layered_files(rules_dirs, {kCatalogFileName, kDenyListFileName, kWritersFileName}, k.rule_diagnostics);
  for (const auto& dir : rules_dirs)
    for (auto& f : files)
      if (fs::path(f.first).parent_path() == dir) (dir == rules_dirs.front() ? k.shipped_rules : k.local_rules).push_back(f);
  for (const auto& p : local_rules) {
    std::string text;
    if (read_data_file(p, text, k.rule_diagnostics)) k.local_rules.emplace_back(p.string(), std::move(text));
  }
  return k;
}

}  // namespace sa::data
