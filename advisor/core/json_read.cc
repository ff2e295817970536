#include "advisor/core/json_read.h"

#include "advisor/core/printable.h"

namespace sa {
namespace {

using json = nlohmann::json;

// The library's DOM builder, with the nesting counted (returning false stops the parse before
// anything deeper is built) and the error's position and kind kept instead of thrown.
class LimitedDom : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  LimitedDom(json& out, size_t max_depth) : json_sax_dom_parser(out, /*allow_exceptions=*/false), max_(max_depth) {}

  bool start_object(std::size_t n) { return deeper() && json_sax_dom_parser::start_object(n); }
  bool start_array(std::size_t n) { return deeper() && json_sax_dom_parser::start_array(n); }
  bool end_object() { --depth_; return json_sax_dom_parser::end_object(); }
  bool end_array() { --depth_; return json_sax_dom_parser::end_array(); }

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& last_token, const Exception& ex) {
    failed_ = true;
    position_ = position;
    token_ = last_token;
    id_ = ex.id;
    return false;
  }

  bool too_deep = false;
  bool failed_ = false;
  size_t position_ = 0;  // bytes read when it failed
  std::string token_;
  int id_ = 0;

 private:
  bool deeper() {
    if (++depth_ <= max_) return true;
    too_deep = true;
    return false;
  }
  size_t depth_ = 0, max_;
};

void locate(std::string_view text, size_t offset, JsonError& err) {
  offset = std::min(offset, text.size());
  err.line = 1;
  err.col = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++err.line;
      err.col = 1;
    } else {
      ++err.col;
    }
  }
}

// Bytes consumed at a '[' or '{': the position of the one that went too deep.
size_t nth_open(std::string_view text, size_t depth) {
  size_t d = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++d > depth) return i;
    } else if (c == ']' || c == '}') {
      --d;
    }
  }
  return text.size();
}

std::string shown_token(const std::string& t) {
  std::string s = printable_line(t.size() > 40 ? t.substr(0, 40) + "..." : t);
  return s.empty() ? "the end of the file" : "'" + s + "'";
}

}  // namespace

std::string JsonError::where(const std::string& file) const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

bool parse_json(std::string_view text, json& out, JsonError& err, size_t max_depth) {
  out = json();
  LimitedDom sax(out, max_depth);
  bool ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, /*strict=*/true);
  if (ok && !sax.failed_ && !sax.too_deep) return true;
  out = json();
  if (sax.too_deep) {
    locate(text, nth_open(text, max_depth), err);
    err.message = "nested deeper than " + std::to_string(max_depth) + " levels: no document this tool writes is";
  } else {
    // The library counts the bytes read including the offending one.
    locate(text, sax.position_ == 0 ? 0 : sax.position_ - 1, err);
    if (sax.id_ == 406)
      err.message = "number out of range: " + shown_token(sax.token_);
    else if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
      err.message = "empty: no JSON document";
    else if (sax.position_ == 0 || sax.position_ > text.size())
      err.message = "not valid JSON: the document ends too early";
    else
      err.message = "not valid JSON: unexpected " + shown_token(std::string(1, text[sax.position_ - 1]));
  }
  return false;
}

}  // namespace sa
