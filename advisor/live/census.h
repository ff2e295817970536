// The socket census: counts per TCP state and per-destination groups, from netlink sock_diag (the
// way `ss` asks) or from /proc/net/tcp{,6} text. Both sources feed one CensusTally, so they count
// alike by construction. Memory is bounded by the number of groups, never by the number of sockets.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
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
inline constexpr int kTcpEstablished = 1, kTcpTimeWait = 6, kTcpListen = 10, kTcpNewSynRecv = 12;

// An address as 16 bytes; IPv4 (and IPv4-mapped IPv6) as ::ffff:a.b.c.d so both forms group together.
using Addr16 = std::array<uint8_t, 16>;
Addr16 v4_mapped(const uint8_t ipv4[4]);
// "10.0.0.7:8080" for IPv4 and IPv4-mapped, "[2001:db8::1]:443" otherwise.
std::string format_endpoint(const Addr16& addr, uint16_t port);

class CensusTally {
 public:
  // Sockets are grouped by destination only when their local port lies in `ephemeral` (the
  // ip_local_port_range): those are the ports connect() took from the shared budget. An accepted
  // connection's local port is the listener's, so a busy server does not make a group per client.
  // nullopt (range unknown): every TIME_WAIT and ESTABLISHED socket is grouped.
  explicit CensusTally(std::optional<PortRange> ephemeral) : ephemeral_(ephemeral) {}

  void add(int state, const Addr16& remote, uint16_t remote_port, uint16_t local_port);

  // Counts of every state ss knows (zero included) and the largest max_peers groups, each with
  // its share of usable_ports (0 = unknown: share 0).
  SocketCensus finish(std::string source, uint64_t usable_ports, size_t max_peers) const;

  uint64_t total() const;
  size_t group_count() const { return groups_.size(); }

 private:
  struct Key {
    Addr16 addr;
    uint16_t port;
    uint8_t state;
    bool operator==(const Key& o) const { return addr == o.addr && port == o.port && state == o.state; }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  std::optional<PortRange> ephemeral_;
  std::array<uint64_t, 16> states_{};
  std::unordered_map<Key, uint64_t, KeyHash> groups_;
};

// One data row of /proc/net/tcp or tcp6 (include the fields a census needs, no more).
struct TcpRow {
  int state = 0;
  Addr16 remote{};
  uint16_t remote_port = 0;
  uint16_t local_port = 0;
};
// Parses "   0: 0100007F:1F90 0100007F:D2F0 06 ..." (v6: 32 hex digits per address). The header
// row and malformed rows give false. Pure.
bool parse_tcp_row(std::string_view line, bool v6, TcpRow& row);

// Streams root/proc/net/tcp and tcp6 into the tally. False when neither could be opened; a
// malformed row is a diagnostic (the first few, then a count), and the rest still counts.
bool census_from_proc(const std::filesystem::path& root, CensusTally& tally, std::vector<Diagnostic>& diags);

// Netlink NETLINK_SOCK_DIAG dump of AF_INET and AF_INET6 TCP sockets of every state. False with
// a reason in *error when the kernel refuses (no inet_diag, seccomp, ...). single_walk: try the
// one-walk TCPDIAG_GETSOCK request first (see census_netlink.cc); false goes straight to the two
// per-family SOCK_DIAG_BY_FAMILY dumps (tests use it to check that both agree).
bool census_from_netlink(CensusTally& tally, std::string* error, bool single_walk = true);

}  // namespace sa::live
