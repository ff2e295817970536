// Shared by the rule and profile compilers: parse and check a condition or template held in a
// TOML string, with each error placed at its file:line:col inside the string.
#pragma once

#include <vector>

#include "advisor/engine/checker.h"
#include "advisor/engine/toml_source.h"

namespace sa::engine {

ExprPtr compile_condition(const Str& s, const CheckContext& ctx, const std::string& what, std::vector<Diagnostic>& out);
Template compile_template(const Str& s, const CheckContext& ctx, const std::string& what, std::vector<Diagnostic>& out);

}  // namespace sa::engine
