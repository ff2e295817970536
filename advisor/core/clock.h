// The one reading of the wall clock in UTC, for every timestamp the tool writes (journal entries
// and their ids, snapshots' taken_at): one format of time everywhere.
#pragma once

#include <string>

namespace sa {

struct UtcNow {
  std::string text;  // the time in the strftime format asked for
  int ms = 0;        // its milliseconds
};
UtcNow utc_now(const char* strftime_format);

// "2026-12-07T18:40:02Z": ISO 8601 to the second.
std::string utc_iso8601_seconds();

}  // namespace sa
