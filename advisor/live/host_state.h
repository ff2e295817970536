// What the running host says about itself: the evidence every recommendation quotes.
// CONTRACT shared by live/, engine/, apply/ and cli/: add to it freely; rename or remove only
// together with every user. Its JSON form is the snapshot (schema sysctl-advisor/snapshot/v1).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::live {

struct PeerGroup {
  std::string remote;     // "10.0.0.7:8080", "[2001:db8::1]:443"
  std::string state;      // as ss spells it: "time-wait", "established"
  uint64_t count = 0;
  double port_share = 0;  // count / usable local ports (0..1+)
};

// A listening socket and what waits on it. The SYN_RECV and TIME_WAIT counts are those of its port
// (an exact local address match, else a wildcard listener on the port).
struct Listener {
  std::string local;                // "10.0.0.1:8080", "[::]:443"
  uint64_t accept_queue = 0;        // handshakes not accept()ed yet (sk_ack_backlog)
  std::optional<uint64_t> backlog;  // listen() backlog after the somaxconn cap (sk_max_ack_backlog);
                                    // netlink only: /proc/net/tcp does not print it
  uint64_t syn_recv = 0;            // pending connection requests (SYN_RECV) towards it
  uint64_t time_wait = 0;           // TIME_WAIT sockets on its port: accepted connections it closed first
};

struct SocketCensus {
  bool known = false;                      // false: neither netlink nor /proc/net/tcp could be read
  std::string source;                      // "netlink" or "proc"
  std::map<std::string, uint64_t> states;  // "time-wait" -> count (IPv4 + IPv6)
  std::vector<PeerGroup> peers;            // largest first (at most ReadOptions::max_peers)
  uint64_t peer_groups = 0;                // groups found, before max_peers cut the list
  // Per state, the sockets no process holds any more (no inode: closed by the application, or a
  // TIME_WAIT mini-socket). FIN_WAIT_2 ones are the only ones tcp_fin_timeout reaches.
  std::map<std::string, uint64_t> orphaned;
  std::vector<Listener> listeners;         // most SYN_RECV first, then longest accept queue
  bool details_known = false;              // orphaned and listeners were counted (false: an older snapshot)
};

struct SysctlValue {
  enum class Status { ok, absent, unreadable } status = Status::ok;
  std::string value;  // folded whitespace when ok; the error text when unreadable
};

struct HostState {
  std::string kernel;                              // /proc/sys/kernel/osrelease; empty = unknown
  std::string hostname;                            // /proc/sys/kernel/hostname; empty = unknown
  std::string root = "/";                          // the root it was read under
  std::string taken_at;                            // UTC, ISO 8601 ("2026-11-25T12:00:00Z")
  std::map<std::string, SysctlValue> sysctl;       // dotted key -> value
  std::map<std::string, int64_t> counters;         // "TcpExt.ListenOverflows" -> value
  std::optional<std::map<std::string, double>> rates;  // per second; nullopt = not sampled
  double sample_seconds = 0;
  std::map<std::string, std::map<std::string, int64_t>> sockstat;  // "TCP" -> {"tw": 12, ...}; "TCP6" from sockstat6
  SocketCensus sockets;
  uint64_t usable_local_ports = 0;                 // ip_local_port_range less reserved ports; 0 = unknown
  // Whether this process runs in the initial network namespace (the one the boot-time sysctl
  // files configure); nullopt = cannot tell (another --root, /proc/1 unreadable).
  std::optional<bool> initial_netns;
  std::vector<Diagnostic> diagnostics;             // malformed /proc files, read errors

  const SysctlValue* value(std::string_view key) const;
};

// Where the socket census comes from. automatic: netlink on the live host, /proc/net/tcp{,6}
// under another root or when netlink is refused. The others force one path (tests, benchmarks).
enum class CensusSource { automatic, netlink, proc };

struct ReadOptions {
  std::filesystem::path root = "/";   // "/" = the live host (netlink census allowed)
  std::vector<std::string> keys;      // sysctl keys to read (the catalog's and the configured ones)
  double sample_seconds = 0;          // > 0: read counters twice, fill rates
  CensusSource census = CensusSource::automatic;
  size_t max_peers = 100;             // peer groups kept in SocketCensus::peers, largest first
};

HostState read_host(const ReadOptions& options);

// /proc/self/ns/net against /proc/1/ns/net under root "/"; nullopt elsewhere or when unreadable.
std::optional<bool> in_initial_netns(const std::filesystem::path& root);

}  // namespace sa::live
