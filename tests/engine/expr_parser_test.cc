// The rule language's grammar, table-driven: what parses to what, and where errors point.
#include <doctest/doctest.h>

#include <string>

#include "advisor/engine/expr_parser.h"

using namespace sa::engine;

TEST_CASE("expressions parse with the precedence of the EBNF") {
  struct Case {
    const char* text;
    const char* tree;
  };
  const Case cases[] = {
      {"1 + 2 * 3", "(1 + (2 * 3))"},
      {"(1 + 2) * 3", "((1 + 2) * 3)"},
      {"a(1) or b(2) and not c(3)", "(a(1) or (b(2) and not c(3)))"},
      {"not not true", "not not true"},
      {"-1 - -2", "(-1 - -2)"},
      {"kernel >= \"4.12\"", "(kernel >= \"4.12\")"},
      {"profile.closes_first == false", "(profile.closes_first == false)"},
      {"sysctl(\"net.ipv4.tcp_tw_reuse\") != 1", "(sysctl(\"net.ipv4.tcp_tw_reuse\") != 1)"},
      {"usable_ports()", "usable_ports()"},
      {"min(1, 2) / 4", "(min(1, 2) / 4)"},
      {"10_000 > 0.25", "(10000 > 0.25)"},
      {"  a(\"say \\\"hi\\\"\")  ", "a(\"say \"hi\"\")"},
      {"1 < 2 and 3 <= 4 and 5 > 4 and 6 >= 6 and 7 == 7", "(((((1 < 2) and (3 <= 4)) and (5 > 4)) and (6 >= 6)) and (7 == 7))"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    ParsedExpr p = parse_expression(c.text);
    REQUIRE(p.errors.empty());
    CHECK(to_source(*p.expr) == c.tree);
  }
}

TEST_CASE("syntax errors name what was expected and point at the token") {
  struct Case {
    const char* text;
    size_t offset;
    const char* message;
  };
  const Case cases[] = {
      {"sysctl(\"k\") == 1 and", 20, "expected a value (number, \"string\", true, false, kernel, profile.TRAIT, a function call or '('), found the end of the expression"},
      {"(1 + 2", 6, "expected ')' to close the '(' at column 1 of the expression, found the end of the expression"},
      {"1 = 2", 2, "unexpected '=': comparisons use '=='"},
      {"a(1) && b(2)", 5, "unexpected '&': use 'and', 'or', 'not'"},
      {"sysctl('k')", 7, "strings in expressions use double quotes: \"...\""},
      {"profile.", 8, "expected a trait name after 'profile.', found the end of the expression"},
      {"1 < 2 < 3", 6, "comparisons do not chain: use 'and' between two comparisons"},
      {"f(1 2)", 4, "expected ',' or ')' in the arguments of f(), found number 2"},
      {"\"open", 0, "unterminated string: expected a closing '\"'"},
      {"1 2", 2, "expected 'and', 'or', an operator or the end, found number 2"},
      {"12abc", 0, "malformed number '12a'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    ParsedExpr p = parse_expression(c.text);
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].offset == c.offset);
    CHECK(p.errors[0].message == c.message);
  }
}

TEST_CASE("nesting is capped so a hostile file cannot overflow the stack") {
  std::string deep(100, '(');
  deep += "1" + std::string(100, ')');
  ParsedExpr p = parse_expression(deep);
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0].message == "expression nested deeper than 64 levels");
  CHECK(p.errors[0].offset == 64);

  std::string ok(60, '(');
  ok += "1" + std::string(60, ')');
  CHECK(parse_expression(ok).errors.empty());

  std::string nots;
  for (int i = 0; i < 200; ++i) nots += "not ";
  CHECK(parse_expression(nots + "true").errors.size() == 1);
}

TEST_CASE("templates: holes, literal braces, errors at the right offset") {
  ParsedTemplate t = parse_template("{a(1)} sockets {{literal}} and {b(\"}\")}");
  REQUIRE(t.errors.empty());
  REQUIRE(t.tmpl.parts.size() == 3);
  CHECK(static_cast<bool>(t.tmpl.parts[0].expr));
  CHECK(t.tmpl.parts[1].literal == " sockets {literal} and ");
  CHECK(to_source(*t.tmpl.parts[2].expr) == "b(\"}\")");
  CHECK(t.tmpl.parts[2].offset == 32);

  ParsedTemplate bad = parse_template("ok {1 +} then {unclosed");
  REQUIRE(bad.errors.size() == 2);
  CHECK(bad.errors[0].offset == 7);
  CHECK(bad.errors[1].offset == 14);
  CHECK(bad.errors[1].message == "unclosed '{': expected '}' after the expression (write '{{' for a literal brace)");

  ParsedTemplate stray = parse_template("a } b");
  REQUIRE(stray.errors.size() == 1);
  CHECK(stray.errors[0].message == "unmatched '}': write '}}' for a literal brace");
}
