// What the running host says about itself: the evidence every recommendation quotes.
// CONTRACT shared by live/, engine/, apply/ and cli/: add to it freely; rename or remove only
// together with every user. Its JSON form is the snapshot (schema sysctl-advisor/snapshot/v2).
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::live {

// Who holds a socket, from /proc/PID/fd (as `ss -p`). Only on the live host and only when readable:
// otherwise the owner is unknown (std::nullopt), never a guess.
struct ProcessRef {
  int pid = 0;
  std::string comm;  // /proc/PID/comm: "python3"
};

// Connect-side sockets (local port in ip_local_port_range) in one state towards one remote
// addr:port, from every local address. The kernel budgets ports per (local address, remote
// address, remote port) (__inet_hash_connect()), so the pressure is the busiest source's.
struct PeerGroup {
  std::string remote;         // "10.0.0.7:8080", "[2001:db8::1]:443"
  std::string state;          // as ss spells it: "time-wait", "established"
  uint64_t count = 0;         // from all local addresses
  double port_share = 0;      // busiest_count / usable local ports (0..1); snapshot v1: count / usable
  uint64_t sources = 0;       // local addresses holding sockets of this group (v1 snapshots: 0 = unknown)
  std::string busiest_source; // "10.0.1.1", "2001:db8::2"; "" = unknown (v1 snapshots)
  uint64_t busiest_count = 0; // that address's sockets in this group
  // Who holds connections from busiest_source towards remote now: the process with the most
  // ESTABLISHED sockets there, by socket inode (as `ss -p`), and how many it holds. TIME_WAIT
  // sockets have no inode, so for a TIME_WAIT group this names who connects there now, not who
  // closed those connections. nullopt with owner_established > 0: held by a process that could not
  // be identified (processes unknown, or its /proc/PID/fd unreadable); 0: none open there now.
  std::optional<ProcessRef> owner;
  uint64_t owner_established = 0;
};

// Every connect-side socket towards one remote addr:port, all states: each one holds its local
// port, whatever its state.
struct DestinationGroup {
  std::string remote;
  std::string family;                      // "ipv4" or "ipv6": separate addresses, separate budgets
  std::map<std::string, uint64_t> states;  // all sources, per state (only states present)
  uint64_t total = 0;
  uint64_t sources = 0;
  std::string busiest_source;
  std::map<std::string, uint64_t> busiest_states;  // the busiest source's sockets per state
  uint64_t busiest_total = 0;
  double port_share = 0;                   // busiest_total / usable local ports (0..1)
  std::optional<ProcessRef> owner;         // as PeerGroup::owner, from busiest_source
  uint64_t owner_established = 0;
};

// One local address across every destination: bind(addr, 0) before connect() takes a port that no
// other socket on that address holds (inet_csk_get_port()), so distinct ports in use are that
// kind of client's whole budget.
struct SourceAddress {
  std::string local;                       // "10.0.1.1"
  std::string family;
  std::map<std::string, uint64_t> states;  // connect-side sockets per state
  uint64_t sockets = 0;
  uint64_t ports = 0;                      // distinct local ports in the range held
  uint64_t destinations = 0;               // remote addr:port groups
  double port_share = 0;                   // ports / usable local ports (0..1)
  // Of `ports`, those of the parity bind(addr, 0) tries first: inet_csk_find_open_port() starts on
  // the parity opposite to ip_local_port_range's low end "to not pollute connect() users", and
  // __inet_hash_connect() starts on the low end's own. Until a parity runs out, ports taken by
  // bind() before connect() are all of the first kind and ports taken by connect() of the second.
  uint64_t bind_parity_ports = 0;
  uint64_t busiest_destination = 0;        // its sockets towards the one destination it uses most
};

struct Listener {
  std::string local;                       // "0.0.0.0:8080", "[::]:443"
  uint64_t queue = 0;                      // connections waiting for accept() (ss -ltn Recv-Q)
  std::optional<uint64_t> backlog;         // min(listen() backlog, somaxconn) (Send-Q); /proc: unknown
  uint64_t syn_recv = 0;                   // handshakes in progress towards it
  std::optional<ProcessRef> process;
  // TIME_WAIT sockets on its port (local port outside the ephemeral range): accepted connections
  // this server closed first. 0 in snapshots without census details (details_known false).
  uint64_t time_wait = 0;
  // With --sample on the live host: the longest accept queue seen while the sample ran (polled
  // over netlink), so a queue that filled and drained before the end still counts; nullopt when
  // not sampled. Listeners are sorted by it when present.
  std::optional<uint64_t> peak_queue;
  // ESTABLISHED sockets on its address and port (an accepted connection keeps the listener's local
  // port): the clients it serves now. Counted only when SocketCensus::accepted_known.
  uint64_t accepted = 0;
  uint64_t fullest_queue() const { return peak_queue ? std::max(*peak_queue, queue) : queue; }
};

// Fullest first: the longest queue (fullest_queue()) against the backlog where it is known, then
// the longer queue, then handshakes in progress.
void sort_listeners(std::vector<Listener>& listeners);

// CLOSE_WAIT sockets of one process on one local address:port (an accepted connection's port is
// the listener's; a connect-side one is shown as ADDR:* since each has its own port).
struct CloseWaitGroup {
  std::string local;
  uint64_t count = 0;
  std::optional<ProcessRef> process;
};

// The sockets held by the processes of one program (command name), by socket inode as `ss -p`
// finds them: what profile inference reads to tell a proxy from a database. One program, not one
// pid: nginx's workers and PostgreSQL's per-connection backends share their name.
struct ProgramSockets {
  std::string comm;                    // /proc/PID/comm: "postgres"
  int pid = 0;                         // its lowest pid (usually the master process)
  uint64_t processes = 0;              // pids holding any of these sockets
  std::vector<std::string> listening;  // its listeners' addr:port, sorted
  uint64_t accepted = 0;               // ESTABLISHED sockets on its listeners' ports that it holds
  uint64_t connected = 0;              // connect-side ESTABLISHED sockets it holds (this host opened them)
  uint64_t upstreams = 0;              // distinct remote addr:port among those
  std::string upstream;                // the one it holds the most towards; "" when none
  uint64_t upstream_connected = 0;
};

struct SocketCensus {
  bool known = false;                      // false: neither netlink nor /proc/net/tcp could be read
  std::string source;                      // "netlink" or "proc"
  std::map<std::string, uint64_t> states;  // "time-wait" -> count (IPv4 + IPv6)
  std::map<std::string, uint64_t> outgoing;  // of those, on a local port from the range (connect side); v1: empty
  bool direction_known = false;            // outgoing, destinations, sources, close_wait filled (false: a v1 snapshot)
  std::vector<PeerGroup> peers;            // by busiest source's count, largest first (at most ReadOptions::max_peers)
  uint64_t peer_groups = 0;                // groups found, before max_peers cut the list
  std::vector<DestinationGroup> destinations;  // by busiest source's total, largest first (max_peers)
  uint64_t destination_groups = 0;
  std::vector<SourceAddress> sources;      // by distinct ports, largest first (max_peers)
  std::vector<Listener> listeners;         // fullest first (queue / backlog), every one
  bool listeners_known = true;             // false: a v1 snapshot without its listener list (only the LISTEN count)
  std::vector<CloseWaitGroup> close_wait;  // largest first (max_peers)
  std::string processes = "unknown";       // "attributed" or why not ("unknown: read from --root")
  bool owners_counted = false;             // peers/destinations carry owner fields (false: an older snapshot)
  // Per state, the sockets no process holds any more (no inode: closed by the application, or a
  // TIME_WAIT mini-socket). FIN_WAIT_2 ones are the only ones tcp_fin_timeout reaches.
  std::map<std::string, uint64_t> orphaned;
  bool details_known = false;              // orphaned and listener time_wait counted (false: an older snapshot)
  bool accepted_known = false;             // listeners carry accepted (false: an older snapshot)
  // Programs holding listeners or connect-side connections, busiest (accepted + connected) first,
  // at most ReadOptions::max_peers. Only when processes were attributed (programs_known).
  std::vector<ProgramSockets> programs;
  bool programs_known = false;
};

struct SysctlValue {
  enum class Status { ok, absent, unreadable } status = Status::ok;
  std::string value;  // folded whitespace when ok; the error text when unreadable
};

// Connection tracking of the namespace read (docs/conntrack.md). Its table size, count, buckets and
// timeouts are sysctls (HostState::sysctl, net.netfilter.*); this holds whether the module is there
// at all and /proc/net/stat/nf_conntrack, whose counters are per namespace (net->ct.stat).
struct ConntrackState {
  // /proc/sys/net/netfilter/nf_conntrack_count exists: nf_conntrack is loaded (its sysctl table is
  // registered for every namespace, nf_conntrack_standalone_init_sysctl()). False: every conntrack
  // fact is unknown ("conntrack is not loaded"), never 0.
  bool loaded = false;
  // The per-CPU rows of /proc/net/stat/nf_conntrack summed by column name ("drop", "early_drop",
  // "insert_failed", ...; `entries` left out: it is the count, not a counter). nullopt: not read
  // (not loaded, the file missing or malformed: a diagnostic says which).
  std::optional<std::map<std::string, int64_t>> stat;
  int cpus = 0;  // rows summed
  // With --sample: how much each counter rose between the two reads (HostState::sample_seconds
  // apart); a counter that went down (module reloaded) is left out. nullopt: not sampled.
  std::optional<std::map<std::string, int64_t>> increase;
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
  // Whether this process runs in the initial network namespace (the one the boot-time sysctl
  // files configure); nullopt = cannot tell (another --root, /proc/1 unreadable).
  std::optional<bool> initial_netns;
  // nullopt: not recorded (a snapshot from a version that did not read conntrack).
  std::optional<ConntrackState> conntrack;
  std::vector<Diagnostic> diagnostics;             // malformed /proc files, read errors

  const SysctlValue* value(std::string_view key) const;
  // The value when it was read; nullopt when the key is absent or could not be read. The one
  // lookup the evaluator, the reports and the readers use for "the live value, if known".
  std::optional<std::string> read_value(std::string_view key) const;
  // read_value when it is a whole number ("5", "-1"); nullopt for anything else. Values from a
  // snapshot or a --root copy may hold anything: reports print this, never the raw text as a number.
  std::optional<int64_t> read_integer(std::string_view key) const;
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
  bool processes = true;              // attribute sockets to processes by inode (live root only)
};

HostState read_host(const ReadOptions& options);

// /proc/self/ns/net against /proc/1/ns/net under root "/"; nullopt elsewhere or when unreadable.
std::optional<bool> in_initial_netns(const std::filesystem::path& root);

}  // namespace sa::live
