#include "advisor/live/sysctl_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
    "net.netfilter.nf_conntrack_max",
    "net.netfilter.nf_conntrack_count",
    "net.netfilter.nf_conntrack_tcp_timeout_time_wait",
    "fs.file-max",
    "fs.nr_open",
};

namespace {

// Reads a small file whole with plain syscalls: /proc/sys values are a few bytes, and an
// ifstream per key costs more than the read itself when there are hundreds of keys.
SysctlValue read_at(int dirfd, const char* name) {
  SysctlValue v;
  int fd = ::openat(dirfd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      v.status = SysctlValue::Status::absent;
    } else {
      v.status = SysctlValue::Status::unreadable;
      v.value = std::strerror(errno);
    }
    return v;
  }
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      v.status = SysctlValue::Status::unreadable;
      v.value = std::strerror(errno);
      ::close(fd);
      return v;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  v.value = fold_whitespace(text);
  return v;
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
  DIR* dir = ::opendir(path->c_str());
  if (!dir) return;
  const int dfd = ::dirfd(dir);
  while (struct dirent* e = ::readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
      struct stat st;
      if (::fstatat(dfd, e->d_name, &st, 0) == 0) is_dir = S_ISDIR(st.st_mode);
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
  return read_at(AT_FDCWD, path->c_str());
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
