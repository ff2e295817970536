// What a rule can look at: the host (live or a snapshot), its configuration, the catalog and the
// kernel. A view: the pointers are the caller's and must outlive the Facts. Null host = offline
// (check, or a host we cannot read), so every live-only function is unknown.
#pragma once

#include <string>

#include "advisor/config/config_set.h"
#include "advisor/engine/catalog.h"
#include "advisor/live/host_state.h"

namespace sa::engine {

struct Facts {
  std::string kernel;  // release, "" = unknown
  const live::HostState* host = nullptr;
  const config::ConfigSet* config = nullptr;
  const Catalog* catalog = nullptr;
  // The program profile inference is looking at (one of host->sockets.programs); null elsewhere,
  // and then every program_*() function is unknown.
  const live::ProgramSockets* program = nullptr;
};

// The reasons an unknown names; tests and renderers reuse these texts.
inline constexpr const char* kNeedsLive = "needs the live host";
inline constexpr const char* kNeedsSample = "needs --sample";
inline constexpr const char* kKeyAbsent = "key absent on this kernel";
inline constexpr const char* kNoCensusDetails =
    "the census has no listeners or orphan counts (a snapshot from an older version)";
inline constexpr const char* kGlobalKey = "global: set it in the initial network namespace";
inline constexpr const char* kNoProgram = "no program holds a listening socket";
inline constexpr const char* kNeedsKernel = "needs the kernel version (--kernel)";

}  // namespace sa::engine
