#include "advisor/engine/netns_scope.h"

#include "advisor/core/sysctl_key.h"

namespace sa::engine {
namespace {

const char* kRuntimeAdvice =
    "Set it for the container instead: Kubernetes pod securityContext.sysctls, Compose `sysctls:`, "
    "`docker run --sysctl KEY=VALUE` (or `sysctl-advisor apply --netns TARGET`, which lasts until the "
    "namespace goes away).";

std::string where_at(const plan::Origin& o) { return o.file + ":" + std::to_string(o.line); }

}  // namespace

void scope_changes_to_netns(plan::Plan& p, const Catalog& catalog) {
  if (!p.netns || p.netns->host) return;
  scope_changes_to_namespace(p, catalog, *p.netns);
}

void scope_changes_to_namespace(plan::Plan& p, const Catalog& catalog, const plan::NetnsRef& where) {
  if (where.host) return;
  std::vector<plan::Change> kept;
  for (auto& c : p.changes) {
    const KeyInfo* k = catalog.find(c.key);
    if (!k || !is_global(*k)) {
      kept.push_back(std::move(c));
      continue;
    }
    const bool read_only = k->netns_start == NetnsStart::global_read_only;
    plan::Finding f;
    f.rule = kGlobalKeyInNetns;
    f.severity = c.severity;
    f.key = c.key;
    f.message = c.key + " = " + c.proposed + " must be set on the host: it is one value for the whole machine";
    f.reason = "Rule " + c.rule + " proposes " + c.key + " = " + c.proposed + " (" + c.message +
               "). The kernel keeps one value of " + c.key + " for every namespace: " +
               (read_only ? "inside net:[" + std::to_string(where.inode) + "] (" + where.target +
                                ") /proc/sys shows the host's value read-only (mode 0444; only the initial namespace "
                                "may write it), so no container runtime can set it there."
                          : "it is registered for the initial namespace only, so inside net:[" +
                                std::to_string(where.inode) + "] (" + where.target +
                                ") /proc/sys does not even show it and no container runtime can set it.") +
               " Set it in the host's sysctl.d (on Kubernetes, on the node), where it applies to every container at once.";
    if (c.configured && c.configured_at)
      f.reason += " The host configures " + *c.configured + " at " + where_at(*c.configured_at) + ".";
    f.references = c.references;
    f.references.push_back(read_only ? "net/netfilter/nf_conntrack_standalone.c: nf_conntrack_standalone_init_sysctl() "
                                       "(mode 0444 when !net_eq(&init_net, net))"
                                     : "net/sysctl_net.c: net_ctl_header_lookup() (tables registered for init_net are seen there only)");
    p.findings.push_back(std::move(f));
  }
  p.changes = std::move(kept);
}

void host_config_reach(plan::Plan& p, const Catalog& catalog, const live::HostState& host,
                       const config::ConfigSet& config) {
  if (!p.netns || p.netns->host) return;
  for (const auto& ek : config.keys) {
    if (ek.is_glob || ek.excluded) continue;
    const std::string key(ek.key);
    const KeyInfo* k = catalog.find(key);
    if (!k || is_global(*k)) continue;  // global keys are the host's anyway: the host's value is theirs
    const live::SysctlValue* live = host.value(key);
    if (!live || live->status != live::SysctlValue::Status::ok) continue;
    const std::string configured = fold_whitespace(std::string_view(ek.value));
    if (live->value == configured) continue;
    const config::Assignment& a = config.winner(ek);
    plan::Finding f;
    f.rule = kHostConfigNotInNetns;
    f.severity = Severity::warning;
    f.key = key;
    f.at = plan::Origin{config.file_of(a), a.line};
    f.message = key + " = " + configured + " in the host's configuration does not reach this namespace: it runs " +
                live->value;
    std::string start;
    switch (k->netns_start) {
      case NetnsStart::kernel_default:
        start = "a new network namespace starts from the kernel default (" + std::string(netns_start_meaning(k->netns_start)) + ")";
        break;
      case NetnsStart::copied_from_init:
        start = "a new network namespace copies the host's value only when it is created, so a value set after "
                "the container started, or by a file that had not run yet, does not reach it";
        break;
      case NetnsStart::computed_ehash:
        start = "a new network namespace computes it from its own established hash size";
        break;
      default:
        start = "a new network namespace does not take the host's value";
    }
    f.reason = where_at(*f.at) + " sets " + key + " = " + configured + ", but net:[" + std::to_string(p.netns->inode) +
               "] (" + p.netns->target + ") runs " + live->value + ": systemd-sysctl and `sysctl --system` write the "
               "host's own namespace at boot, and " + start + ". " + kRuntimeAdvice;
    f.references = {"net/sysctl_net.c: net_ctl_header_lookup() (/proc/sys/net shows the reader's namespace)",
                    "net/ipv4/tcp_ipv4.c: tcp_sk_init()", "net/ipv4/af_inet.c: inet_init_net()"};
    p.findings.push_back(std::move(f));
  }
}

}  // namespace sa::engine
