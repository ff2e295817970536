// Pure parser for /proc/net/stat/nf_conntrack: text in, per-namespace totals and diagnostics out.
// No I/O here (host_state.cc reads the file), so fixtures of any kernel test it directly.
//
// The file (net/netfilter/nf_conntrack_standalone.c: ct_cpu_seq_show()) is a header line of
// column names, then one row per possible CPU of %08x hex fields. The columns differ by kernel
// (2.6 printed "searched ... delete_list", 6.x prints "clashres ... chainlength ... search_restart"),
// so they are matched by name, never by position. Every column but `entries` is that CPU's share of
// a counter of this network namespace (net->ct.stat is per namespace and per CPU): the totals are
// the sums of the rows. `entries` is nf_conntrack_count(net), the same figure repeated on every row:
// it is taken once, never summed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::live {

struct ConntrackStat {
  std::map<std::string, int64_t> totals;  // "drop" -> sum over the CPU rows; only columns every row gave
  int64_t entries = -1;                   // the `entries` column (first row); -1 = not printed
  int cpus = 0;                           // rows read
};

// Fills `out` from the file's text. A row with a different number of fields than the header makes
// every total unknown (its numbers cannot be matched to names); a field that is not hex makes that
// column's total unknown. Each problem is a diagnostic at file:line:col. `file` is the name
// diagnostics carry. False when nothing usable was read (no header, or no column survived).
bool parse_conntrack_stat(std::string_view text, const std::string& file, ConntrackStat& out,
                          std::vector<Diagnostic>& diags);

}  // namespace sa::live
