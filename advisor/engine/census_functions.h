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

}  // namespace sa::engine
