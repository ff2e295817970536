// Paths of a `--root` tree, resolved as a chroot would resolve them, and the links met on the way
// that would have led out of the tree on the host.
//
// A tree under --root is a copy of a host: an absolute link `/etc/sysctl.conf` in it means
// TREE/etc/sysctl.conf, and `..` stops at TREE. Such a link is never followed out of the tree, for
// reads and writes alike (safe_open.h opens with RESOLVE_IN_ROOT), but the operator is told: a link
// that points outside the tree may be a mistake in how the tree was copied, or an attack on a tool
// that runs as root. Each such link is noted once per run; main.cc prints the notes on stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sa {

// Follows the links of `host_path` (absolute, as on the host) component by component without
// leaving `root`. Returns the real path under root; sets *dev_null when it ends at /dev/null (a
// masked file). On a loop or an over-long chain returns an empty path and sets *error. Links whose
// target leaves the tree (absolute, or `..` above the tree's top) are noted (tree_escape_notes()).
std::filesystem::path resolve_in_root(const std::filesystem::path& root, const std::string& host_path, bool* dev_null,
                                      std::string* error);

// The links met so far that point outside the --root tree, one sentence each, in the order met:
// "TREE/proc/sys/net/core links to /etc: under --root that is TREE/etc (links are never followed
// out of the tree)". Thread-safe.
std::vector<std::string> tree_escape_notes();

}  // namespace sa
