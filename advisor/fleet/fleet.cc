#include "advisor/fleet/fleet.h"

#include "advisor/core/json_read.h"
#include "advisor/core/safe_open.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

namespace sa::fleet {

namespace {

std::optional<Severity> severity_of(const nlohmann::json& j) {
  if (!j.is_string()) return std::nullopt;
  return parse_severity(j.get_ref<const std::string&>());
}

const std::string* text(const nlohmann::json& j, const char* field) {
  auto it = j.find(field);
  return it != j.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// The fields of a plan document the report needs; anything else may be absent or extra.
bool host_from_plan_json(const nlohmann::json& doc, Host& host, std::string& error) {
  if (auto* p = text(doc, "profile")) host.profile = *p;
  if (auto* k = text(doc, "kernel")) host.kernel = *k;
  for (const char* list : {"changes", "findings"}) {
    auto it = doc.find(list);
    if (it == doc.end() || !it->is_array()) {
      error = std::string("no \"") + list + "\" list";
      return false;
    }
    size_t i = 0;
    for (const auto& e : *it) {
      Item item;
      item.change = list[0] == 'c';
      const std::string* rule = e.is_object() ? text(e, "rule") : nullptr;
      auto sev = e.is_object() ? severity_of(e.value("severity", nlohmann::json())) : std::nullopt;
      if (!rule || !sev) {
        error = std::string(list) + "[" + std::to_string(i) + "]: needs \"rule\" and \"severity\"";
        return false;
      }
      item.rule = *rule;
      item.severity = *sev;
      if (auto* k = text(e, "key")) item.key = *k;
      if (auto* v = text(e, "proposed")) item.proposed = *v;
      host.items.push_back(std::move(item));
      ++i;
    }
  }
  return true;
}

}  // namespace

std::string host_name_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.size() > 5 && base.compare(base.size() - 5, 5, ".json") == 0) base.resize(base.size() - 5);
  return base;
}

FileRead read_host_file(const std::string& path) {
  // Plans and snapshots arrive from other hosts: read them as every other such document is read
  // (a regular file within kMaxDocumentBytes, JSON nesting capped, errors located), not raw.
  FileRead r;
  std::string body;
  ReadResult rr = read_regular_file("/", path, kMaxDocumentBytes, body);
  if (!rr.ok) {
    r.error = "cannot read: " + rr.why;
    return r;
  }
  nlohmann::json doc;
  JsonError je;
  if (!parse_json(body, doc, je)) {
    r.error = "line " + std::to_string(je.line) + ", column " + std::to_string(je.col) + ": " + je.message;
    return r;
  }
  if (!doc.is_object()) {
    r.error = "not a JSON object";
    return r;
  }
  const std::string* schema = text(doc, "schema");
  if (schema && schema->rfind("sysctl-advisor/snapshot/v", 0) == 0) {  // v1 and v2 (i11: per-source census)
    r.kind = FileRead::Kind::snapshot;
    return r;
  }
  if (!schema || *schema != "sysctl-advisor/plan/v1") {
    r.error = "not a sysctl-advisor plan or snapshot (\"schema\" is " + (schema ? "\"" + *schema + "\"" : std::string("missing")) + ")";
    return r;
  }
  r.host.name = host_name_of(path);
  if (!host_from_plan_json(doc, r.host, r.error)) return r;
  r.kind = FileRead::Kind::plan;
  return r;
}

Host host_from_plan(const std::string& name, const plan::Plan& plan) {
  Host h;
  h.name = name;
  h.profile = plan.profile;
  h.kernel = plan.kernel;
  for (const auto& c : plan.changes) h.items.push_back(Item{c.rule, true, c.severity, c.key, c.proposed});
  for (const auto& f : plan.findings) h.items.push_back(Item{f.rule, false, f.severity, f.key.value_or(""), ""});
  return h;
}

Fleet summarize(std::vector<Host> hosts) {
  Fleet f;
  f.hosts = std::move(hosts);
  // A group is one rule doing one kind of thing to one key; a rule that proposes on one host and
  // only reports on another (or at another severity) shows as two groups.
  using GroupKey = std::tuple<std::string, bool, int, std::string>;
  std::map<GroupKey, size_t> group_of;
  std::map<std::string, size_t> profile_of;
  for (size_t h = 0; h < f.hosts.size(); ++h) {
    const Host& host = f.hosts[h];
    auto [pit, fresh] = profile_of.emplace(host.profile, f.by_profile.size());
    if (fresh) f.by_profile.push_back(ProfileGroup{host.profile, {}, 0, 0, {}});
    ProfileGroup& pg = f.by_profile[pit->second];
    pg.hosts.push_back(h);
    bool changes = false, findings = false;
    std::set<std::string> rules_here;
    for (const Item& it : host.items) {
      (it.change ? changes : findings) = true;
      GroupKey k{it.rule, it.change, static_cast<int>(it.severity), it.key};
      auto [git, gfresh] = group_of.emplace(k, f.by_rule.size());
      if (gfresh) f.by_rule.push_back(RuleGroup{it.rule, it.change, it.severity, it.key, {}, {}});
      RuleGroup& g = f.by_rule[git->second];
      if (g.hosts.empty() || g.hosts.back() != h) g.hosts.push_back(h);  // a finding may repeat per line
      if (it.change) ++g.proposed[it.proposed];
      rules_here.insert(it.rule);
    }
    for (const auto& r : rules_here) ++pg.rule_hosts[r];
    pg.with_changes += changes;
    pg.with_findings += findings;
    f.hosts_with_changes += changes;
    f.hosts_with_findings += findings;
  }
  std::sort(f.by_rule.begin(), f.by_rule.end(), [](const RuleGroup& a, const RuleGroup& b) {
    if (a.hosts.size() != b.hosts.size()) return a.hosts.size() > b.hosts.size();
    if (a.severity != b.severity) return a.severity < b.severity;
    return std::tie(a.rule, a.change, a.key) < std::tie(b.rule, b.change, b.key);
  });
  std::sort(f.by_profile.begin(), f.by_profile.end(), [](const ProfileGroup& a, const ProfileGroup& b) { return a.profile < b.profile; });
  return f;
}

}  // namespace sa::fleet
