// read_host: the one entry point that turns a host (or a copy of one under --root) into facts.
#include "advisor/live/host_state.h"

#include "advisor/core/clock.h"
#include "advisor/core/diagnostic_limit.h"
#include "advisor/core/safe_open.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <thread>

#include "advisor/core/sysctl_key.h"
#include "advisor/live/census.h"
#include "advisor/live/conntrack_stat.h"
#include "advisor/live/port_range.h"
#include "advisor/live/proc_counters.h"
#include "advisor/live/sysctl_reader.h"

namespace sa::live {

const SysctlValue* HostState::value(std::string_view key) const {
  auto it = sysctl.find(std::string(key));
  return it == sysctl.end() ? nullptr : &it->second;
}

std::optional<std::string> HostState::read_value(std::string_view key) const {
  const SysctlValue* v = value(key);
  if (!v || v->status != SysctlValue::Status::ok) return std::nullopt;
  return v->value;
}

std::optional<int64_t> HostState::read_integer(std::string_view key) const {
  const SysctlValue* v = value(key);
  if (!v || v->status != SysctlValue::Status::ok) return std::nullopt;
  return kernel_integer(v->value);
}

namespace {


// Whole small file, found inside the root, regular, at most kMaxProcFileBytes; false with errno
// kept when it cannot be opened, or errno 0 and `why` when it is refused (a FIFO, a device).
bool slurp(const std::filesystem::path& root, const std::filesystem::path& path, std::string& out, std::string* why = nullptr) {
  int fd = open_under(root, path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return false;
  ReadResult r = read_regular_fd(fd, kMaxProcFileBytes, out);
  ::close(fd);
  if (!r.ok) {
    errno = r.err;
    if (why) *why = r.why;
    return false;
  }
  return true;
}

Diagnostic unreadable_file(const std::filesystem::path& path, int err, const std::string& what, const std::string& why = "") {
  Diagnostic d;
  d.severity = err == ENOENT ? Severity::warning : Severity::error;
  d.code = err == ENOENT ? diag::kProcFileMissing : diag::kProcFileUnreadable;
  d.where = {path.string(), 0, 0};
  d.message = (err ? std::string(std::strerror(err)) : why) + "; " + what + " unknown";
  return d;
}

void read_counters(const std::filesystem::path& root, std::map<std::string, int64_t>& out, std::vector<Diagnostic>& diags) {
  for (const char* file : {"/proc/net/netstat", "/proc/net/snmp"}) {
    std::filesystem::path path = under_root(root, file);
    std::string text;
    std::string why;
    if (!slurp(root, path, text, &why)) {
      diags.push_back(unreadable_file(path, errno, std::string("the counters of ") + file + " are", why));
      continue;
    }
    parse_counter_pairs(text, path.string(), out, diags);
  }
}

void read_sockstat(const std::filesystem::path& root, HostState& host) {
  for (const char* file : {"/proc/net/sockstat", "/proc/net/sockstat6"}) {
    std::filesystem::path path = under_root(root, file);
    std::string text;
    std::string why;
    if (!slurp(root, path, text, &why)) {
      // No sockstat6 without IPv6: not worth a warning.
      if (errno != ENOENT || std::strcmp(file, "/proc/net/sockstat") == 0)
        host.diagnostics.push_back(unreadable_file(path, errno, "socket totals are", why));
      continue;
    }
    parse_sockstat(text, path.string(), host.sockstat, host.diagnostics);
  }
}

// /proc/net/stat/nf_conntrack summed per column; nullopt (with a diagnostic) when it cannot be read.
// Called only when nf_conntrack is loaded, so a missing file is worth saying
// (CONFIG_NF_CONNTRACK_PROCFS off).
std::optional<ConntrackStat> read_conntrack_stat(const std::filesystem::path& root, std::vector<Diagnostic>& diags) {
  std::filesystem::path path = under_root(root, "/proc/net/stat/nf_conntrack");
  std::string text;
  std::string why;
  if (!slurp(root, path, text, &why)) {
    diags.push_back(unreadable_file(path, errno, "the conntrack drop, early_drop and insert_failed counters are", why));
    return std::nullopt;
  }
  ConntrackStat stat;
  if (!parse_conntrack_stat(text, path.string(), stat, diags)) return std::nullopt;
  return stat;
}

bool conntrack_loaded(const HostState& host) {
  const SysctlValue* v = host.value("net.netfilter.nf_conntrack_count");
  return v && v->status != SysctlValue::Status::absent;
}

// The (last) read of /proc/net/stat/nf_conntrack into host.conntrack, when nf_conntrack is loaded;
// with `before` (the read at the start of --sample), also how much each counter rose. A counter
// that went down (module reloaded) gets no increase.
void read_conntrack(const std::filesystem::path& root, const ConntrackStat* before, HostState& host) {
  if (!host.conntrack->loaded) return;
  auto stat = read_conntrack_stat(root, host.diagnostics);
  if (!stat) return;
  host.conntrack->stat = stat->totals;
  host.conntrack->cpus = stat->cpus;
  if (!before) return;
  host.conntrack->increase.emplace();
  for (const auto& [name, after] : stat->totals) {
    auto it = before->totals.find(name);
    if (it != before->totals.end() && after >= it->second) (*host.conntrack->increase)[name] = after - it->second;
  }
}

std::optional<PortRange> local_port_range(const HostState& host) {
  auto v = host.read_value("net.ipv4.ip_local_port_range");
  if (!v) return std::nullopt;
  return parse_port_range(*v);
}

Diagnostic bad_value(const std::filesystem::path& root, const char* key, const std::string& value, const char* expected,
                     const char* consequence) {
  Diagnostic d;
  d.code = diag::kSysctlBadValue;
  d.where = {proc_sys_path(root, key).value_or(key).string(), 1, 1};
  d.message = std::string(key) + ": expected " + expected + ", found \"" + quoted_excerpt(value) + "\"; " + consequence;
  d.source_line = source_excerpt(value);
  return d;
}

uint64_t usable_ports(const std::filesystem::path& root, HostState& host, const std::optional<PortRange>& range) {
  const SysctlValue* r = host.value("net.ipv4.ip_local_port_range");
  if (!range) {
    if (r && r->status == SysctlValue::Status::ok)
      host.diagnostics.push_back(bad_value(root, "net.ipv4.ip_local_port_range", r->value, "two ports \"LOW HIGH\"",
                                           "usable local ports unknown"));
    return 0;
  }
  std::vector<PortRange> reserved;
  const SysctlValue* v = host.value("net.ipv4.ip_local_reserved_ports");
  if (v && v->status == SysctlValue::Status::ok) {
    if (auto parsed = parse_reserved_ports(v->value)) {
      reserved = std::move(*parsed);
    } else {
      host.diagnostics.push_back(bad_value(root, "net.ipv4.ip_local_reserved_ports", v->value,
                                           "comma-separated ports and ranges like \"8080,9000-9100\"",
                                           "no reserved ports subtracted"));
    }
  }
  return usable_local_ports(*range, reserved);
}

// Socket owners, before the census so that it can fold them into its groups as it counts. Only on
// the live host: under --root the /proc of the copy describes other processes than its sockets.
std::string read_owners(const ReadOptions& options, InodeOwners& owners) {
  if (!options.processes) return "unknown: not asked for";
  if (!is_live_root(options.root)) return "unknown: read under --root";
  bool complete = true;
  std::string error;
  if (!read_inode_owners("/proc", owners, &complete, &error)) return "unknown: " + error;
  return complete ? "attributed" : "partly: some processes' /proc/PID/fd could not be read (run as root)";
}

void take_census(const ReadOptions& options, HostState& host) {
  const std::optional<PortRange> range = local_port_range(host);
  InodeOwners owners;
  const std::string processes = read_owners(options, owners);
  const InodeOwners* known_owners = processes.rfind("unknown", 0) == 0 ? nullptr : &owners;
  bool try_netlink = options.census == CensusSource::netlink ||
                     (options.census == CensusSource::automatic && is_live_root(options.root));
  if (try_netlink) {
    CensusTally tally(range, known_owners);
    std::string error;
    if (census_from_netlink(tally, &error)) {
      host.sockets = tally.finish("netlink", host.usable_local_ports, options.max_peers);
      host.sockets.processes = processes;
      return;
    }
    Diagnostic d;
    d.severity = Severity::notice;
    d.code = diag::kNetlinkRefused;
    d.where = {"netlink sock_diag", 0, 0};
    d.message = error + "; counting sockets from /proc/net/tcp and tcp6 instead";
    host.diagnostics.push_back(d);
    if (options.census == CensusSource::netlink) return;  // forced: no silent fallback
  }
  CensusTally tally(range, known_owners);
  if (census_from_proc(options.root, tally, host.diagnostics)) {
    host.sockets = tally.finish("proc", host.usable_local_ports, options.max_peers);
    host.sockets.processes = processes;
  } else {
    host.diagnostics.push_back(unreadable_file(under_root(options.root, "/proc/net/tcp"), errno, "the socket census is"));
  }
}

// With --sample on the live host: every listener's accept queue, polled while the sample runs
// (LISTEN-only sock_diag dumps walk only the listening hash, a record per listener), so that the
// plan names the fullest listener of the sample and not only the one at its end. Keyed by
// "addr:port"; stops quietly when netlink is refused (the single read still stands).
void poll_listener_peaks(std::chrono::steady_clock::time_point until, std::map<std::string, uint64_t>& peaks) {
  using namespace std::chrono_literals;
  for (;;) {
    CensusTally tally;
    std::string error;
    if (!census_from_netlink(tally, &error, true, 1u << kTcpListen)) return;
    for (const Listener& l : tally.finish("netlink", 0, 0).listeners) {
      uint64_t& peak = peaks[l.local];
      peak = std::max(peak, l.queue);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(50ms, until - now));
  }
}


}  // namespace

std::optional<bool> in_initial_netns(const std::filesystem::path& root) {
  if (!is_live_root(root)) return std::nullopt;
  // Without a PID namespace, PID 1 is the boot's init and lives in the initial network namespace
  // (in a container with its own PID namespace both are the container's: nullopt is not claimed,
  // the answer is then "same as init", which is what its boot files configure).
  struct stat self {}, init {};
  if (::stat("/proc/self/ns/net", &self) == 0 && ::stat("/proc/1/ns/net", &init) == 0)
    return self.st_ino == init.st_ino && self.st_dev == init.st_dev;
  // /proc/1/ns is refused without ptrace rights (containers): the global net.core table
  // (net_core_table, netdev_max_backlog among it) is registered for the initial namespace only.
  struct stat global {};
  if (::stat("/proc/sys/net/core/netdev_max_backlog", &global) == 0) return true;
  if (errno == ENOENT && ::stat("/proc/sys/net/core/somaxconn", &global) == 0) return false;
  return std::nullopt;
}

HostState read_host(const ReadOptions& options) {
  HostState host;
  host.root = options.root.empty() ? "/" : options.root.string();
  host.taken_at = utc_iso8601_seconds();
  std::map<std::string, int64_t> first;
  std::optional<ConntrackStat> conntrack_first;
  const auto started = std::chrono::steady_clock::now();
  if (options.sample_seconds > 0) {
    read_counters(options.root, first, host.diagnostics);
    std::vector<Diagnostic> quiet;  // the read after the sample reports the same problems
    conntrack_first = read_conntrack_stat(options.root, quiet);
  }

  read_sysctl_set(options.root, options.keys, host.sysctl);
  host.kernel = host.read_value("kernel.osrelease").value_or("");
  host.hostname = host.read_value("kernel.hostname").value_or("");
  host.usable_local_ports = usable_ports(options.root, host, local_port_range(host));
  take_census(options, host);
  read_sockstat(options.root, host);
  host.initial_netns = in_initial_netns(options.root);
  host.conntrack.emplace();
  host.conntrack->loaded = conntrack_loaded(host);
  // proc_tcp_ehash_entries() prints the size negated in a namespace that shares the initial one's
  // hash table: that alone says "not the initial namespace", under any root.
  if (const SysctlValue* v = host.value("net.ipv4.tcp_ehash_entries");
      !host.initial_netns && v && v->status == SysctlValue::Status::ok && !v->value.empty() && v->value[0] == '-')
    host.initial_netns = false;

  if (options.sample_seconds > 0) {
    auto until = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(options.sample_seconds));
    if (host.sockets.source == "netlink") {
      std::map<std::string, uint64_t> peaks;
      poll_listener_peaks(until, peaks);
      for (Listener& l : host.sockets.listeners) {
        auto it = peaks.find(l.local);
        l.peak_queue = std::max(l.queue, it == peaks.end() ? 0 : it->second);
      }
      sort_listeners(host.sockets.listeners);
    }
    std::this_thread::sleep_until(until);
    std::vector<Diagnostic> again;  // the second read repeats the first one's complaints
    read_counters(options.root, host.counters, again);
    read_conntrack(options.root, conntrack_first ? &*conntrack_first : nullptr, host);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    host.sample_seconds = elapsed;
    host.rates.emplace();
    for (const auto& [name, before] : first) {
      auto it = host.counters.find(name);
      if (it == host.counters.end() || is_gauge(name) || it->second < before) continue;  // reset: no rate
      (*host.rates)[name] = static_cast<double>(it->second - before) / elapsed;
    }
  } else {
    read_counters(options.root, host.counters, host.diagnostics);
    read_conntrack(options.root, nullptr, host);
  }
  return host;
}

}  // namespace sa::live
