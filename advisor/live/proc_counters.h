// Pure parsers for the counter files of /proc/net: text in, named numbers and diagnostics out.
// No I/O here (host_state.cc reads the files), so fixtures of any kernel test them directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::live {

// The kernel's longest counter line (TcpExt's names in netstat) is under 4 KB and a row of
// nf_conntrack statistics under 200 bytes (2,195 and 164 read on 6.18; 17 "%08x " fields in
// ct_cpu_seq_show()): a longer line is junk, reported and skipped, because
// splitting it into words would cost 24 bytes per word of a 64 MiB file.
inline constexpr size_t kMaxCounterLineBytes = 65536;

// /proc/net/netstat and /proc/net/snmp: pairs of lines "Prefix: name name ..." then
// "Prefix: value value ...". Columns differ by kernel, so they are matched by name, giving
// "TcpExt.ListenOverflows" -> value. A broken pair (header without its value line, a column count
// mismatch) is reported and skipped; a bad number is reported and only that column is skipped;
// every other pair still parses. `file` is the name diagnostics carry.
void parse_counter_pairs(std::string_view text, const std::string& file, std::map<std::string, int64_t>& out,
                         std::vector<Diagnostic>& diags);

// /proc/net/sockstat and sockstat6: "TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1" lines of
// name/value pairs, giving out["TCP"]["tw"] = 2 (sockstat6 gives "TCP6", "UDP6", ...).
void parse_sockstat(std::string_view text, const std::string& file,
                    std::map<std::string, std::map<std::string, int64_t>>& out, std::vector<Diagnostic>& diags);

// Counters that are levels, not running totals ("Tcp.CurrEstab", "Tcp.MaxConn"): a rate of them
// means nothing, so sampling leaves them out.
bool is_gauge(std::string_view counter);

}  // namespace sa::live
