// One apply or rollback at a time per state folder: flock on STATE/lock. A second one waits a
// bounded time, then fails naming the holder, whose pid, user, command and start time the holder
// wrote into the lock file. The kernel drops the lock when the holder dies, even by SIGKILL.
#pragma once

#include <string>

#include "advisor/apply/safe_fs.h"

namespace sa::apply {

// How long apply and rollback wait for the other's lock unless --lock-wait says otherwise: long
// enough for an apply's writes to finish, short enough that a hung one is reported, not waited on.
inline constexpr double kDefaultLockWaitSeconds = 10;

class StateLock {
 public:
  // Tries for up to wait_seconds. On failure, error() says who holds it.
  bool acquire(int state_dirfd, const std::string& shown_dir, const std::string& command, double wait_seconds);
  const std::string& error() const { return error_; }

 private:
  Fd fd_;
  std::string error_;
};

// True when a live process holds the state folder's lock right now (its in-progress journal
// entries are being written, not abandoned). Does not take the lock.
bool state_lock_held(int state_dirfd);

}  // namespace sa::apply
