// Which host (and which boot, kernel and network namespace of it) something was read on. A plan
// records it so `apply --plan` can tell a plan made here from one made elsewhere or before a
// reboot. Empty fields are "not known" (a --root copy without those /proc files).
#pragma once

#include <string>

namespace sa {

struct HostIdentity {
  std::string hostname;  // /proc/sys/kernel/hostname (the UTS namespace's name)
  std::string boot_id;   // /proc/sys/kernel/random/boot_id: new random UUID at every boot
  std::string kernel;    // /proc/sys/kernel/osrelease, as printed ("6.1.0-27-amd64")
  std::string netns;     // readlink /proc/self/ns/net: "net:[4026531840]"
  bool operator==(const HostIdentity& o) const {
    return hostname == o.hostname && boot_id == o.boot_id && kernel == o.kernel && netns == o.netns;
  }
};

}  // namespace sa
