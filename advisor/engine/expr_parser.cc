// Recursive-descent parser of the rule language. The grammar (docs/rule-format.md):
//
//   expr       = or ;
//   or         = and { "or" and } ;
//   and        = not { "and" not } ;
//   not        = "not" not | comparison ;
//   comparison = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum ] ;
//   sum        = product { ( "+" | "-" ) product } ;
//   product    = unary { ( "*" | "/" ) unary } ;
//   unary      = "-" unary | primary ;
//   primary    = number | string | "true" | "false" | "kernel" | profile | call | name | "(" expr ")" ;
//   profile    = "profile" "." identifier ;
//   call       = identifier "(" [ expr { "," expr } ] ")" ;
//   name       = identifier ;   (a [[define]] of a rules file)
//   number     = digit { digit | "_" } [ "." digit { digit } ] ;
//   string     = '"' { any character but '"' and '\', or "\" any character } '"' ;
//   identifier = letter { letter | digit | "_" } ;
//
// Nesting (parentheses, not, unary minus, call arguments) is capped at kMaxExprDepth, and binary
// operators at 1000 per expression, so a hostile rule file cannot overflow the stack. Parsing stops at the first syntax error: what
// follows a broken expression cannot be read reliably.
#include "advisor/engine/expr_parser.h"

#include <cctype>
#include <cstdlib>

namespace sa::engine {
namespace {

struct Token {
  enum class Kind { end, number, string, ident, op, error } kind = Kind::end;
  std::string text;  // ident / op spelling, string contents, number digits, error message
  double number = 0;
  size_t offset = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    Token t;
    t.offset = pos_;
    if (pos_ >= text_.size()) return t;
    char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) return number(t);
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
      t.kind = Token::Kind::ident;
      t.text = std::string(text_.substr(start, pos_ - start));
      return t;
    }
    if (c == '"') return string(t);
    static const char* const kOps[] = {"==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", ",", "."};
    for (const char* op : kOps) {
      std::string_view o(op);
      if (text_.substr(pos_, o.size()) == o) {
        pos_ += o.size();
        t.kind = Token::Kind::op;
        t.text = std::string(o);
        return t;
      }
    }
    t.kind = Token::Kind::error;
    if (c == '\'')
      t.text = "strings in expressions use double quotes: \"...\"";
    else if (c == '=')
      t.text = "unexpected '=': comparisons use '=='";
    else if (c == '&' || c == '|' || c == '!')
      t.text = std::string("unexpected '") + c + "': use 'and', 'or', 'not'";
    else
      t.text = std::string("unexpected character '") + c + "'";
    return t;
  }

 private:
  Token number(Token t) {
    size_t start = pos_;
    std::string digits;
    while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      if (text_[pos_] != '_') digits += text_[pos_];
      ++pos_;
    }
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' && std::isdigit(static_cast<unsigned char>(text_[pos_ + 1]))) {
      digits += '.';
      ++pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) digits += text_[pos_++];
    }
    if (pos_ < text_.size() && (std::isalpha(static_cast<unsigned char>(text_[pos_])))) {
      t.kind = Token::Kind::error;
      t.offset = start;
      t.text = "malformed number '" + std::string(text_.substr(start, pos_ + 1 - start)) + "'";
      return t;
    }
    t.kind = Token::Kind::number;
    t.text = digits;
    t.number = std::strtod(digits.c_str(), nullptr);
    return t;
  }

  Token string(Token t) {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    if (pos_ >= text_.size()) {
      t.kind = Token::Kind::error;
      t.text = "unterminated string: expected a closing '\"'";
      return t;
    }
    ++pos_;
    t.kind = Token::Kind::string;
    t.text = out;
    return t;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

bool is_keyword(const std::string& s) {
  return s == "and" || s == "or" || s == "not" || s == "true" || s == "false" || s == "kernel" || s == "profile";
}

std::string describe(const Token& t) {
  switch (t.kind) {
    case Token::Kind::end: return "the end of the expression";
    case Token::Kind::number: return "number " + t.text;
    case Token::Kind::string: return "string \"" + t.text + "\"";
    case Token::Kind::ident: return "'" + t.text + "'";
    case Token::Kind::op: return "'" + t.text + "'";
    case Token::Kind::error: return t.text;
  }
  return "?";
}

struct Failure {
  SyntaxError error;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { advance(); }

  ExprPtr parse() {
    ExprPtr e = or_expr();
    if (tok_.kind != Token::Kind::end) fail(tok_, "expected 'and', 'or', an operator or the end, found " + describe(tok_));
    return e;
  }

 private:
  void advance() {
    tok_ = lexer_.next();
    if (tok_.kind == Token::Kind::error) throw Failure{{tok_.offset, tok_.text}};
  }
  [[noreturn]] void fail(const Token& at, std::string message) { throw Failure{{at.offset, std::move(message)}}; }
  bool is_op(const char* op) const { return tok_.kind == Token::Kind::op && tok_.text == op; }
  bool is_word(const char* w) const { return tok_.kind == Token::Kind::ident && tok_.text == w; }

  struct DepthGuard {
    Parser& p;
    DepthGuard(Parser& parser, const Token& at) : p(parser) {
      if (++p.depth_ > kMaxExprDepth)
        p.fail(at, "expression nested deeper than " + std::to_string(kMaxExprDepth) + " levels");
    }
    ~DepthGuard() { --p.depth_; }
  };

  // Operator chains ("1 + 1 + ...") nest the tree without parentheses: cap them too, since
  // checking and evaluation recurse over the tree.
  ExprPtr node(Expr::Op op, size_t offset, std::vector<ExprPtr> args) {
    if (++operators_ > kMaxOperators)
      throw Failure{{offset, "expression has more than " + std::to_string(kMaxOperators) + " operators"}};
    auto e = std::make_shared<Expr>();
    e->op = op;
    e->offset = offset;
    e->args = std::move(args);
    return e;
  }

  ExprPtr or_expr() {
    ExprPtr left = and_expr();
    while (is_word("or")) {
      size_t at = tok_.offset;
      advance();
      left = node(Expr::Op::or_, at, {left, and_expr()});
    }
    return left;
  }

  ExprPtr and_expr() {
    ExprPtr left = not_expr();
    while (is_word("and")) {
      size_t at = tok_.offset;
      advance();
      left = node(Expr::Op::and_, at, {left, not_expr()});
    }
    return left;
  }

  ExprPtr not_expr() {
    if (is_word("not")) {
      DepthGuard g(*this, tok_);
      size_t at = tok_.offset;
      advance();
      return node(Expr::Op::not_, at, {not_expr()});
    }
    return comparison();
  }

  ExprPtr comparison() {
    ExprPtr left = sum();
    static const std::pair<const char*, Expr::Op> kCmp[] = {{"==", Expr::Op::eq}, {"!=", Expr::Op::ne},
                                                             {"<", Expr::Op::lt},  {"<=", Expr::Op::le},
                                                             {">", Expr::Op::gt},  {">=", Expr::Op::ge}};
    for (const auto& [spelling, op] : kCmp) {
      if (is_op(spelling)) {
        size_t at = tok_.offset;
        advance();
        ExprPtr right = sum();
        for (const auto& [s2, op2] : kCmp)
          if (is_op(s2)) fail(tok_, "comparisons do not chain: use 'and' between two comparisons");
        return node(op, at, {left, right});
      }
    }
    return left;
  }

  ExprPtr sum() {
    ExprPtr left = product();
    while (is_op("+") || is_op("-")) {
      Expr::Op op = is_op("+") ? Expr::Op::add : Expr::Op::sub;
      size_t at = tok_.offset;
      advance();
      left = node(op, at, {left, product()});
    }
    return left;
  }

  ExprPtr product() {
    ExprPtr left = unary();
    while (is_op("*") || is_op("/")) {
      Expr::Op op = is_op("*") ? Expr::Op::mul : Expr::Op::div;
      size_t at = tok_.offset;
      advance();
      left = node(op, at, {left, unary()});
    }
    return left;
  }

  ExprPtr unary() {
    if (is_op("-")) {
      DepthGuard g(*this, tok_);
      size_t at = tok_.offset;
      advance();
      return node(Expr::Op::neg, at, {unary()});
    }
    return primary();
  }

  ExprPtr primary() {
    Token t = tok_;
    auto e = std::make_shared<Expr>();
    e->offset = t.offset;
    switch (t.kind) {
      case Token::Kind::number:
        advance();
        e->op = Expr::Op::number;
        e->number = t.number;
        return e;
      case Token::Kind::string:
        advance();
        e->op = Expr::Op::string;
        e->text = t.text;
        return e;
      case Token::Kind::op:
        if (t.text == "(") {
          DepthGuard g(*this, t);
          advance();
          ExprPtr inner = or_expr();
          if (!is_op(")")) fail(tok_, "expected ')' to close the '(' at column " + std::to_string(t.offset + 1) +
                                          " of the expression, found " + describe(tok_));
          advance();
          return inner;
        }
        break;
      case Token::Kind::ident: {
        if (t.text == "true" || t.text == "false") {
          advance();
          e->op = Expr::Op::boolean;
          e->boolean = t.text == "true";
          return e;
        }
        if (t.text == "kernel") {
          advance();
          e->op = Expr::Op::kernel;
          return e;
        }
        if (t.text == "profile") {
          advance();
          if (!is_op(".")) fail(tok_, "expected '.' and a trait name after 'profile', found " + describe(tok_));
          advance();
          if (tok_.kind != Token::Kind::ident || is_keyword(tok_.text))
            fail(tok_, "expected a trait name after 'profile.', found " + describe(tok_));
          e->op = Expr::Op::trait;
          e->text = tok_.text;
          e->offset = tok_.offset;
          advance();
          return e;
        }
        if (is_keyword(t.text)) break;
        advance();
        if (!is_op("(")) {  // a name a [[define]] gives (the checker knows which exist)
          e->op = Expr::Op::name;
          e->text = t.text;
          return e;
        }
        DepthGuard g(*this, t);
        advance();
        e->op = Expr::Op::call;
        e->text = t.text;
        if (!is_op(")")) {
          while (true) {
            e->args.push_back(or_expr());
            if (is_op(",")) {
              advance();
              continue;
            }
            if (is_op(")")) break;
            fail(tok_, "expected ',' or ')' in the arguments of " + t.text + "(), found " + describe(tok_));
          }
        }
        advance();
        return e;
      }
      default:
        break;
    }
    fail(t, "expected a value (number, \"string\", true, false, kernel, profile.TRAIT, a function call or "
            "'('), found " + describe(t));
  }

  static constexpr int kMaxOperators = 1000;
  Lexer lexer_;
  Token tok_;
  int depth_ = 0;
  int operators_ = 0;
};

}  // namespace

ParsedExpr parse_expression(std::string_view text) {
  ParsedExpr out;
  try {
    Parser p(text);
    out.expr = p.parse();
  } catch (const Failure& f) {
    out.errors.push_back(f.error);
  }
  return out;
}

ParsedTemplate parse_template(std::string_view text) {
  ParsedTemplate out;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) out.tmpl.parts.push_back({literal, nullptr, 0});
    literal.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      i += 2;
      continue;
    }
    if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      literal += '}';
      i += 2;
      continue;
    }
    if (c == '}') {
      out.errors.push_back({i, "unmatched '}': write '}}' for a literal brace"});
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      ++i;
      continue;
    }
    // Find the closing brace, skipping over strings inside the hole.
    size_t j = i + 1;
    bool in_string = false;
    while (j < text.size() && (in_string || text[j] != '}')) {
      if (text[j] == '\\' && in_string) ++j;
      else if (text[j] == '"') in_string = !in_string;
      ++j;
    }
    if (j >= text.size()) {
      out.errors.push_back({i, "unclosed '{': expected '}' after the expression (write '{{' for a literal brace)"});
      break;
    }
    std::string_view inner = text.substr(i + 1, j - i - 1);
    ParsedExpr pe = parse_expression(inner);
    if (!pe.errors.empty()) {
      for (auto& e : pe.errors) out.errors.push_back({i + 1 + e.offset, e.message});
    } else {
      flush();
      out.tmpl.parts.push_back({"", pe.expr, i + 1});
    }
    i = j + 1;
  }
  flush();
  return out;
}

std::string to_source(const Expr& e) {
  auto bin = [&](const char* op) { return "(" + to_source(*e.args[0]) + " " + op + " " + to_source(*e.args[1]) + ")"; };
  switch (e.op) {
    case Expr::Op::number: {
      std::string s = std::to_string(e.number);
      if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
      }
      return s;
    }
    case Expr::Op::string: return "\"" + e.text + "\"";
    case Expr::Op::boolean: return e.boolean ? "true" : "false";
    case Expr::Op::kernel: return "kernel";
    case Expr::Op::trait: return "profile." + e.text;
    case Expr::Op::name: return e.text;
    case Expr::Op::call: {
      std::string s = e.text + "(";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + to_source(*e.args[i]);
      return s + ")";
    }
    case Expr::Op::neg: return "-" + to_source(*e.args[0]);
    case Expr::Op::not_: return "not " + to_source(*e.args[0]);
    case Expr::Op::and_: return bin("and");
    case Expr::Op::or_: return bin("or");
    case Expr::Op::eq: return bin("==");
    case Expr::Op::ne: return bin("!=");
    case Expr::Op::lt: return bin("<");
    case Expr::Op::le: return bin("<=");
    case Expr::Op::gt: return bin(">");
    case Expr::Op::ge: return bin(">=");
    case Expr::Op::add: return bin("+");
    case Expr::Op::sub: return bin("-");
    case Expr::Op::mul: return bin("*");
    case Expr::Op::div: return bin("/");
  }
  return "?";
}

}  // namespace sa::engine
