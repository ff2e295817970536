// Would a file read later at boot undo what apply persists? The configuration model
// (sa::config::load_system) gives every file in load order with its assignments; this decides
// where the persist file would sit in that order and which later assignment of each persisted key
// would win.
//
// Where the persist file sits: config's LoadOptions has no "extra file" hook, so the position is
// computed from the loaders' rules, the same ones the model implements: sysctl.d folders
// (/etc, /run, /usr/local/lib, /usr/lib, /lib) are merged and read in file-name order, a name in an
// earlier folder hides the same name in a later one, and procps reads /etc/sysctl.conf after all of
// them. The model shows paths as on the host (without --root); the persist path is turned into one.
// So a model file in a sysctl.d folder is later when its name sorts after the persist file's; any
// other model file (/etc/sysctl.conf under procps) is later than every sysctl.d file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "advisor/config/config_set.h"

namespace sa::apply {

struct BootOverride {
  std::string key;
  std::string value;  // the value the later file sets
  std::string file;   // as the model displays it (host path, without --root)
  int line = 0;
};

struct BootOrder {
  bool read_at_boot = true;     // false: the persist file is in no folder the loader reads
  std::string masked_by;        // non-empty: a same-named file in /etc/sysctl.d hides it
  std::vector<BootOverride> overrides;  // one per persisted key that a later file sets, the winner
};

BootOrder check_boot_order(const config::ConfigSet& model, const std::filesystem::path& root,
                           const std::filesystem::path& persist_path, const std::vector<std::string>& keys);

}  // namespace sa::apply
