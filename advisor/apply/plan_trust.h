// Whether a plan may be applied here: it must be what the loaded rules (or, for a hand-edited
// value, the key catalog's type and range) allow, free of denied keys, and made on this host
// against the values the host still has. A plan file is a reviewed artifact that travels; these
// checks make sure it is still the plan that was reviewed, for this host, made by these rules.
// Pure: the caller reads the host and the knowledge; nothing here touches a file.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "advisor/core/host_identity.h"
#include "advisor/engine/deny_list.h"
#include "advisor/engine/engine.h"
#include "advisor/plan/plan.h"

namespace sa::apply {

struct Verdict {
  std::vector<std::string> refusals;  // each names the change ("changes[1].rule: ...")
  std::vector<std::string> notes;     // accepted, but worth saying (an edited value, an allowed key)
};

// Provenance: every change's rule exists and proposes that key and value, or the key is in the
// catalog with a value inside its type and range, or the key is outside the catalog and named by
// --allow-key. A denied key is refused even with --allow-key. Run after check_plan_for_apply
// (keys already valid).
Verdict verify_provenance(const plan::Plan& plan, const engine::Knowledge& knowledge, const engine::DenyList& deny,
                          const std::set<std::string>& allow_keys);

// Staleness: each difference between the host the plan recorded and this one, and each key whose
// live value is not the plan's `current`. `foreign` is set when the plan names another host
// (another hostname, or another network namespace in the same boot): --force-stale does not
// override that.
struct Staleness {
  std::vector<std::string> differences;
  bool foreign = false;
};
Staleness compare_with_host(const plan::Plan& plan, const HostIdentity& here,
                            const std::map<std::string, std::string>& live_values /* key -> folded value */);

}  // namespace sa::apply
