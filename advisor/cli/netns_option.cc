#include "advisor/cli/netns_option.h"

namespace sa::cli {

const char* const kNetnsHelp =
    "read (and for apply/rollback, write) the network namespace TARGET instead of this one: a PID of a "
    "process in it (a container's), a name under /run/netns, or a path to a namespace file; the "
    "configuration files stay the host's";

bool enter_netns_option(const std::string& spec, std::optional<live::NetnsEntered>& out, std::ostream& err) {
  if (spec.empty()) return true;
  std::string error;
  auto target = live::resolve_netns(spec, &error);
  if (!target) {
    err << "sysctl-advisor: " << error << "\n";
    return false;
  }
  out = live::enter_netns(*target, &error);
  if (!out) {
    err << "sysctl-advisor: " << error << "\n";
    return false;
  }
  return true;
}

plan::NetnsRef netns_ref(const live::NetnsEntered& e) {
  plan::NetnsRef r;
  r.target = e.target.shown;
  r.inode = e.inode;
  r.host = e.is_host();
  return r;
}

void mark_host(live::HostState& host, const live::NetnsEntered& e) {
  host.netns_target = e.target.shown;
  host.netns_inode = e.inode;
}

}  // namespace sa::cli
