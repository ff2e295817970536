#include "advisor/live/census.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

namespace sa::live {
namespace {

// include/net/tcp_states.h; index = state number. TCP_CLOSE is "closed" as in `ss state closed`.
constexpr std::string_view kStateNames[] = {"",           "established", "syn-sent",   "syn-recv",
                                            "fin-wait-1", "fin-wait-2",  "time-wait",  "closed",
                                            "close-wait", "last-ack",    "listen",     "closing"};
constexpr int kKnownStates = 12;

}  // namespace

std::string_view tcp_state_name(int state) {
  if (state == kTcpNewSynRecv) return "syn-recv";  // a request socket, as ss shows it
  if (state <= 0 || state >= kKnownStates) return "unknown";
  return kStateNames[state];
}

const std::vector<std::string>& tcp_state_names() {
  static const std::vector<std::string> kNames(std::begin(kStateNames) + 1, std::end(kStateNames));
  return kNames;
}

int tcp_state_number(std::string_view name) {
  for (int s = 1; s < kKnownStates; ++s)
    if (kStateNames[s] == name) return s;
  return -1;
}

Addr16 v4_mapped(const uint8_t ipv4[4]) {
  Addr16 a{};
  a[10] = 0xff;
  a[11] = 0xff;
  std::memcpy(a.data() + 12, ipv4, 4);
  return a;
}

std::string format_endpoint(const Addr16& addr, uint16_t port) {
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char text[INET6_ADDRSTRLEN] = {};
  if (std::memcmp(addr.data(), kMappedPrefix, 12) == 0) {
    inet_ntop(AF_INET, addr.data() + 12, text, sizeof text);
    return std::string(text) + ":" + std::to_string(port);
  }
  inet_ntop(AF_INET6, addr.data(), text, sizeof text);
  return "[" + std::string(text) + "]:" + std::to_string(port);
}

namespace {

bool is_mapped(const Addr16& a) {
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(a.data(), kMappedPrefix, 12) == 0;
}

// 0.0.0.0 (as ::ffff:0.0.0.0) or ::: a listener on every address.
bool is_wildcard(const Addr16& a) {
  if (is_mapped(a)) return a[12] == 0 && a[13] == 0 && a[14] == 0 && a[15] == 0;
  for (uint8_t b : a)
    if (b) return false;
  return true;
}

uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
  h ^= h >> 31;
  return h * 0x94D049BB133111EBull;
}

uint64_t addr_hash(const Addr16& addr) {
  uint64_t a, b;
  std::memcpy(&a, addr.data(), 8);
  std::memcpy(&b, addr.data() + 8, 8);
  return mix(a, b);
}

}  // namespace

std::string format_address(const Addr16& addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_mapped(addr)) inet_ntop(AF_INET, addr.data() + 12, text, sizeof text);
  else inet_ntop(AF_INET6, addr.data(), text, sizeof text);
  return text;
}

std::string_view address_family(const Addr16& addr) { return is_mapped(addr) ? "ipv4" : "ipv6"; }

size_t CensusTally::KeyHash::operator()(const Key& k) const {
  return static_cast<size_t>(mix(addr_hash(k.remote) ^ k.port, addr_hash(k.local)));
}

size_t CensusTally::AddrHash::operator()(const Addr16& a) const { return static_cast<size_t>(addr_hash(a)); }

size_t CensusTally::EndpointHash::operator()(const Endpoint& e) const {
  return static_cast<size_t>(mix(addr_hash(e.addr), static_cast<uint64_t>(e.port) << 32 ^ static_cast<uint32_t>(e.pid)));
}

size_t CensusTally::OwnerKeyHash::operator()(const OwnerKey& k) const {
  return static_cast<size_t>(mix(KeyHash()(k.group), static_cast<uint32_t>(k.pid)));
}

int CensusTally::owner_pid(uint64_t inode) {
  if (!owners_ || !inode) return -1;
  auto it = owners_->find(inode);
  if (it == owners_->end()) return -1;
  comms_.emplace(it->second.pid, it->second.comm);
  return it->second.pid;
}

void CensusTally::add(int state, const Addr16& remote, uint16_t remote_port, uint16_t local_port) {
  SocketRow row;
  row.state = state;
  row.remote = remote;
  row.remote_port = remote_port;
  row.local_port = local_port;
  row.inode_known = false;  // owner unknown: not an orphan
  add(row);
}

void CensusTally::add(const SocketRow& row) {
  int state = row.state == kTcpNewSynRecv ? kTcpSynRecv : row.state;
  if (state < 0 || state >= kStates) state = 0;
  ++states_[state];
  // Orphans: sockets no process holds any more (inode 0). FIN_WAIT_2 ones are the only ones
  // tcp_fin_timeout reaches (tcp_close() arms it for orphans; a held socket waits on its owner).
  if (row.inode_known && row.inode == 0) ++orphaned_[state];
  // An accepted connection's TIME_WAIT keeps the listener's port: counted per port for listeners.
  if (state == kTcpTimeWait && !(ephemeral_ && in_range(row.local_port))) ++time_wait_[row.local_port];
  if (state == kTcpListen) {
    listeners_.push_back({row.local, row.local_port, row.rqueue, row.wqueue, row.wqueue_known, row.inode, owner_pid(row.inode)});
    return;
  }
  if (state == kTcpSynRecv) {  // a request socket: its local port is its listener's
    ++syn_recv_[Endpoint{row.local, row.local_port, 0}];
    return;
  }
  const bool outgoing = in_range(row.local_port);
  if (state == kTcpCloseWait)
    ++close_wait_[Endpoint{row.local, outgoing ? uint16_t{0} : row.local_port, owner_pid(row.inode)}];
  // An accepted connection keeps its listener's address and port: the clients a server has now
  // (per process, so that inference can tell who serves them).
  if (!outgoing && state == kTcpEstablished) ++accepted_[Endpoint{row.local, row.local_port, owner_pid(row.inode)}];
  if (!outgoing) return;
  ++outgoing_[state];
  const Key key{row.local, row.remote, row.remote_port};
  ++groups_[key][state];
  // Only open connections have an owner to find (a TIME_WAIT socket's inode is 0), and only when
  // processes were read: the TIME_WAIT flood costs no lookup.
  if (state == kTcpEstablished && owners_) ++established_owners_[OwnerKey{key, owner_pid(row.inode)}];
  SourceTally& src = sources_[row.local];
  ++src.counts[state];
  if (src.ports.empty()) src.ports.resize(65536 / 64);
  src.ports[row.local_port >> 6] |= uint64_t{1} << (row.local_port & 63);
}

void sort_listeners(std::vector<Listener>& listeners) {
  std::stable_sort(listeners.begin(), listeners.end(), [](const Listener& x, const Listener& y) {
    const uint64_t qx = x.fullest_queue(), qy = y.fullest_queue();
    double fx = x.backlog && *x.backlog ? static_cast<double>(qx) / static_cast<double>(*x.backlog) : 0;
    double fy = y.backlog && *y.backlog ? static_cast<double>(qy) / static_cast<double>(*y.backlog) : 0;
    if (fx != fy) return fx > fy;
    if (qx != qy) return qx > qy;
    if (x.syn_recv != y.syn_recv) return x.syn_recv > y.syn_recv;
    return x.local < y.local;
  });
}

uint64_t CensusTally::total() const {
  uint64_t n = 0;
  for (uint64_t c : states_) n += c;
  return n;
}

namespace {

template <class Counts>
std::map<std::string, uint64_t> state_map(const Counts& counts) {
  std::map<std::string, uint64_t> out;
  for (size_t s = 1; s < counts.size(); ++s)
    if (counts[s]) out[std::string(tcp_state_name(static_cast<int>(s)))] += counts[s];
  return out;
}

double share(uint64_t n, uint64_t usable) {
  return usable ? static_cast<double>(n) / static_cast<double>(usable) : 0.0;
}

// Keeps the `keep` largest of v by `larger`, in order, without sorting the rest.
template <class T, class Less>
void keep_largest(std::vector<T>& v, size_t keep, Less larger) {
  keep = std::min(keep, v.size());
  std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep), v.end(), larger);
  v.resize(keep);
}

}  // namespace

std::vector<ProgramSockets> CensusTally::programs(const std::vector<std::pair<int, uint64_t>>& accepted_by_pid,
                                                  size_t max_programs) const {
  struct Program {
    ProgramSockets p;
    std::set<int> pids;
    std::set<std::string> listening;
    std::map<std::string, uint64_t> upstreams;
  };
  std::map<std::string, Program> by_comm;
  auto program = [&](int pid) -> Program& {
    Program& g = by_comm[comms_.at(pid)];
    g.pids.insert(pid);
    return g;
  };
  for (const ListenerRow& l : listeners_)
    if (l.pid >= 0) program(l.pid).listening.insert(format_endpoint(l.addr, l.port));
  for (const auto& [pid, n] : accepted_by_pid) program(pid).p.accepted += n;
  for (const auto& [ok, n] : established_owners_) {
    if (ok.pid < 0) continue;
    Program& g = program(ok.pid);
    g.p.connected += n;
    g.upstreams[format_endpoint(ok.group.remote, ok.group.port)] += n;
  }
  std::vector<ProgramSockets> out;
  for (auto& [comm, g] : by_comm) {
    g.p.comm = comm;
    g.p.pid = *g.pids.begin();
    g.p.processes = g.pids.size();
    g.p.listening.assign(g.listening.begin(), g.listening.end());
    g.p.upstreams = g.upstreams.size();
    for (const auto& [remote, n] : g.upstreams)
      if (n > g.p.upstream_connected) g.p.upstream = remote, g.p.upstream_connected = n;
    out.push_back(std::move(g.p));
  }
  keep_largest(out, max_programs, [](const ProgramSockets& x, const ProgramSockets& y) {
    if (x.accepted + x.connected != y.accepted + y.connected) return x.accepted + x.connected > y.accepted + y.connected;
    if (x.listening.size() != y.listening.size()) return x.listening.size() > y.listening.size();
    return x.comm < y.comm;
  });
  return out;
}

SocketCensus CensusTally::finish(std::string source, uint64_t usable_ports, size_t max_peers) const {
  SocketCensus census;
  census.known = true;
  census.source = std::move(source);
  census.direction_known = true;
  for (int s = 1; s < kKnownStates; ++s) {
    census.states[std::string(kStateNames[s])] = states_[s];
    census.outgoing[std::string(kStateNames[s])] = outgoing_[s];
  }
  uint64_t unknown = states_[0] + states_[12] + states_[13] + states_[14] + states_[15];
  if (unknown) census.states["unknown"] = unknown;

  for (int s = 1; s < kKnownStates; ++s)
    if (orphaned_[s]) census.orphaned[std::string(kStateNames[s])] = orphaned_[s];
  census.details_known = true;

  // Destinations: every (local, remote, port) group folded into its (remote, port), keeping per
  // state and overall the busiest local address. Memory: one entry per destination.
  struct Dest {
    const Addr16* remote;
    uint16_t port;
    Counts sum{}, max{}, sources{};
    std::array<const Addr16*, kStates> argmax{};
    std::array<const Counts*, kStates> argmax_counts{};
    uint64_t total = 0, max_total = 0, nsources = 0;
    const Addr16* busiest = nullptr;
    const Counts* busiest_counts = nullptr;
  };
  struct DestKey {
    const Addr16* remote;
    uint16_t port;
    bool operator==(const DestKey& o) const { return port == o.port && *remote == *o.remote; }
  };
  struct DestKeyHash {
    size_t operator()(const DestKey& k) const { return static_cast<size_t>(mix(addr_hash(*k.remote), k.port)); }
  };
  std::unordered_map<DestKey, Dest, DestKeyHash> dests;
  std::unordered_map<Addr16, std::pair<uint64_t, uint64_t>, AddrHash> dests_per_source;  // count, largest
  for (const auto& [key, counts] : groups_) {
    Dest& d = dests[DestKey{&key.remote, key.port}];
    d.remote = &key.remote;
    d.port = key.port;
    uint64_t total = 0;
    for (int s = 0; s < kStates; ++s) {
      if (!counts[s]) continue;
      total += counts[s];
      d.sum[s] += counts[s];
      ++d.sources[s];
      if (counts[s] > d.max[s] || (counts[s] == d.max[s] && key.local < *d.argmax[s])) {
        d.max[s] = counts[s];
        d.argmax[s] = &key.local;
        d.argmax_counts[s] = &counts;
      }
    }
    d.total += total;
    ++d.nsources;
    auto& per_source = dests_per_source[key.local];
    ++per_source.first;
    per_source.second = std::max(per_source.second, total);
    if (total > d.max_total || (total == d.max_total && key.local < *d.busiest)) {
      d.max_total = total;
      d.busiest = &key.local;
      d.busiest_counts = &counts;
    }
  }

  // Per group, the process holding the most ESTABLISHED sockets (ties: the lower pid, a known one
  // before an unidentified one). Without processes every ESTABLISHED socket is unattributed.
  std::unordered_map<Key, std::pair<int, uint32_t>, KeyHash> top_owner;
  for (const auto& [ok, n] : established_owners_) {
    auto [it, fresh] = top_owner.try_emplace(ok.group, ok.pid, n);
    auto& [pid, most] = it->second;
    if (!fresh && (n > most || (n == most && (pid < 0 || (ok.pid >= 0 && ok.pid < pid))))) it->second = {ok.pid, n};
  }
  auto owner_of = [&](const Addr16& local, const Addr16& remote, uint16_t port, const Counts& counts,
                      std::optional<ProcessRef>& owner, uint64_t& established) {
    if (!owners_) {
      established = counts[kTcpEstablished];
      return;
    }
    auto it = top_owner.find(Key{local, remote, port});
    if (it == top_owner.end()) return;
    established = it->second.second;
    if (it->second.first >= 0) owner = ProcessRef{it->second.first, comms_.at(it->second.first)};
  };
  census.owners_counted = true;

  std::vector<PeerGroup> peers;
  std::vector<DestinationGroup> destinations;
  destinations.reserve(dests.size());
  for (const auto& [key, d] : dests) {
    const std::string remote = format_endpoint(*d.remote, d.port);
    for (int s = 1; s < kStates; ++s) {
      if (!d.sum[s]) continue;
      PeerGroup g;
      g.remote = remote;
      g.state = std::string(tcp_state_name(s));
      g.count = d.sum[s];
      g.sources = d.sources[s];
      g.busiest_source = format_address(*d.argmax[s]);
      g.busiest_count = d.max[s];
      g.port_share = share(g.busiest_count, usable_ports);
      owner_of(*d.argmax[s], *d.remote, d.port, *d.argmax_counts[s], g.owner, g.owner_established);
      peers.push_back(std::move(g));
    }
    DestinationGroup g;
    g.remote = remote;
    g.family = std::string(address_family(*d.remote));
    g.states = state_map(d.sum);
    g.total = d.total;
    g.sources = d.nsources;
    g.busiest_source = format_address(*d.busiest);
    g.busiest_states = state_map(*d.busiest_counts);
    g.busiest_total = d.max_total;
    g.port_share = share(d.max_total, usable_ports);
    owner_of(*d.busiest, *d.remote, d.port, *d.busiest_counts, g.owner, g.owner_established);
    destinations.push_back(std::move(g));
  }
  census.peer_groups = peers.size();
  keep_largest(peers, max_peers, [](const PeerGroup& x, const PeerGroup& y) {
    if (x.busiest_count != y.busiest_count) return x.busiest_count > y.busiest_count;
    if (x.count != y.count) return x.count > y.count;
    if (x.state != y.state) return tcp_state_number(x.state) < tcp_state_number(y.state);  // established first
    return x.remote < y.remote;
  });
  census.peers = std::move(peers);
  census.destination_groups = destinations.size();
  keep_largest(destinations, max_peers, [](const DestinationGroup& x, const DestinationGroup& y) {
    if (x.busiest_total != y.busiest_total) return x.busiest_total > y.busiest_total;
    if (x.total != y.total) return x.total > y.total;
    return x.remote < y.remote;
  });
  census.destinations = std::move(destinations);

  // Bit i of a word is port 64w+i: odd ports are the odd bits.
  const uint64_t bind_parity_mask =
      ephemeral_ && ephemeral_->low % 2 == 1 ? 0x5555555555555555ull : 0xAAAAAAAAAAAAAAAAull;
  for (const auto& [addr, src] : sources_) {
    SourceAddress a;
    a.local = format_address(addr);
    a.family = std::string(address_family(addr));
    a.states = state_map(src.counts);
    for (uint32_t c : src.counts) a.sockets += c;
    for (uint64_t word : src.ports) {
      a.ports += static_cast<uint64_t>(__builtin_popcountll(word));
      a.bind_parity_ports += static_cast<uint64_t>(__builtin_popcountll(word & bind_parity_mask));
    }
    auto it = dests_per_source.find(addr);
    if (it != dests_per_source.end()) {
      a.destinations = it->second.first;
      a.busiest_destination = it->second.second;
    }
    a.port_share = std::min(1.0, share(a.ports, usable_ports));
    census.sources.push_back(std::move(a));
  }
  keep_largest(census.sources, max_peers, [](const SourceAddress& x, const SourceAddress& y) {
    if (x.ports != y.ports) return x.ports > y.ports;
    return x.local < y.local;
  });

  auto owner = [&](uint64_t inode) -> std::optional<ProcessRef> {
    if (!owners_ || !inode) return std::nullopt;
    auto it = owners_->find(inode);
    if (it == owners_->end()) return std::nullopt;
    return it->second;
  };
  // The listener a socket on (addr, port) came through: the one on that very address, else one on
  // every address with that port; listeners_.size() when none.
  auto listener_for = [&](const Addr16& addr, uint16_t port) {
    size_t found = listeners_.size();
    for (size_t i = 0; i < listeners_.size(); ++i) {
      if (listeners_[i].port != port) continue;
      if (listeners_[i].addr == addr) return i;
      if (found == listeners_.size() && is_wildcard(listeners_[i].addr)) found = i;
    }
    return found;
  };
  std::vector<uint64_t> syn(listeners_.size(), 0), accepted(listeners_.size(), 0);
  for (const auto& [ep, n] : syn_recv_)
    if (size_t i = listener_for(ep.addr, ep.port); i < listeners_.size()) syn[i] += n;
  // Accepted connections whose listener is gone, or sockets bound to a fixed port that are not
  // accepted at all, serve no listener: left out.
  std::vector<std::pair<int, uint64_t>> accepted_by_pid;
  for (const auto& [ep, n] : accepted_) {
    size_t i = listener_for(ep.addr, ep.port);
    if (i == listeners_.size()) continue;
    accepted[i] += n;
    if (ep.pid >= 0) accepted_by_pid.emplace_back(ep.pid, n);
  }
  census.accepted_known = true;
  for (size_t i = 0; i < listeners_.size(); ++i) {
    const ListenerRow& row = listeners_[i];
    Listener l;
    l.local = format_endpoint(row.addr, row.port);
    l.queue = row.queue;
    if (row.backlog_known) l.backlog = row.backlog;
    l.syn_recv = syn[i];
    if (auto tw = time_wait_.find(row.port); tw != time_wait_.end()) l.time_wait = tw->second;
    l.process = owner(row.inode);
    l.accepted = accepted[i];
    census.listeners.push_back(std::move(l));
  }
  sort_listeners(census.listeners);
  if (owners_) census.programs = programs(accepted_by_pid, max_peers);
  census.programs_known = owners_ != nullptr;

  for (const auto& [ep, n] : close_wait_) {
    CloseWaitGroup g;
    g.local = ep.port ? format_endpoint(ep.addr, ep.port) : format_endpoint(ep.addr, 0);
    if (!ep.port) g.local = g.local.substr(0, g.local.size() - 1) + "*";
    g.count = n;
    if (auto it = comms_.find(ep.pid); it != comms_.end()) g.process = ProcessRef{ep.pid, it->second};
    census.close_wait.push_back(std::move(g));
  }
  keep_largest(census.close_wait, max_peers, [](const CloseWaitGroup& x, const CloseWaitGroup& y) {
    if (x.count != y.count) return x.count > y.count;
    return x.local < y.local;
  });
  return census;
}

}  // namespace sa::live
