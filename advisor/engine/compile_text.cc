#include "advisor/engine/compile_text.h"

namespace sa::engine {
namespace {

void report(const Str& s, const std::vector<SyntaxError>& errors, const char* code, const std::string& what,
            std::vector<Diagnostic>& out) {
  for (const auto& e : errors) {
    // Past the file's cap the error is only counted: no walk along the string to place it.
    Location at = errors_shown_left(s.src) > 0 ? locate(s, e.offset) : s.at;
    add_error(out, s.src, std::move(at), code, "in " + what + ": " + e.message);
  }
}

// The checks of an expression in `s`, offering "did you mean" only to errors that will be shown.
std::vector<SyntaxError> check_in(const Str& s, const Expr& e, CheckContext ctx) {
  ctx.hints = errors_shown_left(s.src);
  return check_expression(e, ctx);
}

void check_holes(const Str& s, const Template& t, const CheckContext& ctx, const std::string& what,
                 std::vector<Diagnostic>& out) {
  for (const auto& part : t.parts) {
    if (!part.expr) continue;
    size_t base = part.offset;
    auto errors = check_in(s, *part.expr, ctx);
    for (auto& e : errors) e.offset += base;
    report(s, errors, diag::kTemplate, what, out);
  }
}

}  // namespace

ExprPtr compile_condition(const Str& s, const CheckContext& ctx, const std::string& what, std::vector<Diagnostic>& out) {
  ParsedExpr parsed = parse_expression(s.value);
  if (!parsed.errors.empty()) {
    report(s, parsed.errors, diag::kSyntax, what, out);
    return nullptr;
  }
  auto errors = check_in(s, *parsed.expr, ctx);
  report(s, errors, diag::kCondition, what, out);
  if (!errors.empty()) return nullptr;
  return ctx.defines ? bind_names(parsed.expr, *ctx.defines) : parsed.expr;
}

Template compile_template(const Str& s, const CheckContext& ctx, const std::string& what, std::vector<Diagnostic>& out) {
  ParsedTemplate parsed = parse_template(s.value);
  report(s, parsed.errors, diag::kTemplate, what, out);
  check_holes(s, parsed.tmpl, ctx, what, out);
  if (ctx.defines)
    for (auto& part : parsed.tmpl.parts)
      if (part.expr) part.expr = bind_names(part.expr, *ctx.defines);
  return parsed.tmpl;
}

}  // namespace sa::engine
