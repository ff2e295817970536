// Entering another network namespace (`--netns TARGET`): a container's or a pod's, named by a PID
// of a process in it, a name under /run/netns (`ip netns add`), or a path to a namespace file.
//
// Why entering is enough for every live read (verified on 6.18 in tests/live/netns_cli_test.sh):
// - /proc/sys/net/* is looked up in the namespace of the task that opens it (net/sysctl_net.c:
//   net_ctl_header_lookup() returns current->nsproxy->net_ns->sysctls; proc_sys_compare() keeps
//   cached dentries per set), so files opened after setns() show the target's values, through the
//   host's own /proc mount: no fresh mount is needed.
// - /proc/net is a link to /proc/self/net, which follows the process's (thread group leader's)
//   namespace (fs/proc/proc_net.c: get_proc_task_net()): enter from the main thread.
// - A netlink socket belongs to the namespace of the task that creates it (sock_create ->
//   current->nsproxy->net_ns): the census socket is opened after entering.
// The mount namespace is not entered: the host's sysctl.d, the journal and the state folder stay
// the host's, which is what `plan --netns` compares against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sa::live {

struct NetnsTarget {
  std::string spec;  // as typed: "4242", "blue", "/run/netns/blue"
  std::string path;  // the namespace file: /proc/4242/ns/net, /run/netns/blue, or the path given
  std::string shown; // "PID 4242", "/run/netns/blue"
};

// A PID (digits only) -> /proc/PID/ns/net; a name without '/' -> /run/netns/NAME; anything with a
// '/' -> that path. nullopt with the reason for an empty spec or a name that is "." or "..".
std::optional<NetnsTarget> resolve_netns(const std::string& spec, std::string* error);

// Which namespace a process is in: the inode of its ns/net file ("net:[4026531840]"). 0 = unknown.
uint64_t netns_inode(const std::string& ns_file);
inline uint64_t own_netns_inode() { return netns_inode("/proc/self/ns/net"); }

struct NetnsEntered {
  NetnsTarget target;
  uint64_t inode = 0;          // of the namespace entered
  uint64_t own_inode = 0;      // of the namespace the tool started in
  uint64_t host_inode = 0;     // of PID 1's namespace (where boot-time sysctl.d applies); 0 unknown
  bool is_host() const { return host_inode != 0 && inode == host_inode; }
  bool is_own() const { return inode == own_inode; }
  // "net:[4026532801] (PID 4242)"
  std::string describe() const;
};

// Enters the namespace with setns(CLONE_NEWNET) in the calling thread: call it from the main thread
// before any live read. nullopt with a reason a person can act on (no such process, not a network
// namespace, needs CAP_SYS_ADMIN) when it cannot: then nothing of the target could be read.
std::optional<NetnsEntered> enter_netns(const NetnsTarget& target, std::string* error);

}  // namespace sa::live
