#include "advisor/apply/interrupt.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace sa::apply {

namespace {

volatile sig_atomic_t g_signal = 0;
const int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];

void on_signal(int sig) { g_signal = sig; }

}  // namespace

InterruptGuard::InterruptGuard() {
  g_signal = 0;
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &g_previous[i]);
}

InterruptGuard::~InterruptGuard() {
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

bool InterruptGuard::interrupted() { return g_signal != 0; }
int InterruptGuard::signal_number() { return g_signal; }

void test_pause_after_write(int writes_done) {
  const char* env = std::getenv("SYSCTL_ADVISOR_TEST_PAUSE_AFTER_WRITE");
  if (!env || std::atoi(env) != writes_done) return;
  std::fprintf(stderr, "sysctl-advisor: test pause after write %d (pid %d)\n", writes_done, static_cast<int>(getpid()));
  std::fflush(stderr);
  for (int i = 0; i < 300 && !InterruptGuard::interrupted(); ++i) {
    struct timespec t = {0, 100 * 1000 * 1000};
    nanosleep(&t, nullptr);
  }
}

}  // namespace sa::apply
