#include "advisor/check/source_units.h"

#include <map>
#include <set>

#include "advisor/check/lint_ids.h"
#include "advisor/check/lint_passes.h"
#include "advisor/check/profile_rules.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/engine/version.h"

namespace sa::check {
namespace {

using config::yaml::Landing;
using config::yaml::Setting;

const char* where_it_lands(const Unit& u) { return u.kubernetes ? "the pod" : "the container"; }

// The namespacing lint: a key the runtime refuses outright, or one the kernel keeps global (then it
// is absent from every network namespace but the host's: net/core/sysctl_net_core.c registers
// net_core_table for init_net only, net/ipv4/sysctl_net_ipv4.c ipv4_table likewise; seen here in
// `unshare -n`: /proc/sys/net/core/netdev_max_backlog and net/ipv4/tcp_mem do not exist).
void lint_namespacing(const Unit& u, const Setting& s, const std::string& key, const UnitContext& ctx, Raw& r, bool* hit) {
  *hit = false;
  const engine::KeyInfo* info = ctx.knowledge->catalog.find(key);
  std::string why;
  if (s.host_network && key.compare(0, 4, "net.") == 0) {
    // kubelet allowlist.go validateSysctl: "%q not allowed with host net enabled"; Docker refuses
    // net.* sysctls with --network=host (daemon verifyPlatformContainerSettings).
    why = u.kubernetes ? key + " with hostNetwork: true: the pod shares the node's network namespace, so the kubelet "
                               "refuses every net.* sysctl (\"not allowed with host net enabled\")"
                       : key + " with network_mode: host: the container shares the host's network namespace, so Docker "
                               "refuses every net.* sysctl and the container is not created";
  } else if (info && engine::is_global(*info)) {  // the catalog's one definition of "global", as plan --netns uses
    why = key + " is one value for the whole machine (not per network namespace): it does not exist inside " +
          where_it_lands(u) + "'s network namespace, so the write fails and " + where_it_lands(u) + " does not start";
  } else if (info && !info->per_netns_since.empty() && !ctx.kernel.empty() &&
             engine::compare_versions(ctx.kernel, info->per_netns_since) < 0) {
    why = key + " is per network namespace only since Linux " + info->per_netns_since + "; on " + ctx.kernel +
          " it is global and absent inside " + where_it_lands(u) + "'s namespace, so the write fails";
  } else if (ctx.kubernetes && ctx.kubernetes->loaded && !runtime_namespaced(*ctx.kubernetes, key)) {
    why = u.kubernetes ? key + " is not a namespaced sysctl (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*, net.*): "
                               "the kubelet rejects the pod (SysctlForbidden); set it on the node instead"
                       : key + " is not a namespaced sysctl (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*, net.*): "
                               "the container engine refuses to create the container; set it on the host instead";
  } else {
    return;
  }
  *hit = true;
  r.finding.rule = lint::kNotNamespaced;
  r.finding.severity = Severity::error;
  r.finding.message = why;
  const plan::RuleInfo* li = lint_info(lint::kNotNamespaced);
  r.finding.reason = li->help;
  r.finding.references = li->references;
  if (info) r.finding.references.insert(r.finding.references.end(), info->references.begin(), info->references.end());
}

// A key the kubelet does not allow: the pod is scheduled, then fails with SysctlForbidden.
bool lint_forbidden(const Unit& u, const std::string& key, const UnitContext& ctx, Raw& r) {
  if (!u.kubernetes || !ctx.kubernetes || !ctx.kubernetes->loaded) return false;
  if (allowed_unsafe(ctx.orchestrator.allowed_unsafe, key)) return false;
  const std::string& version = ctx.orchestrator.kubernetes_version;
  std::string needs_kernel;
  if (safe_in(*ctx.kubernetes, key, version, ctx.kernel, &needs_kernel)) return false;
  std::string on = version.empty() ? "Kubernetes " + ctx.kubernetes->newest + " (the newest release known; set [kubernetes] version)"
                                   : "Kubernetes " + version;
  std::string msg = key + " is not a safe sysctl in " + on;
  if (!needs_kernel.empty()) msg = key + " is safe only on nodes with Linux " + needs_kernel + " or later (target " + ctx.kernel + ")";
  else if (const SafeSysctl* later = safe_in(*ctx.kubernetes, key, "", "", nullptr)) msg += " (safe since " + later->since + ")";
  msg += " and the kubelet's --allowed-unsafe-sysctls does not allow it: the pod fails with SysctlForbidden";
  r.finding.rule = lint::kSysctlForbidden;
  r.finding.severity = Severity::error;
  r.finding.message = std::move(msg);
  const plan::RuleInfo* li = lint_info(lint::kSysctlForbidden);
  r.finding.reason = li->help;
  r.finding.references = li->references;
  return true;
}

}  // namespace

void check_units(const std::vector<Unit>& units, const UnitContext& ctx_in, NearMiss& near_miss, std::vector<Raw>& out) {
  std::set<std::string> open_listed;  // rules the offline facts cannot decide: listed once per target
  for (const Unit& unit_in : units) {
    const Unit& u = unit_in;
    UnitContext ctx = ctx_in;
    if (u.profile) ctx.profile = u.profile;
    if (u.kernel) ctx.kernel = *u.kernel;
    config::ConfigSet cs;
    std::map<std::string, uint32_t> file_index;
    // (file, line) -> the setting written there, for columns (first one on a line wins).
    std::map<std::pair<uint32_t, int>, const Setting*> at_line;
    std::vector<Raw> raws;
    for (const Setting& s : u.settings) {
      if (s.unknown_key || s.absent || s.key.text.empty()) continue;
      auto [it, fresh] = file_index.try_emplace(s.value.file, static_cast<uint32_t>(cs.files.size()));
      if (fresh) cs.files.push_back(s.value.file);
      std::string key = normalize_key(s.key.text);
      config::Assignment a(config::TextView(cs.keep(key)), config::TextView(cs.keep(s.value.text)), it->second, s.value.line);
      a.unknown_value = s.unknown_value;
      cs.assignments.push_back(a);
      at_line.try_emplace({it->second, s.value.line}, &s);
      if (u.landing != Landing::host) {
        Raw r;
        r.finding.key = key;
        r.finding.at = plan::Origin{s.value.file, s.value.line};
        r.finding.col = s.value.col;  // every finding points at the value, as rules do
        if (s.key.line != s.value.line) r.entry_line = s.key.line;
        bool hit = false;
        lint_namespacing(u, s, key, ctx, r, &hit);
        if (hit || lint_forbidden(u, key, ctx, r)) raws.push_back(std::move(r));
      }
    }
    if (cs.assignments.empty()) continue;
    config::compute_effective(cs);
    // The same lints as a sysctl.d set (syntax and hidden files find nothing in settings parsed
    // from YAML: they have no loader diagnostics nor same-named files).
    run_lints(LintInput{cs, ctx.knowledge->catalog, ctx.kernel, near_miss, ShownPath{}}, raws);
    evaluate_profile_rules(cs, *ctx.knowledge, *ctx.profile, ctx.kernel, raws);
    std::map<std::string, uint32_t> index_of_display(file_index.begin(), file_index.end());
    for (Raw& r : raws) {
      if (r.finding.open) {
        if (!open_listed.insert(r.finding.rule).second) continue;
      } else if (!r.finding.at) {
        // "profile wants X, not configured": about the host, not about what this unit writes
        // (a thousand pods would each repeat it). Only what a unit sets is judged here.
        continue;
      } else {
        if (r.finding.col == 0) {
          auto f = index_of_display.find(r.finding.at->file);
          if (f != index_of_display.end())
            if (auto s = at_line.find({f->second, r.finding.at->line}); s != at_line.end()) {
              const Setting& set = *s->second;
              bool key_here = r.column == Column::key && set.key.line == set.value.line;
              r.finding.col = key_here ? set.key.col : set.value.col;
              if (set.key.line != set.value.line) r.entry_line = set.key.line;
            }
        }
        // Every finding names its unit: two pods in one file may set the same key, and a role's
        // default is judged once for each host group that uses it.
        r.finding.message = u.label + ": " + r.finding.message;
      }
      out.push_back(std::move(r));
    }
  }
}

}  // namespace sa::check
