// `sysctl-advisor report`: a fleet summary as text (a terminal), JSON Lines (one group per line,
// for jq or a log pipeline) and markdown (a ticket). Pure.
#pragma once

#include <cstddef>
#include <ostream>

#include "advisor/fleet/fleet.h"

namespace sa::report {

// `examples`: host names listed per group in text and markdown (the rest are counted).
void fleet_text(const fleet::Fleet& f, size_t examples, std::ostream& out);
void fleet_markdown(const fleet::Fleet& f, size_t examples, std::ostream& out);
// Every host of every group: {"group":"rule",...} lines, then {"group":"profile",...} lines, then
// one {"group":"fleet",...} line with the totals.
void fleet_jsonl(const fleet::Fleet& f, std::ostream& out);

}  // namespace sa::report
