#include "advisor/engine/functions.h"

namespace sa::engine {

const std::vector<FunctionSpec>& functions() {
  static const std::vector<FunctionSpec> kFunctions = {
      {"abs", 1, 1, ArgKind::none, "absolute value of a number (a negative tcp_ehash_entries in a child namespace)"},
      {"capped_listeners", 0, 0, ArgKind::none, "listeners whose backlog equals net.core.somaxconn (capped by it)"},
      {"configured", 1, 1, ArgKind::key, "effective configured value; unknown when not configured"},
      {"counter", 1, 1, ArgKind::counter, "counter since boot (TcpExt.ListenOverflows, Tcp.ActiveOpens)"},
      {"default", 1, 1, ArgKind::key, "catalog default for the kernel"},
      {"dest_share", 0, 0, ArgKind::none, "top_dest_count()'s share of the usable local ports"},
      {"exists", 1, 1, ArgKind::key, "key exists on the live kernel (offline: per the catalog)"},
      {"field", 2, 2, ArgKind::key, "nth (0-based) whitespace-separated number of value(key)"},
      {"full_listener", 0, 0, ArgKind::none, "local addr:port of the listener with the fullest accept queue (queue > backlog)"},
      {"full_listener_backlog", 0, 0, ArgKind::none, "that listener's backlog (listen() argument capped by somaxconn)"},
      {"full_listener_queue", 0, 0, ArgKind::none, "that listener's accept queue"},
      {"is_configured", 1, 1, ArgKind::key, "whether a configuration file sets the key"},
      {"is_loopback", 1, 1, ArgKind::none, "whether an addr:port (top_peer) is on 127.0.0.0/8 or ::1"},
      {"listener_time_wait", 0, 0, ArgKind::none, "TIME_WAIT sockets on a listening port (accepted connections this host closed first)"},
      {"max", 2, 2, ArgKind::none, "the larger of two numbers"},
      {"min", 2, 2, ArgKind::none, "the smaller of two numbers"},
      {"orphaned", 1, 1, ArgKind::state, "sockets in that state no process holds (closed by the application)"},
      {"peers", 1, 1, ArgKind::state, "number of distinct remote addr:port groups in that state"},
      {"percent", 1, 1, ArgKind::none, "formats a 0..1 share as 87.4%"},
      {"port_high", 0, 0, ArgKind::none, "high end of ip_local_port_range"},
      {"port_low", 0, 0, ArgKind::none, "low end of ip_local_port_range"},
      {"rate", 1, 1, ArgKind::counter, "per second over --sample"},
      {"sockets", 1, 1, ArgKind::state, "census count of sockets in that state"},
      {"sockstat", 1, 1, ArgKind::sockstat, "a /proc/net/sockstat figure (TCP.tw, TCP.orphan)"},
      {"syn_recv_count", 0, 0, ArgKind::none, "SYN_RECV sockets of syn_recv_listener()"},
      {"syn_recv_listener", 0, 0, ArgKind::none, "local addr:port of the listener holding the most SYN_RECV sockets"},
      {"sysctl", 1, 1, ArgKind::key, "live value"},
      {"top_dest", 0, 0, ArgKind::none, "remote addr:port holding the most local ports, every state summed"},
      {"top_dest_count", 0, 0, ArgKind::none, "sockets of every state towards top_dest() (0 if none)"},
      {"top_dest_in", 1, 1, ArgKind::state, "sockets in that state towards top_dest()"},
      {"top_peer", 1, 1, ArgKind::state, "remote addr:port of the largest group in that state"},
      {"top_peer_count", 1, 1, ArgKind::state, "sockets in the largest group in that state (0 if none)"},
      {"top_peer_share", 1, 1, ArgKind::state, "that group's share of the usable local ports (0 if none)"},
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
