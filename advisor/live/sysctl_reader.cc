#include "advisor/live/sysctl_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "advisor/core/safe_open.h"
#include "advisor/core/sysctl_key.h"

namespace sa::live {

const std::vector<std::string> kDefaultSysctlDirs = {"net.ipv4", "net.core", "net.ipv6"};
const std::vector<std::string> kDefaultSysctlKeys = {
    "kernel.osrelease",
    "kernel.hostname",
    "net.ipv4.tcp_tw_recycle",     // removed in 4.12: its absence is the fact
    "net.ipv4.tcp_tw_reuse_delay", // added in 6.14
    "net.ipv6.conf.all.disable_ipv6",
    "net.ipv6.conf.default.disable_ipv6",
    "net.ipv6.conf.all.forwarding",
    "net.ipv4.conf.all.forwarding",
    "net.ipv4.conf.all.rp_filter",
    // conntrack (docs/conntrack.md): absent when nf_conntrack is not loaded, which is the fact
    "net.netfilter.nf_conntrack_max",
    "net.netfilter.nf_conntrack_count",
    "net.netfilter.nf_conntrack_buckets",
    "net.netfilter.nf_conntrack_tcp_timeout_established",
    "net.netfilter.nf_conntrack_tcp_timeout_time_wait",
    "net.netfilter.nf_conntrack_tcp_timeout_close_wait",
    "net.netfilter.nf_conntrack_tcp_timeout_fin_wait",
    "fs.file-max",
    "fs.nr_open",
};

namespace {

// Reads a small file whole with plain syscalls: /proc/sys values are a few bytes, and an
// ifstream per key costs more than the read itself when there are hundreds of keys. `fd` was
// opened O_NONBLOCK; a FIFO, a device or a file over the cap is unreadable, never waited on.
SysctlValue read_fd(int fd) {
  SysctlValue v;
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      v.status = SysctlValue::Status::absent;
    } else {
      v.status = SysctlValue::Status::unreadable;
      v.value = errno == EXDEV ? "outside the --root tree: not read" : std::strerror(errno);
    }
    return v;
  }
  std::string text;
  ReadResult r = read_regular_fd(fd, kMaxProcFileBytes, text);
  ::close(fd);
  if (!r.ok) {
    v.status = SysctlValue::Status::unreadable;
    v.value = r.why;
    return v;
  }
  v.value = fold_whitespace(text);
  return v;
}

// An entry of a folder already opened inside the root: never through a symlink (/proc/sys has
// none; one in a --root tree would lead anywhere).
SysctlValue read_at(int dirfd, const char* name) {
  return read_fd(::openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
}

// "net.ipv4" -> root/proc/sys/net/ipv4, and a file name back to its dotted key: a '.' inside a
// file name (an interface "eth0.100") becomes '/' in dotted form (sysctl.d(5)).
std::string dotted_child(const std::string& dir, const char* name) {
  std::string key = dir + ".";
  for (const char* p = name; *p; ++p) key += (*p == '.') ? '/' : *p;
  return key;
}

void read_dir(const std::filesystem::path& root, const std::string& dotted_dir, std::map<std::string, SysctlValue>& out) {
  auto path = proc_sys_path(root, dotted_dir);
  if (!path) return;
  // The folder is found inside the root (a link net/core -> /etc in a tree means TREE/etc).
  int fd = open_under(root, *path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    return;
  }
  const int dfd = ::dirfd(dir);
  while (struct dirent* e = ::readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_LNK) continue;  // no sysctl is a symlink
    if (e->d_type == DT_UNKNOWN) {
      struct stat st;
      if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(st.st_mode)) continue;
      is_dir = S_ISDIR(st.st_mode);
    }
    if (is_dir) continue;
    SysctlValue v = read_at(dfd, e->d_name);
    if (v.status == SysctlValue::Status::unreadable && v.value == std::strerror(EACCES)) {
      struct stat st;
      if (::fstatat(dfd, e->d_name, &st, 0) == 0 && (st.st_mode & 0444) == 0) continue;  // write-only
    }
    out[dotted_child(dotted_dir, e->d_name)] = std::move(v);
  }
  ::closedir(dir);
}

}  // namespace

SysctlValue read_sysctl(const std::filesystem::path& root, std::string_view dotted) {
  auto path = proc_sys_path(root, dotted);
  if (!path) {
    SysctlValue v;
    v.status = SysctlValue::Status::unreadable;
    v.value = "not a valid sysctl key name";
    return v;
  }
  return read_fd(open_under(root, *path, O_RDONLY | O_NONBLOCK));
}

void read_sysctl_set(const std::filesystem::path& root, const std::vector<std::string>& extra,
                     std::map<std::string, SysctlValue>& out) {
  for (const auto& dir : kDefaultSysctlDirs) read_dir(root, dir, out);
  for (const auto* list : {&kDefaultSysctlKeys, &extra}) {
    for (const auto& key : *list) {
      if (out.count(key)) continue;
      out[key] = read_sysctl(root, key);
    }
  }
}

}  // namespace sa::live
