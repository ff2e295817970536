#include "advisor/config/config_set.h"

#include <algorithm>

#include "advisor/config/file_discovery.h"
#include "advisor/config/file_loading.h"
#include "advisor/config/line_parser.h"
#include "advisor/core/sysctl_key.h"

namespace fs = std::filesystem;

namespace sa::config {

std::string_view to_string(Loader l) { return l == Loader::systemd ? "systemd" : "procps"; }

std::optional<Loader> parse_loader(std::string_view text) {
  if (text == "systemd" || text == "systemd-sysctl") return Loader::systemd;
  if (text == "procps" || text == "sysctl") return Loader::procps;
  return std::nullopt;
}

namespace {

const char* const kSystemdMarkers[] = {"/run/systemd/system", "/lib/systemd/systemd-sysctl",
                                       "/usr/lib/systemd/systemd-sysctl"};

std::string marker_found(const fs::path& root) {
  for (const char* m : kSystemdMarkers) {
    bool dev_null = false;
    std::string err;
    fs::path p = resolve_in_root(root, m, &dev_null, &err);
    std::error_code ec;
    if (!p.empty() && fs::exists(p, ec)) return m;
  }
  return {};
}

}  // namespace

Loader default_loader(const fs::path& root) { return marker_found(root).empty() ? Loader::procps : Loader::systemd; }

std::string default_loader_reason(const fs::path& root) {
  std::string m = marker_found(root);
  if (!m.empty()) return m + " exists";
  return "no systemd found (/run/systemd/system, systemd-sysctl)";
}

const EffectiveKey* ConfigSet::find(std::string_view key) const {
  auto it = std::lower_bound(keys.begin(), keys.end(), key, [](const EffectiveKey& k, std::string_view v) { return k.key < v; });
  return it != keys.end() && it->key == key ? &*it : nullptr;
}

ConfigSet load_system(const LoadOptions& options) {
  ConfigSet set;
  set.loader = options.loader;
  set.root = options.root.empty() ? "/" : options.root.string();
  Discovery d = discover(options.root, options.loader, options.extra ? &*options.extra : nullptr);
  set.hidden = std::move(d.hidden);
  set.diagnostics = std::move(d.diagnostics);
  load_into(set, d.files);
  return set;
}

ConfigSet load_files(const std::vector<fs::path>& files, Loader loader) {
  ConfigSet set;
  set.loader = loader;
  std::vector<PlannedFile> planned(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    planned[i].shown = printable(files[i].string());
    planned[i].real = files[i];
  }
  load_into(set, planned);
  return set;
}

}  // namespace sa::config
