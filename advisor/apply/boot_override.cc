#include "advisor/apply/boot_override.h"

#include <algorithm>
#include <optional>

#include "advisor/config/line_parser.h"
#include "advisor/core/sysctl_key.h"

namespace fs = std::filesystem;

namespace sa::apply {

BootOrder check_boot_order(const config::LoadOptions& host, const fs::path& persist_path, const std::string& persist_text,
                           const std::vector<std::string>& keys) {
  BootOrder out;
  // The loader shows files as on the host, without the root; so must the persist file be. A path
  // outside the root is on no host the loader boots.
  std::optional<fs::path> on_host = host_path_in_root(fs::absolute(host.root), fs::absolute(persist_path));
  if (!on_host) {
    out.read_at_boot = false;
    return out;
  }
  config::LoadOptions lo = host;
  lo.extra = config::ExtraFile{on_host->string(), persist_text};
  const config::ConfigSet boot = config::load_system(lo);
  const std::string shown = config::printable(on_host->string());

  for (const auto& h : boot.hidden)
    if (h.path == shown) {
      out.masked_by = h.by + (h.masked ? " (a link to /dev/null)" : "");
      return out;
    }
  auto it = std::find(boot.files.begin(), boot.files.end(), shown);
  if (it == boot.files.end()) {
    out.read_at_boot = false;
    return out;
  }
  const auto persist = static_cast<uint32_t>(it - boot.files.begin());

  // The persist file sets each key explicitly, and an explicit line beats every glob: a winner
  // that is not its line comes from a file read after it, setting another value or, under
  // systemd, excluding the key (a later "-key" line cancels the assignment: the model marks the
  // key excluded with that line as its winner).
  for (const auto& k : keys) {
    const config::EffectiveKey* ek = boot.find(k);
    if (!ek) continue;
    const config::Assignment& w = boot.winner(*ek);
    if (w.file == persist) continue;
    out.overrides.push_back(
        BootOverride{k, ek->excluded ? std::string() : std::string(w.value), boot.file_of(w), w.line, ek->excluded});
  }
  return out;
}

}  // namespace sa::apply
