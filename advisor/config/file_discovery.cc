#include "advisor/config/file_discovery.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "advisor/config/line_parser.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/core/tree_path.h"

namespace fs = std::filesystem;

namespace sa::config {

const char* const kSysctlDirs[5] = {"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d",
                                    "/lib/sysctl.d"};

namespace {

Diagnostic file_diag(Severity s, const char* c, const std::string& file, std::string message) {
  Diagnostic d;
  d.severity = s;
  d.code = c;
  d.where = Location{printable(file), 0, 0};
  d.message = std::move(message);
  return d;
}

bool ends_with_conf(const char* name) {
  size_t n = std::strlen(name);
  return n >= 5 && std::strcmp(name + n - 5, ".conf") == 0;
}

}  // namespace

Discovery discover(const fs::path& root, Loader loader) {
  Discovery out;
  std::map<std::string, PlannedFile> by_name;  // strcmp order, as both loaders sort
  for (const char* dir : kSysctlDirs) {
    bool dir_null = false;
    std::string err;
    fs::path real_dir = resolve_in_root(root, dir, &dir_null, &err);
    if (real_dir.empty()) {
      out.diagnostics.push_back(file_diag(Severity::error, code::kUnreadableFolder, dir, "cannot open the folder: " + err));
      continue;
    }
    DIR* dp = opendir(real_dir.c_str());
    if (!dp) {
      int e = errno;
      if (e == ENOENT) continue;  // both loaders skip a missing folder silently
      if (e == ENOTDIR)
        out.diagnostics.push_back(file_diag(Severity::warning, code::kNotAFolder, dir,
                                            "expected a folder of *.conf files, found a file; the loaders skip it"));
      else
        out.diagnostics.push_back(file_diag(Severity::error, code::kUnreadableFolder, dir,
                                            std::string("cannot list the folder: ") + std::strerror(e)));
      continue;
    }
    while (struct dirent* de = readdir(dp)) {
      const char* name = de->d_name;
      if (!std::strcmp(name, ".") || !std::strcmp(name, "..") || !ends_with_conf(name)) continue;
      if (loader == Loader::systemd && name[0] == '.') continue;  // conf-files.c skips hidden files
      std::string shown = std::string(dir) + "/" + name;
      auto it = by_name.find(name);
      if (it != by_name.end()) {
        out.hidden.push_back(HiddenFile{printable(shown), it->second.shown, it->second.masked});
        continue;
      }
      PlannedFile f;
      f.shown = printable(shown);
      if (de->d_type == DT_REG || de->d_type == DT_DIR) {
        // Not a link, in a folder already resolved: its path is known without a system call per
        // component (400 files took milliseconds).
        f.real = real_dir / name;
        f.is_folder = de->d_type == DT_DIR;
        by_name.emplace(name, std::move(f));
        continue;
      }
      std::string why;
      f.real = resolve_in_root(root, shown, &f.masked, &why);
      f.error = why;
      if (!f.real.empty() && !f.masked) {
        struct stat st;
        if (stat(f.real.c_str(), &st) != 0) f.error = std::string("cannot open: ") + std::strerror(errno);
        else if (S_ISDIR(st.st_mode)) f.is_folder = true;
      }
      by_name.emplace(name, std::move(f));
    }
    closedir(dp);
  }
  for (auto& [name, f] : by_name) out.files.push_back(std::move(f));
  // Order of `hidden` follows discovery; show them sorted by name like the files.
  std::stable_sort(out.hidden.begin(), out.hidden.end(),
                   [](const HiddenFile& a, const HiddenFile& b) { return fs::path(a.path).filename() < fs::path(b.path).filename(); });

  if (loader == Loader::procps) {
    bool dev_null = false;
    std::string why;
    fs::path real = resolve_in_root(root, kSysctlConf, &dev_null, &why);
    struct stat st;
    // procps: `stat(DEFAULT_PRELOAD) == 0 && S_ISREG` -- a link is followed, /dev/null is skipped.
    if (!real.empty() && !dev_null && stat(real.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      PlannedFile f;
      f.shown = kSysctlConf;
      f.real = real;
      out.files.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace sa::config
