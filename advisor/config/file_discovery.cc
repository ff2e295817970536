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

bool is_vendor_sysctl_dir(std::string_view dir) {
  if (dir == kAdminSysctlDir) return false;
  for (const char* d : kSysctlDirs)
    if (dir == d) return true;
  return false;
}

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

// A name the loader reads from a sysctl.d folder.
bool loader_reads_name(const char* name, Loader loader) {
  if (!std::strcmp(name, ".") || !std::strcmp(name, "..") || !ends_with_conf(name)) return false;
  return !(loader == Loader::systemd && name[0] == '.');  // conf-files.c skips hidden files
}

// Where LoadOptions::extra goes: its folder (one of kSysctlDirs, or "" when none), its name, and
// where it would be on disk, so that a link to that path reads it too (Debian's
// /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf).
struct ExtraPlace {
  const ExtraFile* file = nullptr;
  fs::path host;  // extra->path, normalized
  std::string dir, name;
  fs::path real;
};

ExtraPlace place_of(const fs::path& root, const ExtraFile* extra) {
  ExtraPlace p;
  if (!extra) return p;
  p.file = extra;
  p.host = fs::path(extra->path).lexically_normal();
  p.name = p.host.filename().string();
  for (const char* dir : kSysctlDirs)
    if (p.host.parent_path() == fs::path(dir)) p.dir = dir;
  bool dev_null = false;
  std::string err;
  fs::path real_dir = resolve_in_root(root, p.host.parent_path().string(), &dev_null, &err);
  if (!real_dir.empty()) p.real = (real_dir / p.name).lexically_normal();
  return p;
}

PlannedFile extra_file(const ExtraPlace& x) {
  PlannedFile f;
  f.shown = printable(x.host.string());
  f.text = &x.file->text;
  return f;
}

}  // namespace

Discovery discover(const fs::path& root, Loader loader, const ExtraFile* extra) {
  Discovery out;
  const ExtraPlace x = place_of(root, extra);
  std::map<std::string, PlannedFile> by_name;  // strcmp order, as both loaders sort
  for (const char* dir : kSysctlDirs) {
    const bool extra_here = x.file && x.dir == dir;
    if (extra_here && loader_reads_name(x.name.c_str(), loader)) {
      // Before the folder is listed: the folder may not exist yet, and the extra replaces a file
      // of its name there.
      auto it = by_name.find(x.name);
      if (it != by_name.end()) out.hidden.push_back(HiddenFile{printable(x.host.string()), it->second.shown, it->second.masked});
      else by_name.emplace(x.name, extra_file(x));
    }
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
      if (!loader_reads_name(name, loader)) continue;
      if (extra_here && x.name == name) continue;  // replaced by the extra file
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
  if (x.file && !x.real.empty())  // a link to the extra's path reads the extra's text
    for (PlannedFile& f : out.files)
      if (!f.text && !f.real.empty() && f.real.lexically_normal() == x.real) {
        f.text = &x.file->text;
        f.masked = f.is_folder = false;
        f.error.clear();
      }
  // Order of `hidden` follows discovery; show them sorted by name like the files.
  std::stable_sort(out.hidden.begin(), out.hidden.end(),
                   [](const HiddenFile& a, const HiddenFile& b) { return fs::path(a.path).filename() < fs::path(b.path).filename(); });

  if (loader == Loader::procps && x.file && x.host == fs::path(kSysctlConf)) {
    out.files.push_back(extra_file(x));  // the extra is /etc/sysctl.conf, a regular file
  } else if (loader == Loader::procps) {
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
