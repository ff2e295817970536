#include "advisor/live/conntrack_stat.h"

#include <charconv>
#include <set>

#include "advisor/core/diagnostic_limit.h"
#include "advisor/core/text.h"
#include "advisor/live/proc_counters.h"

namespace sa::live {
namespace {

Diagnostic error_at(const std::string& file, int line, int col, std::string_view text, std::string code,
                    std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = std::move(code);
  d.where = {file, line, col};
  d.message = std::move(message);
  d.source_line = source_excerpt(text);
  return d;
}

// "%08x" of a 32-bit per-CPU counter; anything else (sign, 0x, more than 16 digits) is refused.
bool parse_hex(std::string_view word, int64_t& value) {
  if (word.empty() || word.size() > 15) return false;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), v, 16);
  if (ec != std::errc() || ptr != word.data() + word.size()) return false;
  value = static_cast<int64_t>(v);
  return true;
}

}  // namespace

bool parse_conntrack_stat(std::string_view text, const std::string& file, ConntrackStat& out,
                          std::vector<Diagnostic>& all_diags) {
  FileDiagnostics diags(all_diags, file, diag::kProcTooManyProblems);
  out = ConntrackStat{};
  std::vector<LocatedWord> names;
  std::set<std::string> poisoned;  // columns whose total cannot be trusted
  bool all_poisoned = false;
  std::map<std::string, int64_t> sums;
  int n = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++n;
    if (line.size() > kMaxCounterLineBytes) {
      diags.add(error_at(file, n, 1, line, diag::kProcColumnMismatch,
                         "line of " + std::to_string(line.size()) + " bytes (a row of these statistics is at most " +
                             std::to_string(kMaxCounterLineBytes) + "): the conntrack totals are unknown"));
      all_poisoned = true;
      continue;
    }
    std::vector<LocatedWord> words = located_words(line);
    if (words.empty()) continue;
    if (names.empty()) {
      int64_t probe;
      if (parse_hex(words[0].text, probe)) {
        diags.add(error_at(file, n, 1, line, diag::kProcValueWithoutHeader,
                           "expected the header line of column names (\"entries  clashres found ...\") before the "
                           "per-CPU rows; the conntrack statistics are unknown"));
        return false;
      }
      names = std::move(words);
      continue;
    }
    if (words.size() != names.size()) {
      diags.add(error_at(file, n, words.back().col, line, diag::kProcColumnMismatch,
                         "CPU row has " + std::to_string(words.size()) + " fields but the header names " +
                             std::to_string(names.size()) +
                             " columns; they cannot be matched, the conntrack totals are unknown"));
      all_poisoned = true;
      continue;
    }
    ++out.cpus;
    for (size_t c = 0; c < names.size(); ++c) {
      const std::string name(names[c].text);
      int64_t v = 0;
      if (!parse_hex(words[c].text, v)) {
        diags.add(error_at(file, n, words[c].col, line, diag::kProcNotANumber,
                           quoted_excerpt(name) + ": expected a hexadecimal counter (%08x), found \"" +
                               quoted_excerpt(words[c].text) + "\"; its total is unknown"));
        poisoned.insert(name);
        continue;
      }
      if (name == "entries") {
        if (out.entries < 0) out.entries = v;  // the namespace's count, repeated on every row
        continue;
      }
      // The kernel prints each per-CPU counter as a 32-bit "%08x" (ct_cpu_seq_show(),
      // nf_conntrack_standalone.c), so real sums fit easily; parse_hex takes up to 15 digits, and a
      // hand-made copy of 16 such rows would pass int64: that total is unknown, not UB.
      if (__builtin_add_overflow(sums[name], v, &sums[name])) poisoned.insert(name);
    }
  }
  if (names.empty()) {
    if (!all_poisoned)
      diags.add(error_at(file, 1, 1, "", diag::kProcHeaderWithoutValues,
                         "empty file: expected a header line and one row per CPU; the conntrack statistics are unknown"));
    return false;
  }
  if (out.cpus == 0 && !all_poisoned) {
    diags.add(error_at(file, n, 1, "", diag::kProcHeaderWithoutValues,
                       "the header is not followed by any CPU row; the conntrack statistics are unknown"));
    return false;
  }
  if (all_poisoned) {
    out.entries = -1;
    return false;
  }
  for (auto& [name, sum] : sums)
    if (!poisoned.count(name)) out.totals[name] = sum;
  if (poisoned.count("entries")) out.entries = -1;
  return !out.totals.empty() || out.entries >= 0;
}

}  // namespace sa::live
