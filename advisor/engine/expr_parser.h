// Parses conditions and templates of the rule language into an immutable tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "advisor/engine/expr.h"

namespace sa::engine {

inline constexpr int kMaxExprDepth = 64;

struct SyntaxError {
  size_t offset = 0;  // 0-based into the text parsed
  std::string message;
};

struct ParsedExpr {
  ExprPtr expr;                      // null when errors is not empty
  std::vector<SyntaxError> errors;   // the first syntax error (parsing stops there)
};
ParsedExpr parse_expression(std::string_view text);

struct ParsedTemplate {
  Template tmpl;
  std::vector<SyntaxError> errors;   // one per bad {hole}; offsets into the whole template
};
ParsedTemplate parse_template(std::string_view text);

}  // namespace sa::engine
