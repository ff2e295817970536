#include "advisor/apply/drift.h"

#include <algorithm>
#include <map>

#include "advisor/apply/rollback.h"
#include "advisor/core/sysctl_key.h"

namespace sa::apply {

Drift compute_drift(const config::ConfigSet& config, const std::vector<Entry>& journal, uint64_t netns,
                    bool boot_applies, const LiveReader& read) {
  std::map<std::string, DriftKey> keys;
  if (boot_applies) {
    for (const auto& ek : config.keys) {
      if (ek.is_glob || ek.excluded) continue;
      DriftKey& d = keys[std::string(ek.key)];
      d.key = std::string(ek.key);
      d.boot = fold_whitespace(std::string_view(ek.value));
      const config::Assignment& a = config.winner(ek);
      d.boot_file = config.file_of(a);
      d.boot_line = a.line;
    }
  }
  std::vector<const Entry*> applies;
  for (const auto& e : journal)
    if (e.kind == "apply" && e.outcome == outcome::kApplied && netns_of(e) == netns) applies.push_back(&e);
  // Ids begin with the UTC time: sorting them orders the applies oldest first.
  std::sort(applies.begin(), applies.end(), [](const Entry* a, const Entry* b) { return a->id < b->id; });
  for (const Entry* e : applies) {
    for (const auto& k : e->keys) {
      if (!k.after) continue;  // never written
      DriftKey& d = keys[k.key];
      d.key = k.key;
      d.applied = k.target;
      d.applied_by = e->id;
      d.applied_at = e->time;
    }
  }
  Drift out;
  out.boot_applies = boot_applies;
  for (auto& [name, d] : keys) {
    d.live = read(name);
    const bool readable = d.live.exists && d.live.error.empty();
    if (readable && d.boot && !same_value(d.live.value, *d.boot)) d.lost_at_reboot = true;
    if (readable && d.applied && !same_value(d.live.value, *d.applied)) d.changed_since_apply = true;
    out.lost_at_reboot += d.lost_at_reboot;
    out.changed_since_apply += d.changed_since_apply;
    out.keys.push_back(std::move(d));
  }
  return out;
}

}  // namespace sa::apply
