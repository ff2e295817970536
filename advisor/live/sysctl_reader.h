// Reading /proc/sys: one key, or the default set every snapshot carries.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/live/host_state.h"

namespace sa::live {

// root/proc/sys/<key as a path>: ok with the value folded (sysctl_key.h), absent when the file does
// not exist (ENOENT/ENOTDIR: the kernel has no such key), unreadable with the reason otherwise
// (EACCES for a non-root reader of a 0600 key, EIO, ...). An invalid key name is unreadable too:
// it never becomes a path.
SysctlValue read_sysctl(const std::filesystem::path& root, std::string_view dotted);

// The folders whose plain files (not sub-folders: conf/, neigh/, route/) every snapshot reads:
// net.ipv4.*, net.core.*, net.ipv6.*; plus the few keys below them that the advice needs.
extern const std::vector<std::string> kDefaultSysctlDirs;
extern const std::vector<std::string> kDefaultSysctlKeys;

// Reads every readable file of kDefaultSysctlDirs, then kDefaultSysctlKeys and `extra` (which may
// name absent keys: those become Status::absent). Write-only files (mode without read bits, like
// `sysctl -a` skips) are left out. A missing folder is simply empty (no IPv6 on this kernel).
void read_sysctl_set(const std::filesystem::path& root, const std::vector<std::string>& extra,
                     std::map<std::string, SysctlValue>& out);

}  // namespace sa::live
