// Drift: for every configured key, the live value against the value boot would set and the value
// the last standing `apply` wrote (its journal). Keys whose live value differs from boot are lost
// at the next reboot; keys whose live value differs from what the last apply wrote were changed by
// someone else since (TuneD reapplying a profile, bpftune, kube-proxy, an operator's sysctl -w).
// Pure over its inputs; live values come through a reader so tests and --netns choose them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "advisor/apply/journal.h"
#include "advisor/apply/live_values.h"
#include "advisor/config/config_set.h"

namespace sa::apply {

struct DriftKey {
  std::string key;
  LiveRead live;                      // exists=false: absent in this namespace; error: unreadable
  std::optional<std::string> boot;    // the effective configured value; nullopt = not configured
  std::string boot_file;
  int boot_line = 0;
  std::optional<std::string> applied; // what the newest standing apply wrote; nullopt = none did
  std::string applied_by;             // that apply's id
  std::string applied_at;             // and time
  bool lost_at_reboot = false;        // live differs from boot (boot would set another value)
  bool changed_since_apply = false;   // live differs from what the apply wrote
  // Another writer that sets this key (docs/writers.md) and whose value is the live one or is
  // decided at runtime: "tuned (profile web)". Empty when none is known. Filled by the caller.
  std::string written_by;
  bool drifted() const { return lost_at_reboot || changed_since_apply; }
};

struct Drift {
  std::vector<DriftKey> keys;  // sorted by key: every configured key and every applied one
  size_t lost_at_reboot = 0;
  size_t changed_since_apply = 0;
  bool boot_applies = true;    // false for another network namespace: boot-time files never reach it
};

using LiveReader = std::function<LiveRead(const std::string& key)>;

// journal: every entry, any order; only applies with outcome "applied" in namespace `netns`
// (netns_of(), 0 = the host's) count, the newest per key winning. With boot_applies false the
// configuration is not compared (only keys an apply wrote are listed).
Drift compute_drift(const config::ConfigSet& config, const std::vector<Entry>& journal, uint64_t netns,
                    bool boot_applies, const LiveReader& read);

}  // namespace sa::apply
