#include "advisor/engine/functions.h"

namespace sa::engine {

const std::vector<FunctionSpec>& functions() {
  static const std::vector<FunctionSpec> kFunctions = {
      {"configured", 1, 1, ArgKind::key, "effective configured value; unknown when not configured"},
      {"counter", 1, 1, ArgKind::counter, "counter since boot (TcpExt.ListenOverflows, Tcp.ActiveOpens)"},
      {"default", 1, 1, ArgKind::key, "catalog default for the kernel"},
      {"exists", 1, 1, ArgKind::key, "key exists on the live kernel (offline: per the catalog)"},
      {"field", 2, 2, ArgKind::key, "nth (0-based) whitespace-separated number of value(key)"},
      {"is_configured", 1, 1, ArgKind::key, "whether a configuration file sets the key"},
      {"is_loopback", 1, 1, ArgKind::none, "whether an addr:port (top_peer) is on 127.0.0.0/8 or ::1"},
      {"max", 2, 2, ArgKind::none, "the larger of two numbers"},
      {"min", 2, 2, ArgKind::none, "the smaller of two numbers"},
      {"peers", 1, 1, ArgKind::state, "number of distinct remote addr:port groups in that state"},
      {"percent", 1, 1, ArgKind::none, "formats a 0..1 share as 87.4%"},
      {"port_high", 0, 0, ArgKind::none, "high end of ip_local_port_range"},
      {"port_low", 0, 0, ArgKind::none, "low end of ip_local_port_range"},
      {"rate", 1, 1, ArgKind::counter, "per second over --sample"},
      {"sockets", 1, 1, ArgKind::state, "census count of sockets in that state"},
      {"sockstat", 1, 1, ArgKind::sockstat, "a /proc/net/sockstat figure (TCP.tw, TCP.orphan)"},
      {"sysctl", 1, 1, ArgKind::key, "live value"},
      {"top_peer", 1, 1, ArgKind::state, "remote addr:port whose busiest source address holds the most ports in that state"},
      {"top_peer_count", 1, 1, ArgKind::state, "sockets in that state towards top_peer, from every source address (0 if none)"},
      {"top_peer_share", 1, 1, ArgKind::state, "top_peer's busiest source address's sockets in that state / usable local ports (0..1)"},
      {"top_peer_source", 1, 1, ArgKind::state, "that busiest source (local) address"},
      {"top_peer_source_count", 1, 1, ArgKind::state, "sockets in that state from top_peer_source towards top_peer"},
      {"top_peer_sources", 1, 1, ArgKind::state, "number of source addresses with sockets in that state towards top_peer"},
      {"top_source", 0, 0, ArgKind::none, "local address holding the most distinct local ports (connect side, every state)"},
      {"top_source_ports", 0, 0, ArgKind::none, "distinct local ports top_source holds: what bind(addr, 0) draws from"},
      {"top_source_share", 0, 0, ArgKind::none, "top_source_ports / usable local ports (0..1)"},
      {"top_source_destinations", 0, 0, ArgKind::none, "remote addr:port groups top_source holds ports towards"},
      {"top_source_bind_parity_share", 0, 0, ArgKind::none, "of top_source_ports, the share of the parity bind() picks first (near 0: taken by connect(); 0.5 or more: by bind() first)"},
      {"top_source_max_destination_share", 0, 0, ArgKind::none, "top_source's sockets towards its busiest destination / usable local ports (0..1)"},
      {"outgoing", 1, 1, ArgKind::state, "sockets in that state on a local port from ip_local_port_range (this host connected)"},
      {"incoming", 1, 1, ArgKind::state, "sockets in that state on other local ports (accepted, listening)"},
      {"listeners", 0, 0, ArgKind::none, "number of listening sockets"},
      {"listener_backlogs_known", 0, 0, ArgKind::none, "whether the census knows listener backlogs (netlink: yes; /proc/net/tcp: no)"},
      {"full_listener", 0, 0, ArgKind::none, "addr:port of the fullest listener (accept queue / backlog)"},
      {"full_listener_queue", 0, 0, ArgKind::none, "its accept queue now (ss -ltn Recv-Q)"},
      {"full_listener_backlog", 0, 0, ArgKind::none, "its backlog, min(listen() argument, somaxconn) (Send-Q; netlink only)"},
      {"full_listener_syn_recv", 0, 0, ArgKind::none, "handshakes in progress towards it"},
      {"full_listener_owner", 0, 0, ArgKind::none, "\"nginx (pid 812)\" holding it, or \"an unknown process\""},
      {"close_wait_local", 0, 0, ArgKind::none, "local addr:port of the largest CLOSE_WAIT group (ADDR:* on the connect side)"},
      {"close_wait_count", 0, 0, ArgKind::none, "CLOSE_WAIT sockets in that group"},
      {"close_wait_owner", 0, 0, ArgKind::none, "\"python3 (pid 812)\" holding them, or \"an unknown process\""},
      {"usable_ports", 0, 0, ArgKind::none, "ip_local_port_range less reserved ports"},
      {"value", 1, 1, ArgKind::key, "live value, else configured, else catalog default"},
  };
  return kFunctions;
}

const FunctionSpec* find_function(std::string_view name) {
  for (const auto& f : functions())
    if (name == f.name) return &f;
  return nullptr;
}

std::vector<std::string> function_names() {
  std::vector<std::string> out;
  for (const auto& f : functions()) out.push_back(f.name);
  return out;
}

const std::vector<std::string>& socket_states() {
  static const std::vector<std::string> kStates = {"established", "syn-sent", "syn-recv", "fin-wait-1",
                                                   "fin-wait-2",  "time-wait", "close",   "close-wait",
                                                   "last-ack",    "listen",    "closing"};
  return kStates;
}

}  // namespace sa::engine
