#include "advisor/live/census.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

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

size_t CensusTally::KeyHash::operator()(const Key& k) const {
  uint64_t a, b;
  std::memcpy(&a, k.addr.data(), 8);
  std::memcpy(&b, k.addr.data() + 8, 8);
  uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
  h ^= (static_cast<uint64_t>(k.port) << 8 | k.state) * 0xBF58476D1CE4E5B9ull;
  h ^= h >> 31;
  return static_cast<size_t>(h * 0x94D049BB133111EBull);
}

void CensusTally::add(int state, const Addr16& remote, uint16_t remote_port, uint16_t local_port) {
  if (state == kTcpNewSynRecv) state = 3;
  if (state < 0 || state >= static_cast<int>(states_.size())) state = 0;
  ++states_[state];
  if (state != kTcpTimeWait && state != kTcpEstablished) return;
  if (ephemeral_ && (local_port < ephemeral_->low || local_port > ephemeral_->high)) return;
  ++groups_[Key{remote, remote_port, static_cast<uint8_t>(state)}];
}

uint64_t CensusTally::total() const {
  uint64_t n = 0;
  for (uint64_t c : states_) n += c;
  return n;
}

SocketCensus CensusTally::finish(std::string source, uint64_t usable_ports, size_t max_peers) const {
  SocketCensus census;
  census.known = true;
  census.source = std::move(source);
  for (int s = 1; s < kKnownStates; ++s) census.states[std::string(kStateNames[s])] = states_[s];
  uint64_t unknown = states_[0] + states_[12] + states_[13] + states_[14] + states_[15];
  if (unknown) census.states["unknown"] = unknown;

  // Pick the largest groups without sorting them all (a host may have many small groups).
  std::vector<std::pair<const Key*, uint64_t>> all;
  all.reserve(groups_.size());
  for (const auto& [key, count] : groups_) all.emplace_back(&key, count);
  auto larger = [](const auto& x, const auto& y) {
    if (x.second != y.second) return x.second > y.second;
    if (x.first->state != y.first->state) return x.first->state < y.first->state;  // established first
    if (x.first->addr != y.first->addr) return x.first->addr < y.first->addr;
    return x.first->port < y.first->port;
  };
  size_t keep = std::min(max_peers, all.size());
  std::partial_sort(all.begin(), all.begin() + keep, all.end(), larger);
  census.peer_groups = groups_.size();
  for (size_t i = 0; i < keep; ++i) {
    PeerGroup g;
    g.remote = format_endpoint(all[i].first->addr, all[i].first->port);
    g.state = std::string(tcp_state_name(all[i].first->state));
    g.count = all[i].second;
    g.port_share = usable_ports ? static_cast<double>(g.count) / static_cast<double>(usable_ports) : 0.0;
    census.peers.push_back(std::move(g));
  }
  return census;
}

}  // namespace sa::live
