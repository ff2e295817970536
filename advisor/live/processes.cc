// Socket owners the way `ss -p` finds them (iproute2 misc/ss.c user_ent_hash_build): every
// /proc/PID/fd/N that is a link to "socket:[INODE]" names the process holding that socket. A
// socket shared by several processes (a listener inherited by workers) keeps the first one read,
// the lowest pid, usually the parent. Processes whose fd folder cannot be read (another user,
// gone meanwhile) are skipped and make the result incomplete, never guessed.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "advisor/core/text.h"
#include "advisor/live/census.h"

namespace sa::live {
namespace {

std::string read_comm(int proc_fd, const char* pid) {
  std::string path = std::string(pid) + "/comm";
  int fd = ::openat(proc_fd, path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return "";
  std::string comm(buf, static_cast<size_t>(n));
  while (!comm.empty() && (comm.back() == '\n' || comm.back() == '\0')) comm.pop_back();
  return comm;
}

}  // namespace

bool read_inode_owners(const std::filesystem::path& proc, InodeOwners& out, bool* complete, std::string* error) {
  *complete = true;
  int proc_fd = ::open(proc.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc_fd < 0) {
    *error = proc.string() + ": " + std::strerror(errno);
    return false;
  }
  DIR* procs = ::fdopendir(proc_fd);
  if (!procs) {
    *error = proc.string() + ": " + std::strerror(errno);
    ::close(proc_fd);
    return false;
  }
  static constexpr char kPrefix[] = "socket:[";
  static constexpr size_t kPrefixLen = sizeof kPrefix - 1;
  while (struct dirent* p = ::readdir(procs)) {
    if (!all_digits(p->d_name)) continue;
    const int pid = std::atoi(p->d_name);
    std::string fd_path = std::string(p->d_name) + "/fd";
    int fd_dir = ::openat(proc_fd, fd_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_dir < 0) {
      if (errno != ENOENT) *complete = false;  // ENOENT: the process ended meanwhile
      continue;
    }
    DIR* fds = ::fdopendir(fd_dir);
    if (!fds) {
      ::close(fd_dir);
      *complete = false;
      continue;
    }
    std::string comm;  // read once, and only for processes that hold a socket
    while (struct dirent* f = ::readdir(fds)) {
      if (f->d_name[0] == '.') continue;
      char link[64];
      ssize_t n = ::readlinkat(fd_dir, f->d_name, link, sizeof link - 1);
      if (n <= static_cast<ssize_t>(kPrefixLen) || std::memcmp(link, kPrefix, kPrefixLen) != 0) continue;
      link[n] = '\0';
      uint64_t inode = std::strtoull(link + kPrefixLen, nullptr, 10);
      if (!inode) continue;
      if (comm.empty()) comm = read_comm(proc_fd, p->d_name);
      out.emplace(inode, ProcessRef{pid, comm.empty() ? "?" : comm});
    }
    ::closedir(fds);
  }
  ::closedir(procs);
  return true;
}

}  // namespace sa::live
