// The compiled form of a condition or a template: an immutable tree, shared by the rules that
// hold it. Offsets are 0-based into the expression text; the loader maps them to file:line:col.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace sa::engine {

struct Expr {
  enum class Op {
    number, string, boolean, kernel, trait, call,
    name,  // a [[define]] named in rules files; bound to its expression (args[0]) when compiled
    neg, not_, and_, or_,
    eq, ne, lt, le, gt, ge,
    add, sub, mul, div,
  };
  Op op = Op::boolean;
  double number = 0;     // number literal
  bool boolean = false;  // boolean literal
  std::string text;      // string literal, trait name, function name, defined name
  std::vector<std::shared_ptr<const Expr>> args;  // operands or call arguments
  size_t offset = 0;     // where it starts in the source text
};
using ExprPtr = std::shared_ptr<const Expr>;

// A template: literal text with {expr} holes ({{ and }} are literal braces).
struct Template {
  struct Part {
    std::string literal;  // when expr is null
    ExprPtr expr;
    size_t offset = 0;    // where the hole's expression starts in the template text
  };
  std::vector<Part> parts;
  bool empty() const { return parts.empty(); }
};

// The expression as a reader would write it back (for explain and tests).
std::string to_source(const Expr& e);

}  // namespace sa::engine
