#include "advisor/engine/census_functions.h"

#include <algorithm>
#include <cstdio>

namespace sa::engine {
namespace {

Value needs_census(const Facts& f) {
  if (!f.host) return Value::unknown(kNeedsLive);
  return Value::unknown("the socket census could not be read");
}

Value count(uint64_t n) { return Value::number(static_cast<double>(n)); }

// A share of one range: never above 1 (a group larger than the range could only be explained by
// sources the census does not separate, e.g. a v1 snapshot).
Value capped_share(double share) { return Value::number(std::min(1.0, share)); }

// Not identified (under --root, from a v1 snapshot, or without the right to read other processes'
// fds) reads as such, never as a guess.
std::string owner_text(const std::optional<live::ProcessRef>& p) {
  if (!p) return "an unidentified process";
  return p->comm + " (pid " + std::to_string(p->pid) + ")";
}

}  // namespace

std::string connection_owner_text(const live::SocketCensus& c, const std::optional<live::ProcessRef>& owner,
                                  uint64_t established) {
  if (owner || !c.owners_counted || established) return owner_text(owner);
  return "no process";
}


namespace {

// The group whose busiest source holds the most sockets in `state`: the destination nearest to
// running out of ports.
const live::PeerGroup* top_peer(const std::string& state, const live::SocketCensus& c) {
  const live::PeerGroup* best = nullptr;
  for (const auto& p : c.peers)
    if (p.state == state && (!best || p.busiest_count > best->busiest_count ||
                             (p.busiest_count == best->busiest_count && p.count > best->count)))
      best = &p;
  return best;
}

double usable(const Facts& f) { return static_cast<double>(f.host->usable_local_ports); }

}  // namespace

Value census_call(const Call& call) {
  const std::string& name = call.expr.text;
  const std::string arg = call.expr.args.empty() ? std::string() : call.text(0);
  const Facts& f = call.facts;
  if (!f.host || !f.host->sockets.known) return needs_census(f);
  const live::SocketCensus& c = f.host->sockets;

  if (name == "peers") {
    double n = 0;
    for (const auto& p : c.peers) n += p.state == arg;
    return Value::number(n);
  }
  if (name.rfind("top_peer", 0) == 0) {
    const live::PeerGroup* p = top_peer(arg, c);
    if (name == "top_peer") return p ? Value::string(p->remote) : Value::unknown("no " + arg + " sockets towards any peer");
    if (name == "top_peer_count") return count(p ? p->count : 0);
    if (name == "top_peer_source_count") return count(p ? p->busiest_count : 0);
    if (name == "top_peer_owner_count") {
      if (!c.owners_counted)
        return Value::unknown_shown("the snapshot does not record who holds connections", "an unrecorded number of");
      return count(p ? p->owner_established : 0);
    }
    if (name == "top_peer_owner") {
      if (!p) return Value::unknown("no " + arg + " sockets towards any peer");
      return Value::string(connection_owner_text(c, p->owner, p->owner_established));
    }
    if (name == "top_peer_share") {
      if (!p) return Value::number(0);
      if (f.host->usable_local_ports) return capped_share(static_cast<double>(p->busiest_count) / usable(f));
      return capped_share(p->port_share);
    }
    if (!p) return Value::unknown("no " + arg + " sockets towards any peer");
    if (p->busiest_source.empty()) {
      // A v1 snapshot counted a destination's sockets from every source together: the sentence
      // can say so, and its counts are the whole group's.
      const char* needs = "the snapshot (v1) does not record source addresses";
      if (name == "top_peer_source") return Value::unknown_shown(needs, "source addresses a v1 snapshot does not tell apart");
      return Value::unknown_shown(needs, "an unrecorded number of");
    }
    if (name == "top_peer_source") return Value::string(p->busiest_source);
    return count(p->sources);  // top_peer_sources
  }
  if (name.rfind("top_source", 0) == 0) {
    if (!c.direction_known) return Value::unknown("the snapshot (v1) does not record source addresses");
    const live::SourceAddress* s = c.sources.empty() ? nullptr : &c.sources.front();
    if (name == "top_source") return s ? Value::string(s->local) : Value::unknown("no connect-side sockets");
    if (name == "top_source_ports") return count(s ? s->ports : 0);
    if (name == "top_source_destinations") return count(s ? s->destinations : 0);
    if (!s) return Value::number(0);
    if (name == "top_source_bind_parity_share")
      return Value::number(s->ports ? static_cast<double>(s->bind_parity_ports) / static_cast<double>(s->ports) : 0.0);
    if (name == "top_source_max_destination_share") {
      if (!f.host->usable_local_ports) return Value::unknown("usable local ports unknown");
      return capped_share(static_cast<double>(s->busiest_destination) / usable(f));
    }
    if (f.host->usable_local_ports) return capped_share(static_cast<double>(s->ports) / usable(f));
    return capped_share(s->port_share);
  }
  if (name == "outgoing" || name == "incoming") {
    auto all = c.states.find(arg);
    uint64_t a = all == c.states.end() ? 0 : all->second, o = 0;
    if (c.direction_known) {
      auto out = c.outgoing.find(arg);
      o = out == c.outgoing.end() ? 0 : out->second;
    } else {
      // A v1 snapshot grouped exactly the connect-side TIME_WAIT and ESTABLISHED sockets into its
      // peers; when the list was not cut, their sum is the outgoing count.
      if ((arg != "time-wait" && arg != "established") || c.peers.size() < c.peer_groups)
        return Value::unknown("the snapshot (v1) does not record which sockets were connect-side");
      for (const auto& p : c.peers)
        if (p.state == arg) o += p.count;
    }
    return count(name == "outgoing" ? o : a - std::min(a, o));
  }
  if (name == "listeners") {
    // A v1 snapshot lists no listeners, only the sockets per state: its LISTEN count, not 0.
    if (!c.listeners_known) {
      auto it = c.states.find("listen");
      if (it == c.states.end()) return Value::unknown("the snapshot (v1) does not record listening sockets");
      return count(it->second);
    }
    return count(c.listeners.size());
  }
  if (name == "listener_backlogs_known")
    return Value::boolean(std::any_of(c.listeners.begin(), c.listeners.end(), [](const live::Listener& l) { return l.backlog.has_value(); }));
  if (name.rfind("full_listener", 0) == 0) {
    if (c.listeners.empty()) return Value::unknown("no listening sockets");
    const live::Listener& l = c.listeners.front();
    if (name == "full_listener") return Value::string(l.local);
    if (name == "full_listener_queue") return count(l.fullest_queue());
    if (name == "full_listener_seen") {
      if (!l.peak_queue || *l.peak_queue <= l.queue) return Value::string("");
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.1f", f.host->sample_seconds);
      return Value::string(" (the most seen during the " + std::string(secs) + " s sample; " + std::to_string(l.queue) +
                           " at its start)");
    }
    if (name == "full_listener_syn_recv") return count(l.syn_recv);
    if (name == "full_listener_owner") return Value::string(owner_text(l.process));
    if (!l.backlog) return Value::unknown("listener backlogs come from netlink sock_diag (not /proc/net/tcp)");
    return count(*l.backlog);
  }
  // close_wait_*: a v1 snapshot (no direction, no groups) does not say who holds them.
  if (!c.direction_known) return Value::unknown("the snapshot (v1) does not record who holds CLOSE_WAIT sockets");
  if (c.close_wait.empty()) {
    if (name == "close_wait_count") return Value::number(0);
    return Value::unknown("no CLOSE_WAIT sockets");
  }
  const live::CloseWaitGroup& g = c.close_wait.front();
  if (name == "close_wait_local") return Value::string(g.local);
  if (name == "close_wait_count") return count(g.count);
  return Value::string(owner_text(g.process));
}

}  // namespace sa::engine
