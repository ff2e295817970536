// The reader's view of a TOML file: its lines (for carets), 1-based positions of every item, and
// strings that remember where their content starts so an error at offset N inside a condition
// maps back to the file's line and column.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "advisor/core/diagnostic.h"

namespace sa::engine {

struct SourceFile {
  std::string display;
  std::vector<std::string> lines;
  std::string line(int n) const { return n >= 1 && n <= static_cast<int>(lines.size()) ? lines[n - 1] : ""; }
};
using SourcePtr = std::shared_ptr<const SourceFile>;

SourcePtr make_source(const std::string& display, const std::string& text);

// A string value read from the file.
struct Str {
  std::string value;
  Location at;  // the opening delimiter
  SourcePtr src;
};

Location location(const SourcePtr& src, const toml::source_region& r);
// Where the content byte `offset` of the string sits in the file (walks escapes, line-ending
// backslashes and the newline trimmed after an opening triple quote).
Location locate(const Str& s, size_t offset);

Diagnostic make_error(const SourcePtr& src, Location at, std::string code, std::string message);

// Reads the file's text as a TOML table; a syntax error is one diagnostic (toml++ stops there).
std::optional<toml::table> parse_toml(const SourcePtr& src, const std::string& text, std::vector<Diagnostic>& out);

// Field access that records what was expected where, so one pass reports every mistake.
class TableReader {
 public:
  TableReader(const toml::table& t, SourcePtr src, std::string what /* "rule 'x'" */, std::vector<Diagnostic>& out);

  std::optional<Str> string(const char* name, bool required);
  // A string, or an integer written without quotes (value = 1), as text.
  std::optional<Str> scalar_text(const char* name, bool required);
  std::optional<int64_t> integer(const char* name, bool required, Location* at = nullptr);
  std::optional<bool> boolean(const char* name, bool required, Location* at = nullptr);
  std::optional<std::vector<Str>> strings(const char* name);
  const toml::table* table(const char* name, Location* at = nullptr);
  const toml::array* array(const char* name, Location* at = nullptr);
  // Every key of the table not in `known` is an error (a typo would otherwise be ignored).
  void reject_unknown(const std::vector<std::string>& known);

  Location where() const { return location(src_, table_.source()); }
  Location at_key(const char* name) const;
  void error(Location at, std::string code, std::string message);
  const SourcePtr& src() const { return src_; }

 private:
  const toml::node* get(const char* name) const { return table_.get(name); }
  void wrong_type(const char* name, const toml::node& n, const char* expected);

  const toml::table& table_;
  SourcePtr src_;
  std::string what_;
  std::vector<Diagnostic>& out_;
};

Str to_str(const toml::node& n, const SourcePtr& src);
std::string type_name(const toml::node& n);

}  // namespace sa::engine
