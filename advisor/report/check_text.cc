#include "advisor/report/check_text.h"

#include <unordered_map>
#include <vector>

#include "advisor/core/printable.h"

namespace sa::report {
namespace {

// The reason, indented four spaces, one output line per line of text.
void indent(std::string& out, const std::string& text) {
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string::npos) e = text.size();
    std::string_view line(text.data() + b, e - b);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty()) out.append("    ").append(printable_line(line)).append("\n");
    b = e + 1;
  }
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string render_check_text(const plan::CheckResult& r, const CheckTextOptions& o) {
  std::string out;
  size_t open = 0;
  for (const auto& f : r.findings) {
    if (f.open) {  // listed after the line findings: they are about the hosts, not the files
      ++open;
      continue;
    }
    if (f.at) {
      out += printable_line(f.at->file);
      if (f.at->line > 0) out += ":" + std::to_string(f.at->line);
      if (f.at->line > 0 && f.col > 0) out += ":" + std::to_string(f.col);
    } else {
      out += f.group.empty() ? "sysctl-advisor" : printable_line(f.group);
    }
    out += ": ";
    out += to_string(f.severity);
    out += ": " + printable_line(f.message) + " [" + printable_line(f.rule) + "]\n";
    if (o.reasons) indent(out, f.reason);
  }
  if (open > 0) {
    // One line per group and reason: the rule ids, not a wall of identical lines.
    std::vector<std::string> order;                       // "group\x1fneeds", first seen first
    std::unordered_map<std::string, std::vector<std::string>> ids;
    for (const auto& f : r.findings) {
      if (!f.open) continue;
      std::string needs = f.message.substr(0, f.message.find(')') + 1);  // "not evaluated (needs ...)"
      std::string key = (f.group.empty() ? std::string("sysctl-advisor") : printable_line(f.group)) + "\x1f" + printable_line(needs);
      auto [it, fresh] = ids.try_emplace(key);
      if (fresh) order.push_back(key);
      it->second.push_back(printable_line(f.rule));
    }
    for (const auto& key : order) {
      const auto& list = ids[key];
      size_t sep = key.find('\x1f');
      out += key.substr(0, sep) + ": info: " + plural(list.size(), "rule") + " " + key.substr(sep + 1) + ":";
      for (size_t i = 0; i < list.size(); ++i) out += (i ? ", " : " ") + list[i];
      out += "\n";
    }
  }
  plan::CheckCounts c = plan::count(r);
  size_t files = 0;
  for (const auto& g : r.groups) files += g.files.size();
  out += plural(c.by_severity[0], "error") + ", " + plural(c.by_severity[1], "warning") + ", " +
         plural(c.by_severity[2], "notice") + ", " + std::to_string(c.by_severity[3]) + " info";
  bool is_plan = r.command == "plan";  // one host, judged live or from its tree: no files, no --fail-on
  if (is_plan && !r.groups.empty()) out += " for " + r.groups.front().name;
  else out += " in " + plural(files, "file") + " of " + plural(r.groups.size(), "host group");
  if (c.open) out += "; " + std::to_string(c.open) + " rule" + (c.open == 1 ? "" : "s") + " not evaluated" + (is_plan ? "" : " offline");
  if (r.suppressed) out += "; " + std::to_string(r.suppressed) + " suppressed";
  if (plan::check_failed(r, o.fail_on))
    out += (is_plan ? "; failing at " : "; failing at --fail-on ") + std::string(to_string(o.fail_on));
  out += "\n";
  return out;
}

}  // namespace sa::report
