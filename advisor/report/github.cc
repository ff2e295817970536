#include "advisor/report/github.h"

#include "advisor/report/check_text.h"

namespace sa::report {

std::string escape_github_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_github_property(const std::string& s) {
  std::string out;
  for (char c : escape_github_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string render_github(const plan::CheckResult& r, Severity fail_on) {
  std::string out;
  for (const auto& f : r.findings) {
    std::string text = f.message;
    if (!f.reason.empty()) text += "\n" + f.reason;
    if (f.open || f.severity == Severity::info) {
      out += "::debug::" + escape_github_data((f.at ? f.at->file + ":" + std::to_string(f.at->line) : f.group) + ": " +
                                              f.message + " [" + f.rule + "]") + "\n";
      continue;
    }
    out += "::" + std::string(to_string(f.severity));
    std::string props;
    if (f.at) {
      props += "file=" + escape_github_property(f.at->file);
      if (f.at->line > 0) props += ",line=" + std::to_string(f.at->line);
      if (f.at->line > 0 && f.col > 0) props += ",col=" + std::to_string(f.col);
    }
    const plan::RuleInfo* info = r.rule(f.rule);
    std::string title = (info && !info->title.empty() ? info->title : f.rule) + " [" + f.rule + "]";
    if (!f.at && !f.group.empty()) title = f.group + ": " + title;
    props += std::string(props.empty() ? "" : ",") + "title=" + escape_github_property(title);
    out += " " + props + "::" + escape_github_data(text) + "\n";
  }
  // The summary line of the text format, as plain log output.
  std::string summary = render_check_text(r, {fail_on, false});
  out += summary.substr(summary.rfind('\n', summary.size() - 2) + 1);
  return out;
}

}  // namespace sa::report
