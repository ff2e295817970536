// The exit codes of every command (DESIGN.md, "Command line"): the one definition. The commands in
// advisor/cli return them; advisor/apply derives apply's and rollback's from their outcome
// (advisor/apply/result.cc). Scripts and monitoring depend on these numbers: never renumber.
#pragma once

namespace sa {

enum Exit : int {
  // Nothing to report at or above the threshold; apply applied or had nothing to change; rollback
  // restored or had nothing to do; a listing or explanation was printed.
  kOk = 0,
  // Something to act on: check's findings at or above --fail-on, plan --exit-code with changes
  // pending, drift found; and apply declined at the confirmation prompt (nothing was changed).
  kFindings = 1,
  // Usage, unreadable or invalid input, with the reason on stderr. apply and rollback also return
  // it when they refuse before changing anything (invalid or stale plan, a later file would
  // override at boot, another writer owns a key, an unfinished apply, a key changed by someone else).
  kUsage = 2,
  // apply or rollback failed once under way: the lock was held, the journal could not be written,
  // the kernel refused a value, a signal came. apply has undone what it wrote (or says what it could
  // not); rollback restored what it could and leaves the apply open so a rerun retries.
  kApplyFailed = 3,
};

}  // namespace sa
