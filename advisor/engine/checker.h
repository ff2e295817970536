// The compile step for expressions: names exist (functions, traits, keys), arities match, literal
// arguments are what the function reads. Offsets point at the offending token.
#pragma once

#include <vector>

#include "advisor/engine/catalog.h"
#include "advisor/engine/expr.h"
#include "advisor/engine/expr_parser.h"
#include "advisor/engine/profile.h"

namespace sa::engine {

struct CheckContext {
  const Catalog* catalog = nullptr;   // null: key names are not checked
  const Profile* generic = nullptr;   // null: trait names are not checked
};

std::vector<SyntaxError> check_expression(const Expr& e, const CheckContext& ctx);

}  // namespace sa::engine
