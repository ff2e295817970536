#include "advisor/apply/state_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "advisor/apply/interrupt.h"
#include "advisor/apply/journal.h"

namespace sa::apply {

bool StateLock::acquire(int dirfd, const std::string& shown_dir, const std::string& command, double wait_seconds) {
  std::string shown = shown_dir + "/lock";
  int fd = ::openat(dirfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    error_ = FsResult::fail(errno, "open " + shown).error;
    return false;
  }
  fd_ = Fd(fd);
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) break;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      error_ = FsResult::fail(errno, "lock " + shown).error;
      return false;
    }
    if (InterruptGuard::interrupted()) {
      error_ = "interrupted while waiting for " + shown;
      return false;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    double waited = (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
    if (waited >= wait_seconds) {
      FileRead holder = read_file_at(dirfd, "lock", shown);
      std::string who = holder.content;
      while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
      error_ = "another sysctl-advisor holds " + shown + " (" + (who.empty() ? "holder unknown" : who) + "); waited " +
               std::to_string(static_cast<int>(wait_seconds)) + " s. Try again when it has finished.";
      return false;
    }
    struct timespec pause = {0, 50 * 1000 * 1000};
    nanosleep(&pause, nullptr);
  }
  // Say who we are, for the one who waits. Best effort: a full disk must not stop a rollback.
  std::string me = "pid " + std::to_string(::getpid()) + ", user " + current_user() + ", " + command + " since " + now_iso8601() + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t n = ::pwrite(fd, me.data(), me.size(), 0);
    (void)n;
  }
  return true;
}

bool state_lock_held(int dirfd) {
  int fd = ::openat(dirfd, "lock", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  Fd guard(fd);
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd, LOCK_UN);
    return false;
  }
  return errno == EWOULDBLOCK;
}

}  // namespace sa::apply
