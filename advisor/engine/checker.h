// The compile step for expressions: names exist (functions, defined names, traits, keys), arities
// match, literal arguments are what the function reads. Offsets point at the offending token.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "advisor/engine/catalog.h"
#include "advisor/engine/expr.h"
#include "advisor/engine/expr_parser.h"
#include "advisor/engine/profile.h"

namespace sa::engine {

struct CheckContext {
  const Catalog* catalog = nullptr;   // null: key names are not checked
  const Profile* generic = nullptr;   // null: trait names are not checked
  // The [[define]] names an expression may use, each bound to its compiled expression (null while
  // that definition is still being compiled). Null: no names may be used.
  const std::map<std::string, ExprPtr>* defines = nullptr;
  // How many of the errors found may end in a "did you mean" (a pass over a list of names each):
  // the rest would not be shown (toml_source.h, errors_shown_left).
  size_t hints = std::numeric_limits<size_t>::max();
};

std::vector<SyntaxError> check_expression(const Expr& e, const CheckContext& ctx);

// The expression with every name replaced by a node that holds its definition (evaluation follows
// it; to_source still prints the name). Call after check_expression found no error.
ExprPtr bind_names(const ExprPtr& e, const std::map<std::string, ExprPtr>& defines);
// The [[define]] names an expression uses, in order of appearance.
void names_used(const Expr& e, std::vector<const Expr*>& out);

}  // namespace sa::engine
