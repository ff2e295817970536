#include "advisor/report/snapshot_report.h"

#include "advisor/core/printable.h"

#include <optional>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "advisor/core/text.h"

namespace sa::report {
namespace {

// What an operator looks at first; the JSON has everything else.
constexpr std::string_view kHeadlineKeys[] = {
    "net.ipv4.tcp_syncookies",     "net.ipv4.tcp_tw_reuse",         "net.ipv4.tcp_tw_recycle",
    "net.ipv4.tcp_fin_timeout",    "net.ipv4.tcp_timestamps",       "net.ipv4.tcp_max_tw_buckets",
    "net.ipv4.ip_local_port_range", "net.ipv4.ip_local_reserved_ports", "net.core.somaxconn",
    "net.ipv4.tcp_max_syn_backlog", "net.ipv4.tcp_keepalive_time",   "net.ipv4.tcp_max_orphans",
    "net.ipv4.tcp_fastopen",
};

constexpr std::string_view kHeadlineCounters[] = {
    "TcpExt.ListenOverflows", "TcpExt.ListenDrops",    "TcpExt.SyncookiesSent",       "TcpExt.SyncookiesRecv",
    "TcpExt.SyncookiesFailed", "TcpExt.TW",            "TcpExt.TWRecycled",           "TcpExt.TCPTimeWaitOverflow",
    "TcpExt.PAWSActive",      "TcpExt.PAWSEstab",      "TcpExt.TCPReqQFullDoCookies", "TcpExt.TCPReqQFullDrop",
    "TcpExt.TCPAbortOnMemory", "Tcp.ActiveOpens",      "Tcp.PassiveOpens",            "Tcp.CurrEstab",
    "Tcp.AttemptFails",       "Tcp.EstabResets",       "Tcp.RetransSegs",
};

// The order `ss` users expect; states that are zero are left out of the summary line.
constexpr std::string_view kStateOrder[] = {"established", "time-wait", "close-wait", "fin-wait-1", "fin-wait-2",
                                            "syn-sent",    "syn-recv",  "last-ack",   "closing",    "listen",
                                            "closed",      "unknown"};

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}
std::string lpad(const std::string& s, size_t width) { return s.size() < width ? std::string(width - s.size(), ' ') + s : s; }

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void sockets_section(const live::HostState& host, std::ostream& out) {
  const auto& s = host.sockets;
  if (!s.known) {
    out << "Sockets: unknown (neither netlink nor /proc/net/tcp could be read)\n";
    return;
  }
  out << "Sockets (from " << (s.source == "netlink" ? "netlink sock_diag" : "/proc/net/tcp and tcp6") << "):";
  bool any = false;
  for (std::string_view name : kStateOrder) {
    auto it = s.states.find(std::string(name));
    if (it == s.states.end() || it->second == 0) continue;
    out << (any ? ", " : " ") << thousands(static_cast<long long>(it->second)) << " " << name;
    any = true;
  }
  out << (any ? "\n" : " none\n");
}

void ports_section(const live::HostState& host, std::ostream& out) {
  const live::SysctlValue* range = host.value("net.ipv4.ip_local_port_range");
  const live::SysctlValue* reserved = host.value("net.ipv4.ip_local_reserved_ports");
  out << "Local ports for connect(): ";
  if (host.usable_local_ports == 0) {
    out << "unknown (net.ipv4.ip_local_port_range not readable)\n";
  } else {
    out << thousands(static_cast<long long>(host.usable_local_ports)) << " (ip_local_port_range "
        << (range ? range->value : "?") << ", reserved "
        << (reserved && reserved->status == live::SysctlValue::Status::ok && !reserved->value.empty() ? reserved->value
                                                                                                        : "none")
        << ")\n";
  }
  const auto& peers = host.sockets.peers;
  if (peers.empty()) return;
  out << "Busiest destinations (sockets on a local port from that range, per remote address:port):\n";
  out << "  " << pad("STATE", 12) << pad("REMOTE", 42) << lpad("SOCKETS", 9) << lpad("OF PORTS", 10) << "\n";
  const size_t shown = std::min<size_t>(peers.size(), 10);
  for (size_t i = 0; i < shown; ++i) {
    const auto& p = peers[i];
    std::string share = host.usable_local_ports ? fixed(p.port_share * 100.0, 1) + "%" : "?";
    out << "  " << pad(p.state, 12) << pad(p.remote, 42) << lpad(thousands(static_cast<long long>(p.count)), 9)
        << lpad(share, 10) << "\n";
  }
  uint64_t more = host.sockets.peer_groups > shown ? host.sockets.peer_groups - shown : 0;
  if (more) out << "  ... and " << thousands(static_cast<long long>(more)) << " smaller groups (all in --format json, up to its limit)\n";
}

void counters_section(const live::HostState& host, std::ostream& out) {
  if (host.counters.empty()) {
    out << "Counters: unknown (/proc/net/netstat and snmp not readable)\n";
    return;
  }
  out << "Counters (since boot";
  if (host.rates) out << "; per second over " << fixed(host.sample_seconds, 1) << " s";
  else out << "; rates unknown: use --sample SECONDS";
  out << "):\n";
  for (std::string_view name : kHeadlineCounters) {
    auto it = host.counters.find(std::string(name));
    std::string value = it == host.counters.end() ? "absent" : thousands(it->second);
    out << "  " << pad(std::string(name), 30) << lpad(value, 16);
    if (host.rates) {
      auto r = host.rates->find(std::string(name));
      if (r != host.rates->end()) out << lpad(fixed(r->second, 2) + "/s", 14);
    }
    out << "\n";
  }
}

// One paragraph: the table against its limit, the TCP timeouts, the counters that mean drops.
void conntrack_section(const live::HostState& host, std::ostream& out) {
  auto ok = [&](const char* key) { return host.read_value(key).value_or(""); };
  if (!host.conntrack || !host.conntrack->loaded) {
    out << "Conntrack: " << (host.conntrack ? "not loaded (no /proc/sys/net/netfilter)" : "not recorded") << "\n";
    return;
  }
  out << "Conntrack (this namespace's table; the limit is the machine's): ";
  // Values from a snapshot or a --root tree may be anything: numbers are parsed, never assumed.
  const auto n = host.read_integer("net.netfilter.nf_conntrack_count");
  const auto m = host.read_integer("net.netfilter.nf_conntrack_max");
  const auto buckets = host.read_integer("net.netfilter.nf_conntrack_buckets");
  if (!n || !m) {
    out << "count or limit unreadable\n";
  } else {
    out << thousands(*n) << " of " << thousands(*m) << " entries";
    if (*m > 0) out << " (" << fixed(100.0 * static_cast<double>(*n) / static_cast<double>(*m), 1) << "%)";
    out << ", " << (buckets ? thousands(*buckets) : std::string("?")) << " buckets\n";
  }
  // A --root copy of another host may hold anything in these files: escaped for the terminal, and
  // "?" for one not read rather than an empty gap before "s".
  auto timeout = [&](const char* state) {
    const std::string v = ok(("net.netfilter.nf_conntrack_tcp_timeout_" + std::string(state)).c_str());
    return v.empty() ? std::string("?") : printable_line(v);
  };
  out << "  TCP timeouts: established " << timeout("established") << " s, time_wait " << timeout("time_wait")
      << " s, close_wait " << timeout("close_wait") << " s\n";
  const auto& ct = *host.conntrack;
  if (!ct.stat) {
    out << "  /proc/net/stat/nf_conntrack: not read (see the diagnostics)\n";
    return;
  }
  out << "  since boot (" << ct.cpus << " CPU rows):";
  for (const char* c : {"drop", "early_drop", "insert_failed"}) {
    auto it = ct.stat->find(c);
    out << " " << c << " " << (it == ct.stat->end() ? std::string("absent") : thousands(it->second));
    if (ct.increase && host.sample_seconds > 0) {
      auto inc = ct.increase->find(c);
      if (inc != ct.increase->end()) out << " (+" << thousands(inc->second) << " in " << fixed(host.sample_seconds, 1) << " s)";
    }
  }
  out << "\n";
}

void sysctl_section(const live::HostState& host, std::ostream& out) {
  size_t absent = 0, unreadable = 0;
  for (const auto& [key, v] : host.sysctl) {
    if (v.status == live::SysctlValue::Status::absent) ++absent;
    if (v.status == live::SysctlValue::Status::unreadable) ++unreadable;
  }
  out << "Settings (" << host.sysctl.size() << " keys read, " << absent << " absent on this kernel, " << unreadable
      << " unreadable):\n";
  for (std::string_view key : kHeadlineKeys) {
    const live::SysctlValue* v = host.value(key);
    std::string shown;
    if (!v) shown = "(not read)";
    else if (v->status == live::SysctlValue::Status::absent) shown = "(absent on this kernel)";
    else if (v->status == live::SysctlValue::Status::unreadable) shown = "(unreadable: " + printable_line(v->value) + ")";
    else shown = v->value.empty() ? "\"\"" : printable_line(v->value);  // a --root copy is outside input
    out << "  " << pad(std::string(key), 34) << " = " << shown << "\n";
  }
}

void sockstat_section(const live::HostState& host, std::ostream& out) {
  for (const char* proto : {"TCP", "TCP6"}) {
    auto it = host.sockstat.find(proto);
    if (it == host.sockstat.end()) continue;
    out << "sockstat " << proto << ":";
    for (const auto& [name, value] : it->second) out << " " << name << " " << thousands(value);
    out << "\n";
  }
}

void config_section(const nlohmann::json& config, std::ostream& out) {
  if (!config.is_object()) {
    out << "Configuration files: not recorded\n";
    return;
  }
  auto count = [&](const char* field) { return config.contains(field) && config[field].is_array() ? config[field].size() : 0; };
  out << "Configuration files: " << count("files") << " read";
  if (config.contains("loader") && config["loader"].is_string()) out << " (as " << config["loader"].get<std::string>() << " loads them)";
  out << ", " << count("keys") << " keys set";
  if (size_t d = count("diagnostics")) out << ", " << d << " problems (sysctl-advisor config)";
  out << "\n";
}

void diagnostics_section(const live::HostState& host, std::ostream& out) {
  if (host.diagnostics.empty()) return;
  out << "Problems reading the host:\n";
  for (const auto& d : host.diagnostics) {
    std::string text = format_diagnostic(d);
    std::string indented = "  ";
    for (char c : text) {
      indented += c;
      if (c == '\n') indented += "  ";
    }
    out << indented << "\n";
  }
}

}  // namespace

void render_snapshot_text(const live::HostState& host, const nlohmann::json& config, std::ostream& out) {
  out << "Snapshot of " << (host.hostname.empty() ? std::string("the host") : host.hostname);
  if (!host.root.empty() && host.root != "/") out << " under " << host.root;
  out << ", kernel " << (host.kernel.empty() ? "unknown" : host.kernel);
  if (!host.taken_at.empty()) out << ", taken " << host.taken_at;
  if (!host.netns_target.empty())
    out << "\nNetwork namespace: net:[" << host.netns_inode << "] (" << host.netns_target
        << "): values, counters and sockets are that namespace's; configuration files are the host's";
  out << "\n\n";
  sockets_section(host, out);
  ports_section(host, out);
  out << "\n";
  counters_section(host, out);
  out << "\n";
  conntrack_section(host, out);
  out << "\n";
  sysctl_section(host, out);
  out << "\n";
  sockstat_section(host, out);
  config_section(config, out);
  if (!host.diagnostics.empty()) out << "\n";
  diagnostics_section(host, out);
}

}  // namespace sa::report
