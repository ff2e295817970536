#include "advisor/core/safe_open.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "advisor/core/sysctl_key.h"
#include "advisor/core/tree_path.h"

namespace fs = std::filesystem;

namespace sa {
namespace {

// No openat2: every component opened with O_NOFOLLOW, so no symlink is ever followed.
int walk_nofollow(int rootfd, const fs::path& rel, int flags) {
  int dir = ::dup(rootfd);
  if (dir < 0) return -1;
  std::vector<std::string> parts;
  for (const auto& p : rel)
    if (!p.empty() && p != ".") parts.push_back(p.string());
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "..") {
      ::close(dir);
      errno = EXDEV;
      return -1;
    }
    bool last = i + 1 == parts.size();
    int next = ::openat(dir, parts[i].c_str(), last ? (flags | O_NOFOLLOW) : (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC),
                        0600);
    int e = errno;
    ::close(dir);
    if (next < 0) {
      errno = e;
      return -1;
    }
    dir = next;
  }
  if (parts.empty()) {  // the root itself
    int fd = ::openat(dir, ".", flags);
    int e = errno;
    ::close(dir);
    errno = e;
    return fd;
  }
  return dir;
}

}  // namespace

int open_in_root(const fs::path& root, const fs::path& path, int flags) {
  flags |= O_CLOEXEC | O_NOCTTY;
  if (is_live_root(root)) return ::open(path.c_str(), flags, 0600);
  fs::path rel = path.relative_path();
  int rootfd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) return -1;
  struct open_how how;
  std::memset(&how, 0, sizeof how);
  how.flags = static_cast<uint64_t>(flags);
  how.mode = (flags & O_CREAT) ? 0600 : 0;
  // RESOLVE_BENEATH first: it fails with EXDEV exactly when a link (or `..`) would leave the
  // tree. Then the path is walked once more to note the link for the operator, and opened with
  // RESOLVE_IN_ROOT, which reads the link as the tree's own (chroot semantics).
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const char* name = rel.empty() ? "." : rel.c_str();
  int fd = static_cast<int>(::syscall(SYS_openat2, rootfd, name, &how, sizeof how));
  if (fd < 0 && errno == EXDEV) {
    bool dev_null = false;
    std::string why;
    resolve_in_root(root, path.string(), &dev_null, &why);  // for its notes
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    fd = static_cast<int>(::syscall(SYS_openat2, rootfd, name, &how, sizeof how));
  }
  if (fd < 0 && errno == ENOSYS) fd = walk_nofollow(rootfd, rel, flags);
  int e = errno;
  ::close(rootfd);
  errno = e;
  return fd;
}

int open_under(const fs::path& root, const fs::path& full, int flags) {
  if (is_live_root(root)) return open_in_root(root, full, flags);
  std::optional<fs::path> host = host_path_in_root(root, full);
  if (!host) {
    errno = EXDEV;
    return -1;
  }
  return open_in_root(root, *host, flags);
}

std::string file_type_name(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFIFO: return "a FIFO";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFSOCK: return "a socket";
    case S_IFDIR: return "a folder";
    case S_IFLNK: return "a symlink";
    default: return "not a regular file";
  }
}

namespace {
std::string mib(size_t n) { return std::to_string(n >> 20) + " MiB"; }
}  // namespace

ReadResult check_regular_fd(int fd, size_t cap) {
  ReadResult r;
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    r.err = errno;
    r.why = std::strerror(r.err);
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    r.not_regular = true;
    r.is_folder = S_ISDIR(st.st_mode);
    r.why = "is " + file_type_name(st.st_mode) + ", not a regular file";
    return r;
  }
  if (static_cast<uint64_t>(st.st_size) > cap) {
    r.why = "is " + std::to_string(static_cast<uint64_t>(st.st_size)) + " bytes, larger than " + mib(cap) + ": refused unread";
    return r;
  }
  r.ok = true;
  r.size = static_cast<uint64_t>(st.st_size);
  return r;
}

ReadResult read_regular_fd(int fd, size_t cap, std::string& out) {
  out.clear();
  ReadResult r = check_regular_fd(fd, cap);
  if (!r.ok) return r;
  r.ok = false;
  // /proc files say size 0 (or 4096): read until EOF, growing, never past the cap. The first read
  // must take the whole value: a /proc/sys integer read at a nonzero offset is EOF
  // (kernel/sysctl.c, __do_proc_dointvec: `if (... (*ppos && !write)) { *lenp = 0; return 0; }`),
  // so a 1-byte first read would turn "32768 60999" into "3".
  out.resize(std::min<size_t>(cap, std::max<size_t>(static_cast<size_t>(r.size), 65536)) + 1);
  size_t got = 0;
  for (;;) {
    if (got == out.size()) {
      if (out.size() > cap) {
        out.clear();
        r.why = "grew past " + mib(cap) + " while being read: refused";
        return r;
      }
      out.resize(std::min(cap + 1, std::max<size_t>(out.size() * 2, 16384)));
    }
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      r.err = errno;
      r.why = std::strerror(r.err);
      out.clear();
      return r;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  r.ok = true;
  return r;
}

ReadResult read_regular_file(const fs::path& root, const fs::path& full, size_t cap, std::string& out) {
  int fd = open_under(root, full, O_RDONLY | O_NONBLOCK);
  if (fd < 0) {
    ReadResult r;
    r.err = errno;
    r.why = r.err == EXDEV ? "outside the --root tree: not read" : std::strerror(r.err);
    if (r.err == EXDEV) r.err = 0;
    out.clear();
    return r;
  }
  ReadResult r = read_regular_fd(fd, cap, out);
  ::close(fd);
  return r;
}

}  // namespace sa
