// Running processes that set sysctls on their own (rules/writers.toml [[process]]): bpftune,
// kube-proxy, the tuned daemon. Matched by /proc/PID/comm or the basename of argv[0]; their
// command lines are kept for flags that change what they write (kube-proxy --conntrack-*).
// The live host only: a --root tree's /proc is a copy with no processes in it.
#pragma once

#include <filesystem>
#include <vector>

#include "advisor/core/other_writers.h"

namespace sa::live {

// Every process under `proc` (normally "/proc") one of `writers` matches, by pid. Processes that
// end meanwhile or cannot be read are skipped.
std::vector<SeenProcess> find_writer_processes(const std::filesystem::path& proc,
                                               const std::vector<ProcessWriter>& writers);

}  // namespace sa::live
