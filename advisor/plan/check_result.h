// What `check` found in a configuration repository: the findings (lints and profile rules) and the
// metadata every CI renderer needs (rule titles and help for SARIF, the host groups for JUnit).
// Produced by advisor/check, rendered by advisor/report/{check_text,check_json,sarif,junit,github}.
// Lives beside plan.h because a check finding is a plan Finding with a column and a host group.
#pragma once

#include <string>
#include <vector>

#include "advisor/plan/plan.h"

namespace sa::plan {

// A finding of `check`: `at` is the file:line (null for a whole host group, e.g. a rule that could
// not be evaluated offline), `col` the 1-based column (0 = the whole line).
struct CheckFinding : Finding {
  std::string group;  // the host group (mapping file) or the input it came from
  bool open = false;  // not a failure: the rule could not be judged offline ("needs the live host")
};

// One rule or lint a finding may name: SARIF's reportingDescriptor, the `explain` of a rule id.
struct RuleInfo {
  std::string id;                       // stable kebab-case
  std::string title;                    // one line
  std::string help;                     // the reasoning behind it
  std::vector<std::string> references;  // sources (kernel docs, code)
  Severity severity = Severity::warning;// its usual severity
  bool is_lint = false;                 // a built-in lint rather than a profile rule
};

// One set of files checked together: a host root read in load order, or files in the order given.
struct CheckGroup {
  std::string name;
  std::string profile;
  std::string kernel;  // target kernel version; empty = not given (kernel-dependent facts unknown)
  std::string loader;  // "systemd" | "procps"
  std::vector<std::string> files;  // every file read, in load order, as displayed in findings
};

struct CheckResult {
  std::string command = "check";       // what made it: "check", or "plan" for its CI formats
  std::string repo_root;                // absolute path file names in findings are relative to
  std::vector<CheckGroup> groups;
  std::vector<CheckFinding> findings;   // by file, line, col, rule; group-wide ones last
  std::vector<RuleInfo> rules;          // every id a finding names, sorted by id
  size_t suppressed = 0;                // findings silenced by a suppression comment

  const RuleInfo* rule(const std::string& id) const {
    for (const auto& r : rules)
      if (r.id == id) return &r;
    return nullptr;
  }
};

// A finding fails the check when it is at least as severe as --fail-on; open ones never do.
inline bool fails(const CheckFinding& f, Severity fail_on) { return !f.open && at_least(f.severity, fail_on); }

inline bool check_failed(const CheckResult& r, Severity fail_on) {
  for (const auto& f : r.findings)
    if (fails(f, fail_on)) return true;
  return false;
}

// Findings per severity (index = Severity), open ones counted apart.
struct CheckCounts {
  size_t by_severity[4] = {0, 0, 0, 0};
  size_t open = 0;
};

inline CheckCounts count(const CheckResult& r) {
  CheckCounts c;
  for (const auto& f : r.findings) {
    if (f.open)
      ++c.open;
    else
      ++c.by_severity[static_cast<int>(f.severity)];
  }
  return c;
}

}  // namespace sa::plan
