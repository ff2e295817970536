#include "advisor/check/plan_result.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "advisor/check/rule_info.h"

namespace sa::check {
namespace {

// "/etc/sysctl.d/x.conf" as SARIF's SRCROOT-relative path under the tree the plan read.
std::optional<plan::Origin> relative(const std::optional<plan::Origin>& at) {
  if (!at) return std::nullopt;
  plan::Origin o = *at;
  while (!o.file.empty() && o.file.front() == '/') o.file.erase(0, 1);
  return o;
}

}  // namespace

plan::CheckResult plan_as_check_result(const plan::Plan& p, const engine::Knowledge& k, const std::string& root,
                                       const std::string& group) {
  plan::CheckResult r;
  r.command = "plan";
  r.repo_root = root.empty() ? "/" : root;
  plan::CheckGroup g;
  g.name = group;
  g.profile = p.profile;
  g.kernel = p.kernel;
  r.groups.push_back(g);
  std::set<std::string> ids;
  for (const auto& c : p.changes) {
    plan::CheckFinding f;
    f.rule = c.rule;
    f.severity = c.severity;
    f.key = c.key;
    f.message = c.key + ": " + (c.current ? *c.current : std::string("?")) + " -> " + c.proposed + ": " + c.message;
    f.reason = c.reason;
    f.references = c.references;
    f.at = relative(c.configured_at);
    f.group = group;
    r.findings.push_back(std::move(f));
    ids.insert(c.rule);
  }
  for (const auto& fi : p.findings) {
    plan::CheckFinding f;
    static_cast<plan::Finding&>(f) = fi;
    f.at = relative(fi.at);
    f.group = group;
    r.findings.push_back(std::move(f));
    ids.insert(fi.rule);
  }
  for (const auto& n : p.not_evaluated) {
    plan::CheckFinding f;
    f.rule = n.rule;
    f.open = true;
    f.message = "not evaluated: " + n.needs;
    f.group = group;
    if (const engine::Rule* rule = k.rules.find(n.rule)) f.severity = rule->severity;
    r.findings.push_back(std::move(f));
    ids.insert(n.rule);
  }
  // As `check` orders them: by file, line, column and rule; results about the whole host last.
  std::stable_sort(r.findings.begin(), r.findings.end(), [](const plan::CheckFinding& a, const plan::CheckFinding& b) {
    if (bool(a.at) != bool(b.at)) return bool(a.at);
    if (a.at && b.at && std::tie(a.at->file, a.at->line) != std::tie(b.at->file, b.at->line))
      return std::tie(a.at->file, a.at->line) < std::tie(b.at->file, b.at->line);
    return a.rule < b.rule;
  });
  for (const auto& id : ids) r.rules.push_back(rule_info(id, k));
  return r;
}

}  // namespace sa::check
