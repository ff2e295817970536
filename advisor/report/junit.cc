#include "advisor/report/junit.h"

#include <map>
#include <set>

namespace sa::report {
namespace {

struct Case {
  std::string classname, name, file;
  int line = 0;
  std::vector<const plan::CheckFinding*> findings;
  bool skipped = false;
};

std::string line_of(const plan::CheckFinding& f) {
  std::string s;
  if (f.at) {
    s = f.at->file;
    if (f.at->line > 0) s += ":" + std::to_string(f.at->line);
    if (f.at->line > 0 && f.col > 0) s += ":" + std::to_string(f.col);
  } else {
    s = f.group;
  }
  s += ": " + std::string(to_string(f.severity)) + ": " + f.message + " [" + f.rule + "]";
  if (!f.reason.empty()) s += "\n    " + f.reason;
  return s;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') continue;  // not allowed in XML 1.0
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string render_junit(const plan::CheckResult& r, Severity fail_on, const std::vector<std::string>& lints) {
  // Suites by group, in the order groups were checked; findings without a group (the mapping
  // file, suppressions) go to a "repository" suite.
  std::vector<std::string> suite_order;
  std::map<std::string, std::vector<Case>> suites;
  std::map<std::string, std::map<std::pair<std::string, std::string>, size_t>> case_index;
  auto add_case = [&](const std::string& suite, const std::string& classname, const std::string& name, const std::string& file) -> Case& {
    if (!suites.count(suite)) suite_order.push_back(suite);
    auto& cases = suites[suite];
    auto& idx = case_index[suite];
    auto key = std::make_pair(classname, name);
    if (auto it = idx.find(key); it != idx.end()) return cases[it->second];
    idx[key] = cases.size();
    cases.push_back({classname, name, file, 0, {}, false});
    return cases.back();
  };
  for (const auto& g : r.groups) {
    for (const auto& file : g.files) {
      for (const auto& id : lints) add_case(g.name, file, id, file);
    }
    if (g.files.empty() && r.command == "check") add_case(g.name, g.name, "files", "");
  }
  for (const auto& f : r.findings) {
    // Findings of no group (the mapping file) go to a "repository" suite.
    std::string suite = f.group.empty() ? "repository" : f.group;
    Case& c = f.at ? add_case(suite, f.at->file, f.rule, f.at->file) : add_case(suite, suite, f.rule, "");
    c.findings.push_back(&f);
    if (f.open) c.skipped = true;
  }

  size_t total = 0, failures = 0, skipped = 0;
  std::string body;
  for (const auto& name : suite_order) {
    const auto& cases = suites[name];
    size_t s_fail = 0, s_skip = 0;
    std::string s_body;
    for (const auto& c : cases) {
      std::string failing, passing;
      for (const auto* f : c.findings) {
        if (f->open) continue;
        (plan::fails(*f, fail_on) ? failing : passing) += line_of(*f) + "\n";
      }
      s_body += "    <testcase classname=\"" + xml_escape(c.classname) + "\" name=\"" + xml_escape(c.name) + "\"";
      if (!c.file.empty()) s_body += " file=\"" + xml_escape(c.file) + "\"";
      // The line of the first failing finding (else the first one): where a viewer should jump.
      const plan::CheckFinding* at = nullptr;
      for (const auto* f : c.findings)
        if (!at || (plan::fails(*f, fail_on) && !plan::fails(*at, fail_on))) at = f;
      if (at && at->at && at->at->line > 0) s_body += " line=\"" + std::to_string(at->at->line) + "\"";
      s_body += ">\n";
      if (!failing.empty()) {
        ++s_fail;
        const plan::CheckFinding* first = nullptr;
        for (const auto* f : c.findings)
          if (plan::fails(*f, fail_on)) {
            first = f;
            break;
          }
        s_body += "      <failure type=\"" + std::string(to_string(first->severity)) + "\" message=\"" +
                  xml_escape(first->message) + "\">" + xml_escape(failing) + "</failure>\n";
      } else if (c.skipped) {
        ++s_skip;
        s_body += "      <skipped message=\"" + xml_escape(c.findings.front()->message) + "\"/>\n";
      }
      if (!passing.empty()) s_body += "      <system-out>" + xml_escape(passing) + "</system-out>\n";
      s_body += "    </testcase>\n";
    }
    total += cases.size();
    failures += s_fail;
    skipped += s_skip;
    body += "  <testsuite name=\"" + xml_escape(name) + "\" tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
            std::to_string(s_fail) + "\" errors=\"0\" skipped=\"" + std::to_string(s_skip) + "\">\n" + s_body + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sysctl-advisor " + xml_escape(r.command) + "\" tests=\"" +
         std::to_string(total) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(skipped) + "\">\n" + body + "</testsuites>\n";
}

}  // namespace sa::report
