// rules/apply-deny.toml: keys `apply` never writes, each with the reason, whatever a plan says and
// even with --allow-key. Data, not code, so an operator can read (and a packager extend) the list.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/engine/engine.h"

namespace sa::engine {

struct DenyEntry {
  std::string key;     // as written: "kernel.core_pattern" or a subtree "kernel.yama.*"
  std::string reason;
  Location where;
};

struct DenyList {
  std::vector<DenyEntry> entries;
  // The entry that covers `key` (dotted or sysctl.d slash form), or nullptr. Compared as /proc/sys
  // paths, so "kernel/core_pattern" and "kernel.core_pattern" are the same key.
  const DenyEntry* match(std::string_view key) const;
};

// rules/apply-deny.toml (data::kDenyListFileName), read by advisor/data. An invalid file is an
// error: apply fails closed rather than running without the list (so does a missing one, cli).
Loaded<DenyList> parse_deny_list(const std::string& text, const std::string& display);

}  // namespace sa::engine
