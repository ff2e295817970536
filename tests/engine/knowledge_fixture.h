// Builds catalog, profiles and rules from text, as the loader would from files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "advisor/engine/engine.h"

namespace fixture {

inline const char* kKeys = R"TOML(
[[key]]
name = "net.ipv4.tcp_tw_reuse"
summary = "reuse TIME_WAIT ports for connect()"
type = "enum"
min = 0
max = 2
values = { "0" = "off", "1" = "on", "2" = "loopback only" }
defaults = [ { value = "0" }, { value = "2", since = "4.18" } ]
added = "2.6.0"

[[key]]
name = "net.ipv4.tcp_fin_timeout"
summary = "FIN_WAIT_2 of orphans"
type = "int"
min = 1
defaults = [ { value = "60" } ]
added = "0"

[[key]]
name = "net.ipv4.tcp_tw_recycle"
summary = "gone"
type = "bool"
defaults = [ { value = "0" } ]
added = "2.4"
removed = "4.12"

[[key]]
name = "net.ipv4.ip_local_port_range"
summary = "ports"
type = "range"
min = 1
max = 65535
defaults = [ { value = "32768 61000" }, { value = "32768 60999", since = "4.2" } ]
added = "0"

[[key]]
name = "net.ipv4.ip_local_reserved_ports"
summary = "reserved"
type = "port-list"
defaults = [ { value = "" } ]
)TOML";

inline const char* kGeneric = R"TOML(
description = "role unknown"
[traits]
opens_upstream_connections = false
closes_first = false
new_connections_per_second = 100
)TOML";

inline const char* kProxy = R"TOML(
description = "opens upstream connections"
[traits]
opens_upstream_connections = true
closes_first = true
[inference]
priority = 10
condition = 'counter("Tcp.ActiveOpens") > counter("Tcp.PassiveOpens") and top_peer_count("time-wait") > 1000'
evidence = 'ActiveOpens {counter("Tcp.ActiveOpens")} vs PassiveOpens {counter("Tcp.PassiveOpens")}, {sockets("time-wait")} TIME_WAIT towards {peers("time-wait")} upstream(s)'
)TOML";

inline sa::engine::Catalog catalog() {
  auto c = sa::engine::parse_catalog(kKeys, "rules/keys.toml");
  return c.value;
}

inline sa::engine::ProfileSet profiles() {
  return sa::engine::parse_profiles({{"profiles/generic.toml", kGeneric}, {"profiles/proxy.toml", kProxy}}).value;
}

inline sa::engine::Loaded<sa::engine::RuleSet> rules(const std::string& text) {
  static sa::engine::Catalog c = catalog();
  static sa::engine::ProfileSet p = profiles();
  return sa::engine::parse_rules({{"rules/test.toml", text}}, p, c);
}

inline std::vector<std::string> messages(const std::vector<sa::Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(sa::format_diagnostic(d));
  return out;
}

}  // namespace fixture
