// The configuration model: every assignment the boot-time loader would read, in the order it
// reads them, the value that wins for each key, and which line shadows which.
// CONTRACT shared by config/, engine/, check/, apply/ and cli/: add to it freely; rename or remove
// only together with every user.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::config {

// The two real loaders differ (see docs/loaders.md).
enum class Loader { systemd, procps };
std::string_view to_string(Loader l);
std::optional<Loader> parse_loader(std::string_view text);
// The loader that applies at boot on the host under root: systemd-sysctl where systemd runs
// (root/run/systemd/system exists, or root/lib/systemd/systemd-sysctl is installed), else procps.
Loader default_loader(const std::filesystem::path& root);

struct Assignment {
  std::string key;             // dotted, normalized (normalize_key); may be a glob under systemd
  std::string value;           // whitespace folded; empty for an exclusion
  uint32_t file = 0;           // index into ConfigSet::files
  int line = 0;                // 1-based
  bool ignore_failure = false; // leading '-' on the key
  bool is_glob = false;
  bool exclusion = false;      // systemd: a bare "-key" line with no '=' excludes key from globs
};

struct EffectiveKey {
  std::string key;              // dotted
  std::string value;            // the value that would be written last
  size_t winner = 0;            // index into ConfigSet::assignments
  std::vector<size_t> shadowed; // earlier assignments of the key, oldest first (indices)
};

struct ConfigSet {
  Loader loader = Loader::systemd;
  std::vector<std::string> files;     // every file read, in load order, as displayed paths
  std::vector<Assignment> assignments;// in the order the loader applies them
  std::vector<EffectiveKey> keys;     // sorted by key
  std::vector<Diagnostic> diagnostics;

  const EffectiveKey* find(std::string_view key) const;
  const Assignment& winner(const EffectiveKey& k) const { return assignments[k.winner]; }
  const std::string& file_of(const Assignment& a) const { return files[a.file]; }
  bool has_errors() const { return sa::has_errors(diagnostics); }
};

struct LoadOptions {
  std::filesystem::path root = "/";
  Loader loader = Loader::systemd;
};

// What `sysctl --system` (procps) or systemd-sysctl would read on the host under root.
ConfigSet load_system(const LoadOptions& options);
// Explicit files, in the order given (`sysctl -p FILE...`).
ConfigSet load_files(const std::vector<std::filesystem::path>& files, Loader loader);

}  // namespace sa::config
