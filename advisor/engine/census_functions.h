// The rule-language functions over the socket census (per source address, per destination,
// listeners, CLOSE_WAIT owners): kept apart from evaluator.cc so the census model has one place
// in the engine. Rows of the function table in functions.cc.
#pragma once

#include <optional>
#include <string>

#include "advisor/engine/facts.h"
#include "advisor/engine/value.h"

namespace sa::engine {

// nullopt: `name` is not a census function. `arg` is the first argument's literal (a state) or "".
std::optional<Value> census_function(const std::string& name, const std::string& arg, const Facts& facts);

}  // namespace sa::engine
