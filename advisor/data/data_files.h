// Reading the data folders (rules/, profiles/) into (path, text) pairs, in the order the engine
// compiles them. Layers (FHS): the shipped folder first, the operator's overrides after:
//   - a *.toml of the same name in a later layer replaces the earlier file (an empty ports.toml in
//     /etc/sysctl-advisor/rules drops the shipped one), as systemd's /etc over /usr/lib does;
//   - keys.toml is read from every layer that has one: the engine merges it key by key;
//   - a missing override folder is normal; the first layer's folder must exist.
// Every file is opened as a regular file of at most kMaxDataFileBytes (core/safe_open.h): a FIFO or
// /dev/zero named *.toml is reported, never waited on.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::data {

// The files of rules/ that are not rule files.
inline constexpr const char* kCatalogFileName = "keys.toml";
inline constexpr const char* kKnownKeysFileName = "known-keys.txt";  // beside keys.toml, optional
inline constexpr const char* kDenyListFileName = "apply-deny.toml";
inline constexpr const char* kWritersFileName = "writers.toml";

// (display path, text)
using TextFile = std::pair<std::string, std::string>;
using TextFiles = std::vector<TextFile>;

// A regular file's text; false with a diagnostic (code "unreadable", the reason) when it cannot be.
bool read_data_file(const std::filesystem::path& file, std::string& text, std::vector<Diagnostic>& out);

// Every *.toml of dir except the names in `skip`, sorted by name (loading is deterministic); a
// missing folder and unreadable files are diagnostics.
TextFiles read_toml_dir(const std::filesystem::path& dir, const std::vector<std::string>& skip,
                        std::vector<Diagnostic>& out);

// One layer's key catalog: keys.toml and, when present, known-keys.txt beside it.
struct CatalogFile {
  TextFile catalog;
  std::optional<TextFile> known_names;
};

// Everything the engine compiles into its knowledge, read from layered folders. Each part keeps its
// own read diagnostics, so the engine reports them in the order it compiles (a broken catalog
// stops before the rules, whose errors would be echoes).
struct KnowledgeFiles {
  std::vector<CatalogFile> catalogs;  // shipped first; later layers' keys replace earlier ones
  std::vector<Diagnostic> catalog_diagnostics;
  TextFiles profiles;                 // by file name across layers
  std::vector<Diagnostic> profile_diagnostics;
  TextFiles shipped_rules;            // the first layer's rule files (after replacement by name)
  TextFiles local_rules;              // later layers' rule files, then --local-rules in order
  std::vector<Diagnostic> rule_diagnostics;
};

KnowledgeFiles read_knowledge_files(const std::vector<std::filesystem::path>& rules_dirs,
                                    const std::vector<std::filesystem::path>& profiles_dirs,
                                    const std::vector<std::filesystem::path>& local_rules = {});

}  // namespace sa::data
