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

struct SocketCensus {
  bool known = false;                      // false: neither netlink nor /proc/net/tcp could be read
  std::string source;                      // "netlink" or "proc"
  std::map<std::string, uint64_t> states;  // "time-wait" -> count (IPv4 + IPv6)
  std::vector<PeerGroup> peers;            // largest first (at most ReadOptions::max_peers)
  uint64_t peer_groups = 0;                // groups found, before max_peers cut the list
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
  // The network namespace read (--netns; live/netns.h): "PID 4242", "/run/netns/blue"; empty when
  // the tool read the namespace it runs in. The inode names it ("net:[4026532801]"); 0 = unknown.
  std::string netns_target;
  uint64_t netns_inode = 0;
  std::map<std::string, SysctlValue> sysctl;       // dotted key -> value
  std::map<std::string, int64_t> counters;         // "TcpExt.ListenOverflows" -> value
  std::optional<std::map<std::string, double>> rates;  // per second; nullopt = not sampled
  double sample_seconds = 0;
  std::map<std::string, std::map<std::string, int64_t>> sockstat;  // "TCP" -> {"tw": 12, ...}; "TCP6" from sockstat6
  SocketCensus sockets;
  uint64_t usable_local_ports = 0;                 // ip_local_port_range less reserved ports; 0 = unknown
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

}  // namespace sa::live
