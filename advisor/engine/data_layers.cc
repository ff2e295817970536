// Layered data folders (FHS): the shipped rules and profiles (/usr/share/sysctl-advisor) first,
// the operator's overrides (/etc/sysctl-advisor) after. Merging happens after each layer has been
// read on its own, so every error still names its own file:line and the parsers stay single-folder:
//   - a file of the same name in a later layer replaces the earlier file (an empty ports.toml in
//     /etc/sysctl-advisor/rules drops the shipped one), as systemd's /etc over /usr/lib does;
//   - a catalog [[key]] of the same name replaces the earlier key (key by key);
//   - a rule of the same id replaces the earlier rule (rule by rule), whichever file it is in;
//   - a profile is one file named after it, so it is replaced file by file.
#include <algorithm>
#include <map>

#include "advisor/engine/deny_list.h"
#include "advisor/engine/writer_rules.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/source_files.h"

namespace sa::engine {

namespace fs = std::filesystem;

namespace {

// *.toml of every layer, a later layer's file replacing the earlier file of the same name.
// Missing override folders are normal (nothing to override); the first layer must exist.
std::vector<std::pair<std::string, std::string>> layered_files(const std::vector<fs::path>& dirs,
                                                               const std::vector<std::string>& skip,
                                                               std::vector<Diagnostic>& out) {
  std::map<std::string, std::pair<std::string, std::string>> by_name;  // sorted by file name
  for (size_t i = 0; i < dirs.size(); ++i) {
    std::error_code ec;
    if (i > 0 && !fs::is_directory(dirs[i], ec)) continue;
    for (auto& f : read_toml_dir(dirs[i], skip, out)) by_name[fs::path(f.first).filename().string()] = std::move(f);
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (auto& [name, f] : by_name) files.push_back(std::move(f));
  return files;
}

Loaded<Catalog> layered_catalog(const std::vector<fs::path>& rules_dirs) {
  Loaded<Catalog> result = load_catalog(rules_dirs.front() / "keys.toml");
  for (size_t i = 1; i < rules_dirs.size() && result.ok(); ++i) {
    std::error_code ec;
    fs::path file = rules_dirs[i] / "keys.toml";
    if (!fs::exists(file, ec)) continue;
    Loaded<Catalog> over = load_catalog(file);
    result.diagnostics.insert(result.diagnostics.end(), over.diagnostics.begin(), over.diagnostics.end());
    if (!over.ok()) return Loaded<Catalog>{Catalog{}, result.diagnostics};
    for (auto& k : over.value.keys) {
      auto& keys = result.value.keys;
      auto it = std::lower_bound(keys.begin(), keys.end(), k.name, [](const KeyInfo& a, const std::string& n) { return a.name < n; });
      if (it != keys.end() && it->name == k.name) *it = std::move(k);
      else keys.insert(it, std::move(k));
    }
    auto& known = result.value.known_names;
    known.insert(known.end(), over.value.known_names.begin(), over.value.known_names.end());
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
  }
  return result;
}

// The first layer's files are the shipped rules; the files of later layers and --local-rules are
// the operator's (parse_rules: a rule replaces the shipped one of the same id, a [[define]] the
// shipped value of the same name).
Loaded<RuleSet> layered_rules(const std::vector<fs::path>& dirs, const std::vector<fs::path>& local_rules,
                              const ProfileSet& profiles, const Catalog& catalog) {
  std::vector<Diagnostic> read_diags;
  // Files replaced by name across layers first, then the remaining files grouped by their layer.
  auto files = layered_files(dirs, {"keys.toml", kDenyListFileName, kWritersFileName}, read_diags);
  std::vector<std::pair<std::string, std::string>> shipped, local;
  for (const auto& dir : dirs)
    for (const auto& f : files)
      if (fs::path(f.first).parent_path() == dir) (dir == dirs.front() ? shipped : local).push_back(f);
  for (const auto& p : local_rules) {
    std::string text;
    if (read_text(p, text, read_diags)) local.emplace_back(p.string(), std::move(text));
  }
  if (has_errors(read_diags)) return Loaded<RuleSet>{RuleSet{}, read_diags};
  auto result = parse_rules(shipped, profiles, catalog, local);
  result.diagnostics.insert(result.diagnostics.begin(), read_diags.begin(), read_diags.end());
  return result;
}

}  // namespace

Loaded<Knowledge> load_knowledge(const std::vector<fs::path>& rules_dirs, const std::vector<fs::path>& profiles_dirs,
                                 const std::vector<fs::path>& local_rules) {
  Loaded<Knowledge> result;
  auto& out = result.diagnostics;
  auto catalog = layered_catalog(rules_dirs);
  out.insert(out.end(), catalog.diagnostics.begin(), catalog.diagnostics.end());
  std::vector<Diagnostic> read_diags;
  auto profile_files = layered_files(profiles_dirs, {}, read_diags);
  out.insert(out.end(), read_diags.begin(), read_diags.end());
  if (has_errors(out)) return result;
  auto profiles = parse_profiles(profile_files);
  out.insert(out.end(), profiles.diagnostics.begin(), profiles.diagnostics.end());
  // Rules are compiled against the catalog and profiles; when those failed, the rule errors would
  // mostly be echoes ("unknown key"), so stop here.
  if (has_errors(out)) return result;
  auto rules = layered_rules(rules_dirs, local_rules, profiles.value, catalog.value);
  out.insert(out.end(), rules.diagnostics.begin(), rules.diagnostics.end());
  if (has_errors(out)) return result;
  result.value.catalog = std::move(catalog.value);
  result.value.profiles = std::move(profiles.value);
  result.value.rules = std::move(rules.value);
  return result;
}

}  // namespace sa::engine
