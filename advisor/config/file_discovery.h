// Which files a loader reads, in which order, under a root (a copy of a host, or "/").
// Verified against the tools installed here (procps 4.0.2, systemd-sysctl 252) and their source
// (procps src/sysctl.c PreloadSystem; systemd src/basic/conf-files.c via src/sysctl/sysctl.c):
//   folders /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d, /lib/sysctl.d;
//   a name ending in ".conf" found in an earlier folder hides the same name in later ones;
//   the survivors are read in strcmp order of their names;
//   procps then reads /etc/sysctl.conf when it is a regular file; systemd never reads it;
//   systemd skips names starting with '.', procps reads them.
// Symbolic links are followed inside the root: an absolute target "/x" means root/x.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/config/config_set.h"
#include "advisor/core/diagnostic.h"
#include "advisor/core/tree_path.h"

namespace sa::config {

// The administrator's folder: the first the loaders read, so its names hide every other folder's.
inline constexpr const char* kAdminSysctlDir = "/etc/sysctl.d";
// The folders both loaders read, most important first. The only list of them: check, apply and
// plan ask this file (or load through it) instead of keeping their own.
inline constexpr const char* kSysctlDirs[5] = {kAdminSysctlDir, "/run/sysctl.d", "/usr/local/lib/sysctl.d",
                                               "/usr/lib/sysctl.d", "/lib/sysctl.d"};
inline constexpr const char* kSysctlConf = "/etc/sysctl.conf";

// The vendor folders: every folder but /etc/sysctl.d. Packages install into /usr/lib (/lib,
// /usr/local/lib) and the runtime generates /run; sysctl.d(5) tells the administrator to override
// their files from /etc/sysctl.d (a same-named file, or a later-sorting one), so a vendor line
// shadowed from there is the intended use, not a mistake (check's shadowed-key lint says so).
// `dir` as in kSysctlDirs ("/usr/lib/sysctl.d").
bool is_vendor_sysctl_dir(std::string_view dir);

struct PlannedFile {
  std::string shown;              // the path on the host ("/etc/sysctl.d/10-a.conf")
  std::filesystem::path real;     // where to read it (under root); empty when it cannot be read
  bool masked = false;            // a link to /dev/null: read as empty, it masks the same name
  bool is_folder = false;         // a folder named *.conf: the loader fails to read it
  const std::string* text = nullptr;  // LoadOptions::extra's text, read instead of the disk
  std::string error;              // why it cannot be read (dangling link, loop, ...) or empty
};

struct Discovery {
  std::vector<PlannedFile> files;  // in load order
  std::vector<HiddenFile> hidden;  // same-named files in later folders, never read
  std::vector<Diagnostic> diagnostics;
};

// With `extra`, the files as they would be with extra.text at extra.path (see LoadOptions::extra).
Discovery discover(const std::filesystem::path& root, Loader loader, const ExtraFile* extra = nullptr);

// resolve_in_root (the chroot-like walk of a --root tree) lives in advisor/core/tree_path.h.
using sa::resolve_in_root;

}  // namespace sa::config
