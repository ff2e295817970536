// The rule-language functions over connection tracking (docs/conntrack.md): the table against
// nf_conntrack_max, the TCP timeouts, and the counters of /proc/net/stat/nf_conntrack. Every one is
// unknown, never 0, when nf_conntrack is not loaded ("conntrack is not loaded"). Their rows are in
// the function table of functions.cc.
#pragma once

#include <string_view>
#include <vector>

#include "advisor/engine/functions.h"

namespace sa::engine {

inline constexpr const char* kConntrackNotLoaded = "conntrack is not loaded";

// The TCP states conntrack has a timeout sysctl for (net.netfilter.nf_conntrack_tcp_timeout_<name>),
// as nf_conntrack_standalone.c names them; conntrack_timeout("...") takes one of these.
const std::vector<std::string_view>& conntrack_timeout_names();

// The implementation of every conntrack row: the call's name says which fact; its one argument,
// when it has one, is a literal (a timeout name or a /proc/net/stat/nf_conntrack column).
Value conntrack_call(const Call& call);

}  // namespace sa::engine
