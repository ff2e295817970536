// Compiling the layered data files (advisor/data: shipped first, the operator's overrides after)
// into one Knowledge. Each layer is parsed on its own, so every error still names its own
// file:line; then merged:
//   - a catalog [[key]] of the same name replaces the earlier key (key by key);
//   - a rule of the same id replaces the earlier rule (rule by rule), whichever file it is in;
//   - a profile is one file named after it, already replaced file by file when read.
#include <algorithm>

#include "advisor/engine/engine.h"

namespace sa::engine {

namespace {

Loaded<Catalog> parse_layer(const data::CatalogFile& f) {
  Loaded<Catalog> result = parse_catalog(f.catalog.second, f.catalog.first);
  if (f.known_names) parse_known_names(f.known_names->second, f.known_names->first, result);
  return result;
}

Loaded<Catalog> layered_catalog(const data::KnowledgeFiles& files) {
  Loaded<Catalog> result{Catalog{}, files.catalog_diagnostics};
  if (!result.ok() || files.catalogs.empty()) return result;
  Loaded<Catalog> first = parse_layer(files.catalogs.front());
  result.value = std::move(first.value);
  result.diagnostics.insert(result.diagnostics.end(), first.diagnostics.begin(), first.diagnostics.end());
  for (size_t i = 1; i < files.catalogs.size() && result.ok(); ++i) {
    Loaded<Catalog> over = parse_layer(files.catalogs[i]);
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

}  // namespace

Loaded<Knowledge> compile_knowledge(const data::KnowledgeFiles& files) {
  Loaded<Knowledge> result;
  auto& out = result.diagnostics;
  auto catalog = layered_catalog(files);
  out.insert(out.end(), catalog.diagnostics.begin(), catalog.diagnostics.end());
  out.insert(out.end(), files.profile_diagnostics.begin(), files.profile_diagnostics.end());
  if (has_errors(out)) return result;
  auto profiles = parse_profiles(files.profiles);
  out.insert(out.end(), profiles.diagnostics.begin(), profiles.diagnostics.end());
  // Rules are compiled against the catalog and profiles; when those failed, the rule errors would
  // mostly be echoes ("unknown key"), so stop here.
  if (has_errors(out)) return result;
  out.insert(out.end(), files.rule_diagnostics.begin(), files.rule_diagnostics.end());
  if (has_errors(out)) return result;
  auto rules = parse_rules(files.shipped_rules, profiles.value, catalog.value, files.local_rules);
  out.insert(out.end(), rules.diagnostics.begin(), rules.diagnostics.end());
  if (has_errors(out)) return result;
  result.value.catalog = std::move(catalog.value);
  result.value.profiles = std::move(profiles.value);
  result.value.rules = std::move(rules.value);
  return result;
}

}  // namespace sa::engine
