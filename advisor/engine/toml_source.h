// The reader's view of a TOML file: its lines (for carets), 1-based positions of every item, and
// strings that remember where their content starts so an error at offset N inside a condition
// maps back to the file's line and column.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "advisor/core/diagnostic.h"

namespace sa::engine {

struct SourceFile {
  std::string display;
  std::vector<std::string> lines;
  // Errors reported against this file so far (add_error): past kMaxDiagnosticsPerFile the rest are
  // dropped, so a file of junk makes a bounded report.
  mutable std::atomic<size_t> errors{0};
  // Line n (1-based), empty when there is none. A view: a diagnostic copies an excerpt, never the line.
  std::string_view line(int n) const {
    return n >= 1 && n <= static_cast<int>(lines.size()) ? std::string_view(lines[n - 1]) : std::string_view();
  }
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

// An error at `at` in `src`, with (at most 240 bytes of) its line for the caret.
Diagnostic make_error(const SourcePtr& src, Location at, std::string code, std::string message);
// Appends make_error(...) to `out`: the first kMaxDiagnosticsPerFile of a file, then one
// `toml-too-many-problems` line saying the rest are not shown, then nothing. Before this a 240 KB
// keys.toml line of 20,000 unknown fields made 20,000 errors each holding the whole line (7.4 GB).
void add_error(std::vector<Diagnostic>& out, const SourcePtr& src, Location at, std::string code, std::string message);
// How many more errors of `src` add_error will show (0 past its cap: they are only counted). The
// costly parts of an error nobody will see are skipped: a "did you mean" (a pass over a list of
// names) and locate() (a walk along the string from its start, per error). Before, a 6.8 MB rules
// file of 200 conditions with 999 unknown keys each took 14.5 s making 200,000 of both.
size_t errors_shown_left(const SourcePtr& src);
// did_you_mean_hint for an error about to be reported against `src`; "" once it would not be shown.
std::string hint_if_shown(const SourcePtr& src, const std::string& typed, const std::vector<std::string>& candidates);

// Whether anything was reported since it was made: `out` grew, or `src` counted an error the cap
// of add_error kept out of `out`. What readers use to decide an item is whole: comparing sizes alone
// would take an item whose errors came past the cap for a good one.
class ErrorMark {
 public:
  ErrorMark(const std::vector<Diagnostic>& out, const SourcePtr& src)
      : out_(out), src_(src), size_(out.size()), errors_(src->errors) {}
  bool clean() const { return out_.size() == size_ && src_->errors == errors_; }

 private:
  const std::vector<Diagnostic>& out_;
  SourcePtr src_;
  size_t size_;
  size_t errors_;
};

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
