// The plan for a person at a terminal: what changes (a table, then the reasoning for each), what
// is advice only, what could not be judged and why, and where rules disagreed.
#include <algorithm>
#include <sstream>

#include "advisor/report/display.h"
#include "advisor/report/plan_formats.h"

namespace sa::report {
namespace {

struct Style {
  bool on;
  std::string wrap(const char* code, const std::string& s) const { return on ? std::string("\033[") + code + "m" + s + "\033[0m" : s; }
  std::string bold(const std::string& s) const { return wrap("1", s); }
  std::string dim(const std::string& s) const { return wrap("2", s); }
  std::string severity(Severity sev) const {
    std::string s(to_string(sev));
    switch (sev) {
      case Severity::error: return wrap("1;31", s);
      case Severity::warning: return wrap("33", s);
      case Severity::notice: return wrap("36", s);
      case Severity::info: return wrap("2", s);
    }
    return s;
  }
};

// Pads by the visible width (colour codes excluded).
std::string pad(const std::string& shown, size_t visible, size_t width) {
  return shown + std::string(width > visible ? width - visible : 0, ' ');
}

// Word-wraps each line of text (paragraphs and list items, as engine::reflow leaves them) to
// kWidth columns under prefix; a list item's continuation lines hang under its text.
constexpr size_t kWidth = 100;

void indented(std::ostringstream& out, const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos) lines.pop_back();
  size_t first = 0;
  while (first < lines.size() && lines[first].find_first_not_of(" \t") == std::string::npos) ++first;
  for (size_t li = first; li < lines.size(); ++li) {
    const std::string& l = lines[li];
    if (l.find_first_not_of(" \t") == std::string::npos) {
      out << "\n";
      continue;
    }
    std::string hang = prefix + ((l.rfind("- ", 0) == 0 || l.rfind("* ", 0) == 0) ? "  " : "");
    std::istringstream words(l);
    std::string word, cur = prefix;
    bool empty = true;
    while (words >> word) {
      if (!empty && cur.size() + 1 + word.size() > kWidth) {
        out << cur << "\n";
        cur = hang;
        empty = true;
      }
      cur += (empty ? "" : " ") + word;
      empty = false;
    }
    out << cur << "\n";
  }
}

std::string origin(const plan::Origin& o) { return o.file + (o.line > 0 ? ":" + std::to_string(o.line) : ""); }

std::string configured_cell(const plan::Change& c) {
  if (!c.configured) return "-";
  return *c.configured + (c.configured_at ? " (" + origin(*c.configured_at) + ")" : "");
}

}  // namespace

std::string plan_text(const plan::Plan& plan, bool color) {
  const plan::Plan p = displayable(plan);  // text from files, escaped for the terminal
  Style st{color};
  std::ostringstream out;
  out << st.bold("Profile: " + p.profile) << (p.profile_reason == "--profile" ? " (--profile)" : "") << "\n";
  if (p.profile_reason != "--profile" && !p.profile_reason.empty()) indented(out, p.profile_reason, "  ");
  out << "Kernel:  " << (p.kernel.empty() ? "unknown" : p.kernel) << "\n";
  if (p.netns)
    out << "Netns:   net:[" << p.netns->inode << "] (" << p.netns->target << ")"
        << (p.netns->host ? ", the host's namespace" : ": values, counters and sockets of that namespace; "
                                                         "configuration files of the host")
        << "\n";
  out << "\n";

  if (p.changes.empty()) {
    out << st.bold("Changes: none") << " -- nothing to change for this profile.\n";
  } else {
    out << st.bold("Changes (" + std::to_string(p.changes.size()) + ")") << "\n";
    const std::vector<std::string> head = {"KEY", "CURRENT", "CONFIGURED", "PROPOSED", "SEVERITY", "RULE"};
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : p.changes)
      rows.push_back({c.key, c.current.value_or("?"), configured_cell(c), c.proposed, std::string(to_string(c.severity)), c.rule});
    std::vector<size_t> width(head.size());
    for (size_t i = 0; i < head.size(); ++i) {
      width[i] = head[i].size();
      for (const auto& r : rows) width[i] = std::max(width[i], r[i].size());
    }
    for (size_t i = 0; i < head.size(); ++i) out << "  " << pad(st.dim(head[i]), head[i].size(), i + 1 < head.size() ? width[i] : 0);
    out << "\n";
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t i = 0; i < head.size(); ++i) {
        std::string cell = rows[r][i];
        std::string shown = i == 3 ? st.bold(cell) : i == 4 ? st.severity(p.changes[r].severity) : cell;
        out << "  " << pad(shown, cell.size(), i + 1 < head.size() ? width[i] : 0);
      }
      out << "\n";
    }
    for (const auto& c : p.changes) {
      out << "\n  " << st.bold(c.key + " = " + c.proposed) << "  " << st.dim("[" + c.rule + "]") << "\n";
      if (!c.message.empty()) indented(out, c.message, "    ");
      indented(out, c.reason, "    ");
      if (!c.also_rules.empty()) {
        std::string also;
        for (const auto& r : c.also_rules) also += (also.empty() ? "" : ", ") + r;
        out << "    " << st.dim("also proposed by: " + also) << "\n";
      }
      for (const auto& ref : c.references) out << "    " << st.dim("see: " + ref) << "\n";
    }
  }

  out << "\n";
  if (p.findings.empty()) {
    out << st.bold("Findings: none") << "\n";
  } else {
    out << st.bold("Findings (" + std::to_string(p.findings.size()) + ")") << "\n";
    size_t w = 0;
    for (const auto& f : p.findings) w = std::max(w, to_string(f.severity).size());
    for (const auto& f : p.findings) {
      out << "\n  " << pad(st.severity(f.severity), to_string(f.severity).size(), w) << "  " << st.bold(f.message) << "  "
          << st.dim("[" + f.rule + "]") << "\n";
      if (f.key || f.at)
        out << "    " << st.dim((f.key ? *f.key : std::string()) + (f.key && f.at ? " at " : "") + (f.at ? origin(*f.at) : ""))
            << "\n";
      indented(out, f.reason, "    ");
      for (const auto& ref : f.references) out << "    " << st.dim("see: " + ref) << "\n";
    }
  }

  if (!p.not_evaluated.empty()) {
    out << "\n" << st.bold("Not evaluated (" + std::to_string(p.not_evaluated.size()) + ")") << "\n";
    size_t w = 0;
    for (const auto& n : p.not_evaluated) w = std::max(w, n.rule.size());
    for (const auto& n : p.not_evaluated) out << "  " << pad(n.rule, n.rule.size(), w) << "  " << n.needs << "\n";
  }

  if (!p.conflicts.empty()) {
    out << "\n" << st.bold("Conflicts (" + std::to_string(p.conflicts.size()) + ")") << "\n";
    for (const auto& c : p.conflicts)
      out << "  " << c.key << ": " << c.winner_rule << " (priority " << c.winner_priority << ") sets " << c.winner_value
          << ", over " << c.loser_rule << " (priority " << c.loser_priority << ") which wanted " << c.loser_value << "\n";
  }
  return out.str();
}

}  // namespace sa::report
