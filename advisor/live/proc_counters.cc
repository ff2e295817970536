#include "advisor/live/proc_counters.h"

#include <charconv>

#include "advisor/core/diagnostic_limit.h"
#include "advisor/core/text.h"

namespace sa::live {
namespace {

struct Line {
  std::string_view text;
  int number = 0;  // 1-based
};

// Lines one at a time: a 64 MiB file of newlines must not become 64 million entries in memory.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}
  bool next(Line& line) {
    if (done_ || rest_.empty()) return false;
    size_t end = rest_.find('\n');
    line = {rest_.substr(0, end), ++number_};
    if (end == std::string_view::npos) done_ = true;
    else rest_.remove_prefix(end + 1);
    return true;
  }

 private:
  std::string_view rest_;
  int number_ = 0;
  bool done_ = false;
};

Diagnostic error_at(const std::string& file, const Line& line, int col, std::string code, std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = std::move(code);
  d.where = {file, line.number, col};
  d.message = std::move(message);
  d.source_line = source_excerpt(line.text);
  return d;
}

// Counters print as %lu (netstat, most of snmp) or %ld (Tcp MaxConn is -1): both fit int64 on
// every kernel we know; anything larger is reported rather than wrapped.
enum class NumberError { none, not_a_number, out_of_range };

NumberError parse_int64(std::string_view word, int64_t& value) {
  const char* begin = word.data();
  const char* end = word.data() + word.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) return NumberError::out_of_range;
  if (ec != std::errc() || ptr != end) return NumberError::not_a_number;
  return NumberError::none;
}

// "TcpExt:" -> "TcpExt"; empty when the first word is not a prefix.
std::string_view prefix_of(const std::vector<LocatedWord>& words) {
  if (words.empty() || words[0].text.size() < 2 || words[0].text.back() != ':') return {};
  return words[0].text.substr(0, words[0].text.size() - 1);
}

bool looks_like_header(const std::vector<LocatedWord>& words) {
  // A header's columns are names; a value line's are numbers. One non-number decides it.
  for (size_t i = 1; i < words.size(); ++i) {
    int64_t v;
    if (parse_int64(words[i].text, v) == NumberError::not_a_number) return true;
  }
  return false;
}

// A line past kMaxCounterLineBytes, reported once; it is skipped like a line without a prefix.
Diagnostic overlong(const std::string& file, const Line& line) {
  return error_at(file, line, 1, diag::kProcColumnMismatch,
                  "line of " + std::to_string(line.text.size()) + " bytes (a /proc counter line is at most " +
                      std::to_string(kMaxCounterLineBytes) + "): skipped");
}

}  // namespace

void parse_counter_pairs(std::string_view text, const std::string& file, std::map<std::string, int64_t>& out,
                         std::vector<Diagnostic>& all_diags) {
  FileDiagnostics diags(all_diags, file, diag::kProcTooManyProblems);
  LineReader lines(text);
  Line header, value_line;
  bool have_header = lines.next(header);
  while (have_header) {
    if (header.text.size() > kMaxCounterLineBytes) {
      diags.add(overlong(file, header));
      have_header = lines.next(header);
      continue;
    }
    std::vector<LocatedWord> names = located_words(header.text);
    if (names.empty()) {
      have_header = lines.next(header);
      continue;
    }
    std::string_view prefix = prefix_of(names);
    if (prefix.empty()) {
      diags.add(error_at(file, header, names[0].col, diag::kProcNoPrefix,
                         "expected a line starting with a prefix such as \"TcpExt:\", found \"" +
                             quoted_excerpt(names[0].text) + "\""));
      have_header = lines.next(header);
      continue;
    }
    // A pair is two consecutive lines with the same prefix; the first names the columns.
    const bool have_values = lines.next(value_line);
    std::vector<LocatedWord> values;
    if (have_values && value_line.text.size() <= kMaxCounterLineBytes) values = located_words(value_line.text);
    if (values.empty() || prefix_of(values) != prefix) {
      if (looks_like_header(names)) {
        diags.add(error_at(file, header, 1, diag::kProcHeaderWithoutValues,
                           "header \"" + quoted_excerpt(prefix) + ":\" is not followed by its value line (\"" +
                               quoted_excerpt(prefix) + ": <numbers>\"); its counters are unknown"));
      } else {
        diags.add(error_at(file, header, 1, diag::kProcValueWithoutHeader,
                           "values for \"" + quoted_excerpt(prefix) + "\" without a header line of names before them"));
      }
      // The next line may start the next pair.
      header = value_line;
      have_header = have_values;
      continue;
    }
    if (values.size() != names.size()) {
      diags.add(error_at(file, value_line, 1, diag::kProcColumnMismatch,
                         "\"" + quoted_excerpt(prefix) + ":\" has " + std::to_string(names.size() - 1) +
                             " names on line " + std::to_string(header.number) + " but " +
                             std::to_string(values.size() - 1) +
                             " values here; the columns cannot be matched, its counters are unknown"));
      have_header = lines.next(header);
      continue;
    }
    std::string key(prefix);
    key += '.';
    const size_t base = key.size();
    for (size_t c = 1; c < names.size(); ++c) {
      int64_t v = 0;
      NumberError err = parse_int64(values[c].text, v);
      key.resize(base);
      key += names[c].text;
      if (err == NumberError::none) {
        out[key] = v;
      } else {
        diags.add(error_at(file, value_line, values[c].col,
                           err == NumberError::out_of_range ? diag::kProcNumberOutOfRange : diag::kProcNotANumber,
                           quoted_excerpt(key) + ": expected an integer in the signed 64-bit range, found \"" +
                               quoted_excerpt(values[c].text) + "\""));
      }
    }
    have_header = lines.next(header);
  }
}

void parse_sockstat(std::string_view text, const std::string& file,
                    std::map<std::string, std::map<std::string, int64_t>>& out, std::vector<Diagnostic>& all_diags) {
  FileDiagnostics diags(all_diags, file, diag::kProcTooManyProblems);
  LineReader lines(text);
  Line line;
  while (lines.next(line)) {
    if (line.text.size() > kMaxCounterLineBytes) {
      diags.add(overlong(file, line));
      continue;
    }
    std::vector<LocatedWord> words = located_words(line.text);
    if (words.empty()) continue;
    std::string_view prefix = prefix_of(words);
    if (prefix.empty()) {
      diags.add(error_at(file, line, 1, diag::kProcNoPrefix,
                         "expected \"PROTO: name value ...\" (like \"TCP: inuse 5 tw 2\")"));
      continue;
    }
    if ((words.size() - 1) % 2 != 0) {
      diags.add(error_at(file, line, words.back().col, diag::kProcColumnMismatch,
                         "\"" + quoted_excerpt(prefix) + ":\" has a name without its value; expected name/value pairs"));
    }
    auto& table = out[std::string(prefix)];
    for (size_t c = 1; c + 1 < words.size(); c += 2) {
      int64_t v = 0;
      NumberError err = parse_int64(words[c + 1].text, v);
      if (err == NumberError::none) {
        table[std::string(words[c].text)] = v;
      } else {
        diags.add(error_at(file, line, words[c + 1].col,
                           err == NumberError::out_of_range ? diag::kProcNumberOutOfRange : diag::kProcNotANumber,
                           quoted_excerpt(prefix) + " " + quoted_excerpt(words[c].text) +
                               ": expected an integer, found \"" + quoted_excerpt(words[c + 1].text) + "\""));
      }
    }
  }
}

bool is_gauge(std::string_view counter) {
  // snmp's Tcp: RtoAlgorithm/RtoMin/RtoMax/MaxConn are constants and CurrEstab is a level
  // (RFC 4022); Ip: Forwarding and DefaultTTL are settings.
  static constexpr std::string_view kGauges[] = {"Tcp.RtoAlgorithm", "Tcp.RtoMin",  "Tcp.RtoMax",      "Tcp.MaxConn",
                                                 "Tcp.CurrEstab",    "Ip.Forwarding", "Ip.DefaultTTL"};
  for (std::string_view g : kGauges)
    if (g == counter) return true;
  return false;
}

}  // namespace sa::live
