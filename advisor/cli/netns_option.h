// `--netns TARGET`, shared by plan, apply, rollback, snapshot, drift: resolve, enter, describe.
// Entering is one-way for the process: call it once, from the main thread, before any live read.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <boost/program_options.hpp>

#include "advisor/live/host_state.h"
#include "advisor/live/netns.h"
#include "advisor/plan/plan.h"

namespace sa::cli {

extern const char* const kNetnsHelp;

// False (reason on err, exit 2) when TARGET cannot be entered; true and `out` set otherwise. An empty
// spec enters nothing and leaves `out` empty.
bool enter_netns_option(const std::string& spec, std::optional<live::NetnsEntered>& out, std::ostream& err);

plan::NetnsRef netns_ref(const live::NetnsEntered& e);
void mark_host(live::HostState& host, const live::NetnsEntered& e);

}  // namespace sa::cli
