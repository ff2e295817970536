#include "advisor/live/proc_counters.h"

#include <charconv>

#include "advisor/core/text.h"

namespace sa::live {
namespace {

struct Line {
  std::string_view text;
  int number = 0;  // 1-based
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  int n = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    lines.push_back({line, ++n});
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

Diagnostic error_at(const std::string& file, const Line& line, int col, std::string code, std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = std::move(code);
  d.where = {file, line.number, col};
  d.message = std::move(message);
  d.source_line = std::string(line.text);
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

}  // namespace

void parse_counter_pairs(std::string_view text, const std::string& file, std::map<std::string, int64_t>& out,
                         std::vector<Diagnostic>& diags) {
  std::vector<Line> lines = split_lines(text);
  size_t i = 0;
  while (i < lines.size()) {
    const Line& header = lines[i];
    std::vector<LocatedWord> names = located_words(header.text);
    if (names.empty()) {
      ++i;
      continue;
    }
    std::string_view prefix = prefix_of(names);
    if (prefix.empty()) {
      diags.push_back(error_at(file, header, names[0].col, diag::kProcNoPrefix,
                               "expected a line starting with a prefix such as \"TcpExt:\", found \"" +
                                   std::string(names[0].text) + "\""));
      ++i;
      continue;
    }
    // A pair is two consecutive lines with the same prefix; the first names the columns.
    std::vector<LocatedWord> values;
    if (i + 1 < lines.size()) values = located_words(lines[i + 1].text);
    if (values.empty() || prefix_of(values) != prefix) {
      if (looks_like_header(names)) {
        diags.push_back(error_at(file, header, 1, diag::kProcHeaderWithoutValues,
                                 "header \"" + std::string(prefix) + ":\" is not followed by its value line (\"" +
                                     std::string(prefix) + ": <numbers>\"); its counters are unknown"));
      } else {
        diags.push_back(error_at(file, header, 1, diag::kProcValueWithoutHeader,
                                 "values for \"" + std::string(prefix) + "\" without a header line of names before them"));
      }
      ++i;
      continue;
    }
    const Line& value_line = lines[i + 1];
    if (values.size() != names.size()) {
      diags.push_back(error_at(file, value_line, 1, diag::kProcColumnMismatch,
                               "\"" + std::string(prefix) + ":\" has " + std::to_string(names.size() - 1) +
                                   " names on line " + std::to_string(header.number) + " but " +
                                   std::to_string(values.size() - 1) +
                                   " values here; the columns cannot be matched, its counters are unknown"));
      i += 2;
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
        diags.push_back(error_at(file, value_line, values[c].col,
                                 err == NumberError::out_of_range ? diag::kProcNumberOutOfRange : diag::kProcNotANumber,
                                 key + ": expected an integer in the signed 64-bit range, found \"" +
                                     std::string(values[c].text) + "\""));
      }
    }
    i += 2;
  }
}

void parse_sockstat(std::string_view text, const std::string& file,
                    std::map<std::string, std::map<std::string, int64_t>>& out, std::vector<Diagnostic>& diags) {
  for (const Line& line : split_lines(text)) {
    std::vector<LocatedWord> words = located_words(line.text);
    if (words.empty()) continue;
    std::string_view prefix = prefix_of(words);
    if (prefix.empty()) {
      diags.push_back(error_at(file, line, 1, diag::kProcNoPrefix,
                               "expected \"PROTO: name value ...\" (like \"TCP: inuse 5 tw 2\")"));
      continue;
    }
    if ((words.size() - 1) % 2 != 0) {
      diags.push_back(error_at(file, line, words.back().col, diag::kProcColumnMismatch,
                               "\"" + std::string(prefix) + ":\" has a name without its value; expected name/value pairs"));
    }
    auto& table = out[std::string(prefix)];
    for (size_t c = 1; c + 1 < words.size(); c += 2) {
      int64_t v = 0;
      NumberError err = parse_int64(words[c + 1].text, v);
      if (err == NumberError::none) {
        table[std::string(words[c].text)] = v;
      } else {
        diags.push_back(error_at(file, line, words[c + 1].col,
                                 err == NumberError::out_of_range ? diag::kProcNumberOutOfRange : diag::kProcNotANumber,
                                 std::string(prefix) + " " + std::string(words[c].text) +
                                     ": expected an integer, found \"" + std::string(words[c + 1].text) + "\""));
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
