#include "advisor/core/clock.h"

#include <sys/time.h>

#include <ctime>

namespace sa {

UtcNow utc_now(const char* strftime_format) {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  struct tm tm;
  gmtime_r(&tv.tv_sec, &tm);
  char buf[64];
  strftime(buf, sizeof buf, strftime_format, &tm);
  return {buf, static_cast<int>(tv.tv_usec / 1000)};
}

std::string utc_iso8601_seconds() { return utc_now("%Y-%m-%dT%H:%M:%SZ").text; }

}  // namespace sa
