// A snapshot for a person: what the host says about sockets, ports, counters and its settings,
// in the order an operator with a TIME_WAIT problem reads it. Pure: facts in, text out.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "advisor/live/host_state.h"

namespace sa::report {

// `config` is the snapshot's configuration model (config::to_json) or null.
void render_snapshot_text(const live::HostState& host, const nlohmann::json& config, std::ostream& out);

}  // namespace sa::report
