// The socket census: counts per TCP state and per-destination groups, from netlink sock_diag (the
// way `ss` asks) or from /proc/net/tcp{,6} text. Both sources feed one CensusTally, so they count
// alike by construction. Memory is bounded by the number of groups, never by the number of sockets.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "advisor/core/diagnostic.h"
#include "advisor/live/host_state.h"
#include "advisor/live/port_range.h"

namespace sa::live {

// include/net/tcp_states.h numbering; names as `ss state NAME` spells them.
std::string_view tcp_state_name(int state);
// Every state name the census counts, in tcp_states.h order: the one vocabulary rules use.
const std::vector<std::string>& tcp_state_names();
// Inverse, for reading snapshots and tests; -1 when unknown.
int tcp_state_number(std::string_view name);
inline constexpr int kTcpEstablished = 1, kTcpSynRecv = 3, kTcpTimeWait = 6, kTcpClose = 7, kTcpCloseWait = 8,
                     kTcpListen = 10, kTcpNewSynRecv = 12;

// An address as 16 bytes; IPv4 (and IPv4-mapped IPv6) as ::ffff:a.b.c.d so both forms group together.
using Addr16 = std::array<uint8_t, 16>;
Addr16 v4_mapped(const uint8_t ipv4[4]);
// "10.0.0.7:8080" for IPv4 and IPv4-mapped, "[2001:db8::1]:443" otherwise.
std::string format_endpoint(const Addr16& addr, uint16_t port);

// One socket as sock_diag or /proc/net/tcp reports it: only the fields the census needs.
struct SocketRow {
  int state = 0;
  Addr16 local{};
  uint16_t local_port = 0;
  Addr16 remote{};
  uint16_t remote_port = 0;
  uint32_t rqueue = 0;         // LISTEN: accept queue length
  uint32_t wqueue = 0;         // LISTEN: backlog (netlink only)
  bool wqueue_known = false;   // /proc/net/tcp prints no backlog
  uint64_t inode = 0;          // 0: no owner (TIME_WAIT, request sockets, orphans)
  bool inode_known = true;     // false: a short /proc row or a test row; not counted as orphaned
};

// Socket inode -> owning process (live/processes.cc).
using InodeOwners = std::unordered_map<uint64_t, ProcessRef>;

class CensusTally {
 public:
  // Connect-side sockets are those whose local port lies in `ephemeral` (the ip_local_port_range):
  // the ports connect() or bind(addr, 0) took from the shared budget. An accepted connection's
  // local port is the listener's, so a busy server does not make a group per client.
  // nullopt (range unknown): every socket other than listeners and request sockets counts as
  // connect-side. `owners` (may be null: processes unknown) names the owners of listeners,
  // CLOSE_WAIT sockets and connect-side ESTABLISHED sockets (per group, so that a destination's
  // findings can say who holds connections there).
  explicit CensusTally(std::optional<PortRange> ephemeral = std::nullopt, const InodeOwners* owners = nullptr)
      : ephemeral_(ephemeral), owners_(owners) {}

  void add(const SocketRow& row);
  // Tests: a socket from the unspecified local address.
  void add(int state, const Addr16& remote, uint16_t remote_port, uint16_t local_port);

  // Counts of every state ss knows (zero included), the largest max_peers groups of each kind,
  // each with its share of usable_ports (0 = unknown: share 0), and every listener.
  SocketCensus finish(std::string source, uint64_t usable_ports, size_t max_peers) const;

  uint64_t total() const;
  size_t group_count() const { return groups_.size(); }

 private:
  static constexpr int kStates = 16;
  using Counts = std::array<uint32_t, kStates>;
  struct Key {  // (local address, remote address, remote port): __inet_hash_connect()'s budget
    Addr16 local, remote;
    uint16_t port;
    bool operator==(const Key& o) const { return port == o.port && remote == o.remote && local == o.local; }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  struct AddrHash {
    size_t operator()(const Addr16& a) const;
  };
  struct Endpoint {  // local address and port: listeners, SYN_RECV, CLOSE_WAIT
    Addr16 addr;
    uint16_t port;
    int pid;
    bool operator==(const Endpoint& o) const { return port == o.port && pid == o.pid && addr == o.addr; }
  };
  struct EndpointHash {
    size_t operator()(const Endpoint& e) const;
  };
  struct OwnerKey {  // connect-side ESTABLISHED sockets of one process in one group
    Key group;
    int pid;  // -1: the inode was not found (process unreadable or gone)
    bool operator==(const OwnerKey& o) const { return pid == o.pid && group == o.group; }
  };
  struct OwnerKeyHash {
    size_t operator()(const OwnerKey& k) const;
  };
  struct SourceTally {
    Counts counts{};
    std::vector<uint64_t> ports;  // 65,536-bit set of local ports held (8 KiB per local address)
  };
  struct ListenerRow {
    Addr16 addr;
    uint16_t port;
    uint32_t queue, backlog;
    bool backlog_known;
    uint64_t inode;
    int pid;  // -1: unknown
  };

  int owner_pid(uint64_t inode);  // -1 when unknown; remembers the comm
  // Per program (comm): listeners, accepted and connect-side ESTABLISHED sockets it holds.
  std::vector<ProgramSockets> programs(const std::vector<std::pair<int, uint64_t>>& accepted_by_pid, size_t max_programs) const;
  bool in_range(uint16_t port) const { return !ephemeral_ || (port >= ephemeral_->low && port <= ephemeral_->high); }

  std::optional<PortRange> ephemeral_;
  const InodeOwners* owners_ = nullptr;
  std::array<uint64_t, kStates> states_{};
  std::array<uint64_t, kStates> outgoing_{};
  std::unordered_map<Key, Counts, KeyHash> groups_;
  std::unordered_map<Addr16, SourceTally, AddrHash> sources_;
  std::vector<ListenerRow> listeners_;
  std::unordered_map<Endpoint, uint64_t, EndpointHash> syn_recv_;    // pid unused (0)
  std::unordered_map<Endpoint, uint64_t, EndpointHash> accepted_;    // accept-side ESTABLISHED; pid -1: unknown
  std::unordered_map<Endpoint, uint64_t, EndpointHash> close_wait_;  // port 0: connect-side; pid -1: unknown
  std::array<uint64_t, kStates> orphaned_{};       // no process holds them (inode 0, inode known)
  std::map<uint16_t, uint64_t> time_wait_;         // TIME_WAIT by local port outside the ephemeral range
  std::unordered_map<OwnerKey, uint32_t, OwnerKeyHash> established_owners_;  // only with owners_
  std::unordered_map<int, std::string> comms_;                        // pid -> comm of the owners named
};

// "10.0.0.7" / "2001:db8::1" (IPv4-mapped as IPv4); "ipv4" / "ipv6".
std::string format_address(const Addr16& addr);
std::string_view address_family(const Addr16& addr);

// One data row of /proc/net/tcp or tcp6 (include the fields a census needs, no more).
struct TcpRow {
  int state = 0;
  Addr16 local{};
  Addr16 remote{};
  uint16_t remote_port = 0;
  uint16_t local_port = 0;
  uint32_t rx_queue = 0;  // LISTEN: accept queue
  uint64_t inode = 0;
  bool inode_known = false;  // a short row (old fixture) prints no inode
};
// Parses "   0: 0100007F:1F90 0100007F:D2F0 06 ..." (v6: 32 hex digits per address). The header
// row and malformed rows give false. Pure.
bool parse_tcp_row(std::string_view line, bool v6, TcpRow& row);

// Streams root/proc/net/tcp and tcp6 into the tally. False when neither could be opened; a
// malformed row is a diagnostic (the first few, then a count), and the rest still counts.
bool census_from_proc(const std::filesystem::path& root, CensusTally& tally, std::vector<Diagnostic>& diags);

// One NETLINK_SOCK_DIAG reply as received (raw bytes, aligned like the kernel's), fed to the tally;
// libmnl's mnl_cb_run result: MNL_CB_STOP at the end of the dump, MNL_CB_OK for more, < 0 on a
// malformed or error message. Pure (the fuzz target feeds it arbitrary bytes).
int tally_diag_reply(const char* buf, size_t len, uint32_t seq, uint32_t portid, CensusTally& tally);

// Netlink NETLINK_SOCK_DIAG dump of AF_INET and AF_INET6 TCP sockets of every state. False with
// a reason in *error when the kernel refuses (no inet_diag, seccomp, ...). single_walk: try the
// one-walk TCPDIAG_GETSOCK request first (see census_netlink.cc); false goes straight to the two
// per-family SOCK_DIAG_BY_FAMILY dumps (tests use it to check that both agree).
// `states`: a mask of 1 << state (default: every state ss knows; 1 << kTcpListen polls listeners).
bool census_from_netlink(CensusTally& tally, std::string* error, bool single_walk = true, uint32_t states = 0);

// Socket inode -> pid and comm for every process whose /proc/PID/fd this process may read (as
// `ss -p`). False with a reason when /proc cannot be listed; unreadable processes are skipped
// (*complete false) and their sockets stay unknown.
bool read_inode_owners(const std::filesystem::path& proc, InodeOwners& out, bool* complete, std::string* error);

}  // namespace sa::live
