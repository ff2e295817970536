// The rule-language functions over the socket census (per source address, per destination,
// listeners, CLOSE_WAIT owners): kept apart from evaluator.cc so the census model has one place
// in the engine. Their rows are in the function table of functions.cc.
#pragma once

#include <optional>
#include <string>

#include "advisor/engine/functions.h"

namespace sa::engine {

// The implementation of every census row: the call's name says which fact; its one argument, when
// it has one, is a state literal.
Value census_call(const Call& call);

// Who holds a destination's open connections now (live::PeerGroup::owner): "nginx (pid 812)";
// "an unidentified process" when processes are unknown (under --root, without the right to read
// /proc/PID/fd, an older snapshot) or its ESTABLISHED sockets could not be attributed; "no process"
// when none is open there. Never a guess.
// program_*(): the program in focus (Facts::program, set by profile inference for each program
// holding a listener): its name, listeners, accepted and opened connections (program_functions.cc).
Value program_call(const Call& call);
// accepted(ports), outgoing_to(ports): sockets by direction, towards a list of ports.
Value direction_call(const Call& call);
// port_in(endpoint, ports): whether "addr:port" has one of the ports ("5432 3306"; "*" any).
Value port_in(const Call& call);
// The port of "10.0.0.7:8080" or "[2001:db8::1]:443" ("" without a colon).
std::string port_of(const std::string& endpoint);

std::string connection_owner_text(const live::SocketCensus& c, const std::optional<live::ProcessRef>& owner,
                                  uint64_t established);


}  // namespace sa::engine
