#include "advisor/live/netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sa::live {

std::optional<NetnsTarget> resolve_netns(const std::string& spec, std::string* error) {
  NetnsTarget t;
  t.spec = spec;
  if (spec.empty()) {
    *error = "--netns needs a PID, a name under /run/netns or a path to a namespace file";
    return std::nullopt;
  }
  if (spec.find_first_not_of("0123456789") == std::string::npos) {
    t.path = "/proc/" + spec + "/ns/net";
    t.shown = "PID " + spec;
  } else if (spec.find('/') == std::string::npos) {
    if (spec == "." || spec == "..") {
      *error = "--netns " + spec + ": not a namespace name";
      return std::nullopt;
    }
    t.path = "/run/netns/" + spec;
    t.shown = t.path;
  } else {
    t.path = spec;
    t.shown = spec;
  }
  return t;
}

uint64_t netns_inode(const std::string& ns_file) {
  struct stat st {};
  if (::stat(ns_file.c_str(), &st) != 0) return 0;
  return st.st_ino;
}

std::string NetnsEntered::describe() const {
  return "net:[" + std::to_string(inode) + "] (" + target.shown + ")";
}

std::optional<NetnsEntered> enter_netns(const NetnsTarget& target, std::string* error) {
  NetnsEntered e;
  e.target = target;
  e.own_inode = own_netns_inode();
  e.host_inode = netns_inode("/proc/1/ns/net");
  int fd = ::open(target.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    *error = "--netns " + target.spec + ": cannot open " + target.path + ": " + std::strerror(err);
    if (err == ENOENT && target.shown.rfind("PID ", 0) == 0) *error += " (no such process)";
    else if (err == EACCES || err == EPERM)
      *error += " (another user's process: needs root). Nothing of that namespace was read: its sysctl values, "
                "counters and sockets are unknown";
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0) e.inode = st.st_ino;
  if (::setns(fd, CLONE_NEWNET) != 0) {
    int err = errno;
    ::close(fd);
    *error = "--netns " + target.spec + ": cannot enter " + target.path + ": " + std::strerror(err);
    if (err == EINVAL) *error += " (not a network namespace file)";
    else if (err == EPERM)
      *error += " (entering a network namespace needs CAP_SYS_ADMIN; run as root). Nothing of that namespace was "
                "read: its sysctl values, counters and sockets are unknown";
    return std::nullopt;
  }
  ::close(fd);
  return e;
}

}  // namespace sa::live
