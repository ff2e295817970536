#include "advisor/report/prometheus.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <algorithm>
#include <sstream>
#include <tuple>

namespace sa::report {

namespace {

// Label values: backslash, double quote and newline escaped (exposition format).
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void family(std::ostringstream& out, const char* name, const char* help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n";
}

// Counters whose rates a listen-queue or SYN-flood alert needs (node_exporter's netstat collector
// exports the raw counters; the sampled rate is what the plan judged).
const char* const kRateCounters[] = {
    "TcpExt.ListenOverflows",  "TcpExt.ListenDrops",     "TcpExt.SyncookiesSent",
    "TcpExt.SyncookiesRecv",   "TcpExt.SyncookiesFailed", "TcpExt.TCPReqQFullDoCookies",
    "TcpExt.TCPReqQFullDrop",  "TcpExt.TCPTimeWaitOverflow",
};

}  // namespace

std::string plan_prometheus(const plan::Plan& plan) {
  std::ostringstream out;
  family(out, "sysctl_advisor_plan_info", "The profile and kernel the last plan was made for (value always 1).");
  out << "sysctl_advisor_plan_info{profile=\"" << label(plan.profile) << "\",kernel=\"" << label(plan.kernel) << "\"} 1\n";
  family(out, "sysctl_advisor_plan_pending_changes", "Keys the plan would change, all rules.");
  out << "sysctl_advisor_plan_pending_changes " << plan.changes.size() << "\n";
  family(out, "sysctl_advisor_plan_change", "One series per pending change, by rule, key and severity (value 1).");
  for (const auto& c : plan.changes)
    out << "sysctl_advisor_plan_change{rule=\"" << label(c.rule) << "\",key=\"" << label(c.key) << "\",severity=\""
        << to_string(c.severity) << "\"} 1\n";
  family(out, "sysctl_advisor_plan_findings", "Findings (advice no sysctl fixes), by rule and severity.");
  std::map<std::pair<std::string, std::string>, int> findings;
  for (const auto& f : plan.findings) ++findings[{f.rule, std::string(to_string(f.severity))}];
  for (const auto& [k, n] : findings)
    out << "sysctl_advisor_plan_findings{rule=\"" << label(k.first) << "\",severity=\"" << k.second << "\"} " << n << "\n";
  family(out, "sysctl_advisor_plan_not_evaluated_rules", "Rules that lacked a fact (rate() rules need --sample).");
  out << "sysctl_advisor_plan_not_evaluated_rules " << plan.not_evaluated.size() << "\n";
  return out.str();
}

std::string snapshot_prometheus(const live::HostState& host, size_t top_k) {
  std::ostringstream out;
  family(out, "sysctl_advisor_snapshot_info", "The kernel of the host the snapshot was taken on (value always 1).");
  out << "sysctl_advisor_snapshot_info{kernel=\"" << label(host.kernel) << "\",census=\""
      << label(host.sockets.known ? host.sockets.source : "unknown") << "\"} 1\n";
  if (host.sockets.known) {
    family(out, "sysctl_advisor_tcp_sockets", "TCP sockets (IPv4 and IPv6) by state as ss spells it.");
    for (const char* s : {"time-wait", "close-wait"})  // always present: alerts compare them
      if (!host.sockets.states.count(s)) out << "sysctl_advisor_tcp_sockets{state=\"" << s << "\"} 0\n";
    for (const auto& [state, n] : host.sockets.states)
      out << "sysctl_advisor_tcp_sockets{state=\"" << label(state) << "\"} " << n << "\n";
    family(out, "sysctl_advisor_destination_groups", "Destination groups (remote address:port, state) in the census.");
    out << "sysctl_advisor_destination_groups " << host.sockets.peer_groups << "\n";
    if (host.usable_local_ports > 0) {
      family(out, "sysctl_advisor_destination_port_share_ratio",
             "Share of the usable local ports held towards one destination, top destinations only.");
      size_t n = 0;
      for (const auto& p : host.sockets.peers) {
        if (n++ == top_k) break;
        out << "sysctl_advisor_destination_port_share_ratio{remote=\"" << label(p.remote) << "\",state=\""
            << label(p.state) << "\"} " << number(p.port_share) << "\n";
      }
    }
  }
  if (host.sockets.known && host.sockets.direction_known) {
    // Per source address: the kernel's own budget (__inet_hash_connect() keys a connect by local
    // address, remote address and port), so the series an alert on exhaustion watches.
    family(out, "sysctl_advisor_source_ports",
           "Distinct local ports from the range held by connect-side sockets of one source address, top source addresses only.");
    size_t n = 0;
    for (const auto& src : host.sockets.sources) {
      if (n++ == top_k) break;
      out << "sysctl_advisor_source_ports{local=\"" << label(src.local) << "\",family=\"" << label(src.family) << "\"} "
          << src.ports << "\n";
    }
    if (host.usable_local_ports > 0) {
      family(out, "sysctl_advisor_source_port_share_ratio",
             "Share of the usable local ports one source address holds, top source addresses only.");
      n = 0;
      for (const auto& src : host.sockets.sources) {
        if (n++ == top_k) break;
        out << "sysctl_advisor_source_port_share_ratio{local=\"" << label(src.local) << "\",family=\"" << label(src.family)
            << "\"} " << number(src.port_share) << "\n";
      }
    }
  }
  if (host.sockets.known && !host.sockets.listeners.empty()) {
    // Fullest listeners first (as the census sorts them): the accept queue against its backlog.
    family(out, "sysctl_advisor_listener_accept_queue",
           "Connections waiting for accept() on one listening socket (ss -ltn Recv-Q; the peak of the sample when sampled), fullest listeners only.");
    size_t n = 0;
    for (const auto& l : host.sockets.listeners) {
      if (n++ == top_k) break;
      out << "sysctl_advisor_listener_accept_queue{local=\"" << label(l.local) << "\"} " << l.fullest_queue() << "\n";
    }
    bool backlogs = std::any_of(host.sockets.listeners.begin(), host.sockets.listeners.end(),
                                [](const live::Listener& l) { return l.backlog.has_value(); });
    if (backlogs) {  // /proc/net/tcp has no backlog: no family rather than one without samples
      family(out, "sysctl_advisor_listener_backlog",
             "The accept queue's limit, min(listen() backlog, somaxconn) (ss -ltn Send-Q), fullest listeners only.");
      n = 0;
      for (const auto& l : host.sockets.listeners) {
        if (n++ == top_k) break;
        if (l.backlog) out << "sysctl_advisor_listener_backlog{local=\"" << label(l.local) << "\"} " << *l.backlog << "\n";
      }
    }
  }
  if (host.conntrack && host.conntrack->loaded) {
    // The namespace's own table against the machine's one limit (node_exporter's conntrack
    // collector reads only the namespace it runs in, so a container's table needs these).
    // Only a whole number is a sample: a --root copy's file is outside input, and "5 x" would
    // make node_exporter reject the whole textfile.
    if (auto n = host.read_integer("net.netfilter.nf_conntrack_count")) {
      family(out, "sysctl_advisor_conntrack_entries", "Connection tracking entries in the network namespace read (nf_conntrack_count).");
      out << "sysctl_advisor_conntrack_entries " << *n << "\n";
    }
    if (auto n = host.read_integer("net.netfilter.nf_conntrack_max")) {
      family(out, "sysctl_advisor_conntrack_entries_limit", "nf_conntrack_max: one limit for the machine, held against each namespace's count.");
      out << "sysctl_advisor_conntrack_entries_limit " << *n << "\n";
    }
    if (host.conntrack->stat) {
      family(out, "sysctl_advisor_conntrack_stat",
             "/proc/net/stat/nf_conntrack counters summed over the CPUs, since the module loaded (drop, early_drop, insert_failed).");
      for (const char* c : {"drop", "early_drop", "insert_failed"}) {
        auto it = host.conntrack->stat->find(c);
        if (it != host.conntrack->stat->end()) out << "sysctl_advisor_conntrack_stat{counter=\"" << c << "\"} " << it->second << "\n";
      }
    }
  }
  if (host.usable_local_ports > 0) {
    family(out, "sysctl_advisor_local_ports_usable", "ip_local_port_range less ip_local_reserved_ports.");
    out << "sysctl_advisor_local_ports_usable " << host.usable_local_ports << "\n";
  }
  if (host.rates) {
    family(out, "sysctl_advisor_tcp_counter_per_second",
           "Listen-queue and SYN-cookie counters per second over the snapshot's sample.");
    for (const char* c : kRateCounters) {
      auto it = host.rates->find(c);
      if (it != host.rates->end())
        out << "sysctl_advisor_tcp_counter_per_second{counter=\"" << c << "\"} " << number(it->second) << "\n";
    }
    family(out, "sysctl_advisor_sample_seconds", "How long the counters were sampled for the rates.");
    out << "sysctl_advisor_sample_seconds " << number(host.sample_seconds) << "\n";
  }
  return out.str();
}

std::string drift_prometheus(const apply::Drift& drift) {
  std::ostringstream out;
  family(out, "sysctl_advisor_drift_keys",
         "Configured or applied keys whose live value differs from what boot would set (lost_at_reboot) or from what the last apply wrote (changed_since_apply).");
  out << "sysctl_advisor_drift_keys{kind=\"lost_at_reboot\"} " << drift.lost_at_reboot << "\n";
  out << "sysctl_advisor_drift_keys{kind=\"changed_since_apply\"} " << drift.changed_since_apply << "\n";
  family(out, "sysctl_advisor_drift_key",
         "One series per drifted key (value always 1); written_by names a known other writer whose value is the live one.");
  for (const auto& k : drift.keys) {
    for (const auto& [kind, on] : {std::pair<const char*, bool>{"lost_at_reboot", k.lost_at_reboot},
                                   std::pair<const char*, bool>{"changed_since_apply", k.changed_since_apply}}) {
      if (!on) continue;
      out << "sysctl_advisor_drift_key{key=\"" << label(k.key) << "\",kind=\"" << kind << "\",written_by=\""
          << label(k.written_by) << "\"} 1\n";
    }
  }
  return out.str();
}

}  // namespace sa::report
