#include "advisor/apply/boot_override.h"

#include <map>
#include <optional>

#include "advisor/core/sysctl_key.h"

namespace fs = std::filesystem;

namespace sa::apply {

namespace {

const char* const kSysctlDirs[] = {"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d",
                                   "/lib/sysctl.d"};

fs::path norm(const fs::path& p) { return p.lexically_normal(); }

// The sysctl.d folder that holds a host path ("/etc/sysctl.d/x.conf"), or "" when none does.
fs::path sysctl_dir_of(const fs::path& host_path) {
  fs::path parent = norm(host_path).parent_path();
  for (const char* d : kSysctlDirs)
    if (parent == fs::path(d)) return parent;
  return {};
}

int dir_rank(const fs::path& dir) {
  int i = 0;
  for (const char* d : kSysctlDirs) {
    if (dir == fs::path(d)) return i;
    ++i;
  }
  return i;
}

// The model shows files as on the host, without the root; so must the persist file be. A path
// outside root is on no host the loader boots: nullopt.
std::optional<fs::path> host_path(const fs::path& root, const fs::path& path) {
  fs::path p = norm(fs::absolute(path));
  fs::path r = norm(fs::absolute(root));
  if (r == "/" || r.empty()) return p;
  fs::path rel = p.lexically_relative(r);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return fs::path("/") / rel;
}

// Only an explicit line for the key counts: both loaders let an explicit key beat every glob,
// whatever the order (config_set.h, EffectiveKey::globs_overridden), and the persisted file has
// explicit keys only.
bool key_matches(const config::Assignment& a, const std::string& key) {
  return !a.exclusion && !a.is_glob && a.key == key;
}

}  // namespace

BootOrder check_boot_order(const config::ConfigSet& model, const fs::path& root, const fs::path& persist_path,
                           const std::vector<std::string>& keys) {
  BootOrder out;
  std::optional<fs::path> on_host = host_path(root, persist_path);
  if (!on_host) {
    out.read_at_boot = false;
    return out;
  }
  fs::path persist = *on_host;
  fs::path persist_dir = sysctl_dir_of(persist);
  const fs::path etc_conf = "/etc/sysctl.conf";
  std::string name = persist.filename().string();
  bool persist_is_etc_conf = persist == etc_conf && model.loader == config::Loader::procps;
  if (persist_dir.empty() && !persist_is_etc_conf) {
    out.read_at_boot = false;
    return out;
  }

  // Which model files are read after the persist file.
  std::vector<bool> later(model.files.size(), false);
  for (size_t i = 0; i < model.files.size(); ++i) {
    fs::path f = norm(model.files[i]);
    if (f == persist) continue;
    if (persist_is_etc_conf) continue;  // procps reads /etc/sysctl.conf last of all
    fs::path fdir = sysctl_dir_of(f);
    if (fdir.empty()) {
      later[i] = true;  // /etc/sysctl.conf (procps), read after every sysctl.d file
      continue;
    }
    std::string fname = f.filename().string();
    if (fname == name) {
      // Same name: the one in the earlier folder (/etc, /run, /usr/local/lib, /usr/lib) is read.
      if (dir_rank(fdir) < dir_rank(persist_dir)) out.masked_by = f.string();
      continue;
    }
    later[i] = fname > name;
  }

  for (const auto& m : model.masks) {  // links to /dev/null: they hide the name and set nothing
    fs::path f = norm(m);
    fs::path fdir = sysctl_dir_of(f);
    if (!fdir.empty() && f.filename().string() == name && f != persist && dir_rank(fdir) < dir_rank(persist_dir))
      out.masked_by = f.string() + " (a link to /dev/null)";
  }

  // The last later assignment of each persisted key is the one the kernel keeps at boot.
  std::map<std::string, BootOverride> winners;
  for (const auto& a : model.assignments) {
    if (a.file >= later.size() || !later[a.file]) continue;
    for (const auto& k : keys) {
      if (!key_matches(a, k)) continue;
      winners[k] = BootOverride{k, a.value, model.files[a.file], a.line};
    }
  }
  for (const auto& k : keys) {
    auto it = winners.find(k);
    if (it != winners.end()) out.overrides.push_back(it->second);
  }
  return out;
}

}  // namespace sa::apply
