// `rollback`: puts back the live values and the persisted file an apply changed, from its journal
// entry, and journals itself. Targets the newest apply that changed something, or --id. Safe to
// repeat: an entry already rolled back is left alone. A key (or the persisted file) that someone
// changed since the apply is reported and the rollback refused, unless --force.
// rollback prints nothing: it returns a RollbackResult (advisor/apply/result.h) whose outcome
// decides the exit code, and hands each message to the caller's sink as it is made.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "advisor/apply/result.h"
#include "advisor/apply/state_lock.h"

namespace sa::apply {

struct Entry;

struct RollbackOptions {
  std::filesystem::path root = "/";
  std::filesystem::path state_dir;
  std::string id;        // empty: the newest apply that changed something
  bool force = false;
  double lock_wait_seconds = kDefaultLockWaitSeconds;
  // The network namespace this process has entered (--netns), 0 = the one it started in. An apply
  // is rolled back only in the namespace it changed (its plan's "netns"); without --id the newest
  // apply of this namespace is taken.
  uint64_t netns_inode = 0;
};

// The namespace an apply entry changed: its plan's netns inode, 0 for the namespace it ran in.
uint64_t netns_of(const Entry& e);

RollbackResult rollback(const RollbackOptions& options, const MessageSink& on_message = nullptr);

}  // namespace sa::apply
