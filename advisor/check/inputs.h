// What to read for each host group: host roots (read in the loader's real order by advisor/config)
// and plain files (read in the order given). The one place in check/ that looks at the file system,
// and only at names: file contents are read through advisor/config and read_text().
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "advisor/check/mapping.h"
#include "advisor/core/diagnostic.h"

namespace sa::check {

struct Input {
  bool host_root = false;
  std::filesystem::path root;                // host_root: the folder laid out like '/'
  std::vector<std::filesystem::path> files;  // !host_root: the files, in the order to read them
  std::string label;                         // how to name it: the root or the first file
};

// A folder laid out like a host's '/': it has etc/sysctl.d, etc/sysctl.conf or usr/lib/sysctl.d
// (or the other sysctl.d folders systemd reads).
bool is_host_root(const std::filesystem::path& dir);

// Command-line PATHs: a host root is one input; a plain folder contributes its *.conf files in
// name order; files keep the order given and consecutive ones form one input. A PATH that does not
// exist is a problem (exit 2).
std::vector<Input> inputs_from_paths(const std::vector<std::filesystem::path>& paths, std::vector<Diagnostic>& problems);

// Every folder and file under a repository, relative, '/'-separated; dot-folders (.git) skipped.
struct RepoTree {
  std::filesystem::path root;
  std::vector<std::string> dirs;
  std::vector<std::string> files;
};
RepoTree walk_repo(const std::filesystem::path& root);

// A group's globs against the tree: each matching host root is one input, the other matching
// files (and *.conf files of matching plain folders) one more. `unmatched` lists globs that match
// nothing (a stale mapping must not silently check nothing).
struct Resolved {
  std::vector<Input> inputs;
  std::vector<size_t> unmatched;  // indices into spec.paths
};
Resolved resolve_group(const RepoTree& tree, const GroupSpec& spec);

// Files that look like sysctl configuration (*.conf under a sysctl.d folder, or named sysctl.conf)
// that no group's input covers, relative to the tree root.
std::vector<std::string> unmapped_config_files(const RepoTree& tree, const std::vector<Input>& covered);

// A whole file as text; nullopt when it cannot be read.
std::optional<std::string> read_text(const std::filesystem::path& file);
// The same into `out` (its capacity reused across files); false when it cannot be read.
bool read_text(const std::filesystem::path& file, std::string& out);

}  // namespace sa::check
