// A plan for another network namespace (`plan --netns`): what can be set there and what the
// host's configuration does not reach. Pure: the plan, the catalog and the facts come in.
//
// Two findings come from here (docs/containers.md):
//   global-key-in-netns       a rule proposed a key that is one value for the whole machine
//                             (catalog: per_netns_since "never" / netns_start "global"): the change
//                             is taken out of the plan and becomes advice to set it on the host.
//   host-config-not-in-netns  a per-namespace key configured in the host's sysctl.d, whose value
//                             in the namespace differs: boot-time loaders write the host's own
//                             namespace only, and a new namespace starts from netns_start.
#pragma once

#include "advisor/config/config_set.h"
#include "advisor/engine/catalog.h"
#include "advisor/live/host_state.h"
#include "advisor/plan/plan.h"

namespace sa::engine {

inline constexpr const char* kGlobalKeyInNetns = diag::kGlobalKeyInNetns;  // documented in core/code_registry.cc
inline constexpr const char* kHostConfigNotInNetns = diag::kHostConfigNotInNetns;

// Moves changes of global keys to findings. Applies to any plan with netns set and not the host's.
void scope_changes_to_netns(plan::Plan& p, const Catalog& catalog);
// The same for a plan made from inside a namespace that is not the initial one (the tool run in a
// container, or a snapshot taken there): `where` names it. Global keys a namespace shows read-only
// (nf_conntrack_max) are readable there, so the rules evaluate them; only the change moves.
void scope_changes_to_namespace(plan::Plan& p, const Catalog& catalog, const plan::NetnsRef& where);

// Adds a host-config-not-in-netns finding for every per-namespace catalog key whose effective
// configured value (config) differs from the namespace's live value (host). Skips globs, excluded
// keys, keys the namespace does not have and global keys.
void host_config_reach(plan::Plan& p, const Catalog& catalog, const live::HostState& host,
                       const config::ConfigSet& config);

}  // namespace sa::engine
