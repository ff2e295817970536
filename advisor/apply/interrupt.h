// SIGINT, SIGTERM and SIGHUP during an apply do not kill it: they set a flag that the apply checks
// between writes, and it rolls back what it wrote. (SIGKILL cannot be caught: the journal entry
// stays in-progress and `rollback` completes it.)
#pragma once

namespace sa::apply {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers (no SA_RESTART, so a sleep returns early)
  ~InterruptGuard();  // restores the previous ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  static bool interrupted();
  static int signal_number();  // the last one received, 0 = none
};

// TEST-ONLY hook: with SYSCTL_ADVISOR_TEST_PAUSE_AFTER_WRITE=N in the environment, the apply says
// "test pause after write N" on stderr after its Nth live write and sleeps (up to 30 s, or until a
// signal arrives), so the fault-injection tests can send SIGTERM or SIGKILL between two writes
// deterministically. Does nothing when the variable is unset.
void test_pause_after_write(int writes_done);

}  // namespace sa::apply
