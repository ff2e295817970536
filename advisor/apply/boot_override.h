// Would the file apply persists be read at boot, and would a file read after it undo it? Asked of
// config's loader, which owns the load order (folders, same-name hiding, name order,
// /etc/sysctl.conf under procps): load the host with the persist file as it would be written
// (LoadOptions::extra) and compare, for each persisted key, the winner with the persist file's line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "advisor/config/config_set.h"

namespace sa::apply {

struct BootOverride {
  std::string key;
  std::string value;  // the value the later file sets (empty when it excludes the key)
  std::string file;   // as the model displays it (host path, without --root)
  int line = 0;
  // A bare "-key" line: systemd-sysctl then writes nothing for the key, so the persisted value is
  // not written at boot either (procps never lets such a line cancel an assignment).
  bool excludes = false;
};

struct BootOrder {
  bool read_at_boot = true;     // false: the persist file is in no folder the loader reads
  std::string masked_by;        // non-empty: a same-named file in an earlier folder hides it
  std::vector<BootOverride> overrides;  // one per persisted key that a later file sets, the winner
};

// `host` says the root and loader; `persist_path` is where the file will be written (under the
// root), `persist_text` what it will hold, `keys` the keys it sets.
BootOrder check_boot_order(const config::LoadOptions& host, const std::filesystem::path& persist_path,
                           const std::string& persist_text, const std::vector<std::string>& keys);

}  // namespace sa::apply
