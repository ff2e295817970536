#include "advisor/engine/toml_source.h"

#include <sstream>

#include "advisor/core/diagnostic_limit.h"
#include "advisor/engine/engine.h"

namespace sa::engine {

SourcePtr make_source(const std::string& display, const std::string& text) {
  auto src = std::make_shared<SourceFile>();
  src->display = display;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    src->lines.push_back(line);
  }
  return src;
}

Location location(const SourcePtr& src, const toml::source_region& r) {
  return Location{src->display, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

Location locate(const Str& s, size_t offset) {
  Location loc = s.at;
  if (!s.src || loc.line <= 0 || loc.col <= 0) return loc;
  const auto& lines = s.src->lines;
  size_t line = static_cast<size_t>(loc.line - 1), col = static_cast<size_t>(loc.col - 1);
  if (line >= lines.size()) return loc;
  const std::string& first = lines[line];
  std::string delim;
  for (const char* d : {"'''", "\"\"\"", "'", "\""}) {
    if (first.compare(col, std::string(d).size(), d) == 0) {
      delim = d;
      break;
    }
  }
  if (delim.empty()) return loc;  // not a string literal we recognise: point at the value
  bool basic = delim[0] == '"', multi = delim.size() == 3;
  col += delim.size();
  // A newline right after an opening triple quote is not part of the content.
  if (multi && col >= lines[line].size()) {
    ++line;
    col = 0;
  }
  size_t consumed = 0;
  while (line < lines.size()) {
    const std::string& l = lines[line];
    if (col >= l.size()) {  // end of a raw line: the content has a '\n' here
      if (consumed == offset) break;
      ++consumed;
      ++line;
      col = 0;
      continue;
    }
    if (basic && l[col] == '\\') {
      // A line-ending backslash swallows the newline and the whitespace after it.
      size_t rest = l.find_first_not_of(" \t", col + 1);
      if (multi && rest == std::string::npos) {
        ++line;
        col = 0;
        while (line < lines.size() && lines[line].find_first_not_of(" \t") == std::string::npos) ++line;
        if (line < lines.size()) col = lines[line].find_first_not_of(" \t");
        continue;
      }
      if (consumed == offset) break;
      size_t width = 2;
      if (col + 1 < l.size() && l[col + 1] == 'u') width = 6;
      if (col + 1 < l.size() && l[col + 1] == 'U') width = 10;
      col += width;
      ++consumed;  // approximate for \u escapes that expand to several UTF-8 bytes
      continue;
    }
    if (consumed == offset) break;
    ++consumed;
    ++col;
  }
  if (line >= lines.size()) return loc;
  return Location{loc.file, static_cast<int>(line + 1), static_cast<int>(col + 1)};
}

Diagnostic make_error(const SourcePtr& src, Location at, std::string code, std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = std::move(code);
  if (at.file.empty()) at.file = src->display;
  d.source_line = source_excerpt(src->line(at.line));
  d.where = std::move(at);
  d.message = std::move(message);
  return d;
}

void add_error(std::vector<Diagnostic>& out, const SourcePtr& src, Location at, std::string code, std::string message) {
  const size_t n = src->errors++;
  if (n < kMaxDiagnosticsPerFile) {
    out.push_back(make_error(src, std::move(at), std::move(code), std::move(message)));
  } else if (n == kMaxDiagnosticsPerFile) {
    Diagnostic d;
    d.code = diag::kTomlTooManyProblems;
    d.where = Location{src->display, 0, 0};
    d.message = "more errors in this file are not shown (the first " + std::to_string(kMaxDiagnosticsPerFile) +
                " are); is it a file of this format at all?";
    out.push_back(std::move(d));
  }
}

size_t errors_shown_left(const SourcePtr& src) {
  const size_t n = src->errors;
  return n < kMaxDiagnosticsPerFile ? kMaxDiagnosticsPerFile - n : 0;
}

std::string hint_if_shown(const SourcePtr& src, const std::string& typed, const std::vector<std::string>& candidates) {
  return errors_shown_left(src) > 0 ? did_you_mean_hint(typed, candidates) : "";
}

std::optional<toml::table> parse_toml(const SourcePtr& src, const std::string& text, std::vector<Diagnostic>& out) {
  try {
    return toml::parse(text, src->display);
  } catch (const toml::parse_error& e) {
    add_error(out, src, location(src, e.source()), diag::kTomlSyntax, "invalid TOML: " + std::string(e.description()));
    return std::nullopt;
  }
}

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

Str to_str(const toml::node& n, const SourcePtr& src) {
  Str s;
  s.at = location(src, n.source());
  s.src = src;
  if (auto v = n.value<std::string>()) s.value = *v;
  return s;
}

TableReader::TableReader(const toml::table& t, SourcePtr src, std::string what, std::vector<Diagnostic>& out)
    : table_(t), src_(std::move(src)), what_(std::move(what)), out_(out) {}

void TableReader::error(Location at, std::string code, std::string message) {
  add_error(out_, src_, std::move(at), std::move(code), what_.empty() ? message : "in " + what_ + ": " + message);
}

Location TableReader::at_key(const char* name) const {
  for (auto&& [k, v] : table_)
    if (k.str() == name) return location(src_, k.source());
  return where();
}

void TableReader::wrong_type(const char* name, const toml::node& n, const char* expected) {
  error(location(src_, n.source()), diag::kWrongType,
        std::string("'") + name + "' must be " + expected + ", found " + type_name(n));
}

std::optional<Str> TableReader::string(const char* name, bool required) {
  const toml::node* n = get(name);
  if (!n) {
    if (required) error(where(), diag::kMissingField, std::string("missing '") + name + "' (a string)");
    return std::nullopt;
  }
  if (!n->is_string()) {
    wrong_type(name, *n, "a string");
    return std::nullopt;
  }
  return to_str(*n, src_);
}

std::optional<Str> TableReader::scalar_text(const char* name, bool required) {
  const toml::node* n = get(name);
  if (n && n->is_integer()) {
    Str s = to_str(*n, src_);
    s.value = std::to_string(*n->value<int64_t>());
    return s;
  }
  if (n && n->is_boolean()) {
    Str s = to_str(*n, src_);
    s.value = *n->value<bool>() ? "1" : "0";
    return s;
  }
  if (n && !n->is_string()) {
    wrong_type(name, *n, "a string or an integer");
    return std::nullopt;
  }
  return string(name, required);
}

std::optional<int64_t> TableReader::integer(const char* name, bool required, Location* at) {
  const toml::node* n = get(name);
  if (!n) {
    if (required) error(where(), diag::kMissingField, std::string("missing '") + name + "' (an integer)");
    return std::nullopt;
  }
  if (at) *at = location(src_, n->source());
  if (!n->is_integer()) {
    wrong_type(name, *n, "an integer");
    return std::nullopt;
  }
  return *n->value<int64_t>();
}

std::optional<bool> TableReader::boolean(const char* name, bool required, Location* at) {
  const toml::node* n = get(name);
  if (!n) {
    if (required) error(where(), diag::kMissingField, std::string("missing '") + name + "' (true or false)");
    return std::nullopt;
  }
  if (at) *at = location(src_, n->source());
  if (!n->is_boolean()) {
    wrong_type(name, *n, "true or false");
    return std::nullopt;
  }
  return *n->value<bool>();
}

std::optional<std::vector<Str>> TableReader::strings(const char* name) {
  const toml::node* n = get(name);
  if (!n) return std::nullopt;
  if (!n->is_array()) {
    wrong_type(name, *n, "an array of strings");
    return std::nullopt;
  }
  std::vector<Str> out;
  for (const toml::node& item : *n->as_array()) {
    if (!item.is_string()) {
      error(location(src_, item.source()), diag::kWrongType,
            std::string("'") + name + "' must hold only strings, found " + type_name(item));
      continue;
    }
    out.push_back(to_str(item, src_));
  }
  return out;
}

const toml::table* TableReader::table(const char* name, Location* at) {
  const toml::node* n = get(name);
  if (!n) return nullptr;
  if (at) *at = location(src_, n->source());
  if (!n->is_table()) {
    wrong_type(name, *n, "a table");
    return nullptr;
  }
  return n->as_table();
}

const toml::array* TableReader::array(const char* name, Location* at) {
  const toml::node* n = get(name);
  if (!n) return nullptr;
  if (at) *at = location(src_, n->source());
  if (!n->is_array()) {
    wrong_type(name, *n, "an array");
    return nullptr;
  }
  return n->as_array();
}

void TableReader::reject_unknown(const std::vector<std::string>& known) {
  for (auto&& [k, v] : table_) {
    std::string name(k.str());
    bool ok = false;
    for (const auto& n : known) ok = ok || n == name;
    if (ok) continue;
    error(location(src_, k.source()), diag::kUnknownField,
          "unknown field '" + name + "'" + hint_if_shown(src_, name, known));
  }
}

}  // namespace sa::engine
