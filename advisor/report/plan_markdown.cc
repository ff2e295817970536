// The plan for a ticket or a pull request: a summary table of changes, then the reasoning.
#include <sstream>

#include "advisor/report/display.h"
#include "advisor/report/plan_formats.h"

namespace sa::report {
namespace {

std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string code(const std::string& s) { return "`" + cell(s) + "`"; }

void quoted(std::ostringstream& out, const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos) lines.pop_back();
  size_t start = 0;
  while (start < lines.size() && lines[start].find_first_not_of(" \t") == std::string::npos) ++start;
  for (size_t i = start; i < lines.size(); ++i) out << "> " << lines[i] << "\n";
}

std::string origin(const plan::Origin& o) { return o.file + (o.line > 0 ? ":" + std::to_string(o.line) : ""); }

}  // namespace

std::string plan_markdown(const plan::Plan& plan) {
  const plan::Plan p = displayable(plan);  // text from files, escaped for whoever reads it
  std::ostringstream out;
  out << "## sysctl-advisor plan: " << p.profile << "\n\n";
  out << "- Profile: **" << p.profile << "** (" << (p.profile_reason.empty() ? "--profile" : cell(p.profile_reason)) << ")\n";
  out << "- Kernel: " << (p.kernel.empty() ? "unknown" : p.kernel) << "\n";
  if (p.netns) out << "- Network namespace: net:[" << p.netns->inode << "] (" << cell(p.netns->target) << ")\n";
  out << "- " << p.changes.size() << " change(s), " << p.findings.size() << " finding(s), " << p.not_evaluated.size()
      << " not evaluated, " << p.conflicts.size() << " conflict(s)\n\n";
  out << "### Changes\n\n";
  if (p.changes.empty()) {
    out << "None.\n\n";
  } else {
    out << "| Key | Current | Configured | Proposed | Severity | Rule |\n|---|---|---|---|---|---|\n";
    for (const auto& c : p.changes) {
      std::string conf = c.configured ? code(*c.configured) + (c.configured_at ? " at " + code(origin(*c.configured_at)) : "") : "-";
      out << "| " << code(c.key) << " | " << (c.current ? code(*c.current) : "?") << " | " << conf << " | **"
          << code(c.proposed) << "** | " << to_string(c.severity) << " | " << code(c.rule) << " |\n";
    }
    out << "\n";
    for (const auto& c : p.changes) {
      out << "#### " << code(c.key) << " = " << code(c.proposed) << " (" << code(c.rule) << ")\n\n";
      if (!c.message.empty()) out << c.message << "\n\n";
      quoted(out, c.reason);
      out << "\n";
      for (const auto& r : c.references) out << "- " << r << "\n";
      if (!c.references.empty()) out << "\n";
    }
  }
  out << "### Findings\n\n";
  if (p.findings.empty()) out << "None.\n\n";
  for (const auto& f : p.findings) {
    out << "- **" << to_string(f.severity) << "** " << code(f.rule) << ": " << cell(f.message);
    if (f.key) out << " (" << code(*f.key) << (f.at ? " at " + code(origin(*f.at)) : "") << ")";
    out << "\n\n";
    std::ostringstream q;
    quoted(q, f.reason);
    std::istringstream in(q.str());
    std::string line;
    while (std::getline(in, line)) out << "  " << line << "\n";
    if (!q.str().empty()) out << "\n";
  }
  if (!p.not_evaluated.empty()) {
    out << "### Not evaluated\n\n";
    for (const auto& n : p.not_evaluated) out << "- " << code(n.rule) << ": " << n.needs << "\n";
    out << "\n";
  }
  if (!p.conflicts.empty()) {
    out << "### Conflicts\n\n";
    for (const auto& c : p.conflicts)
      out << "- " << code(c.key) << ": " << code(c.winner_rule) << " (priority " << c.winner_priority << ") sets "
          << code(c.winner_value) << " over " << code(c.loser_rule) << " (priority " << c.loser_priority << "), which wanted "
          << code(c.loser_value) << "\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace sa::report
