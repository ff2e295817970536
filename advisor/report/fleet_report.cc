#include "advisor/report/fleet_report.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

namespace sa::report {

namespace {

std::string hosts_sample(const fleet::Fleet& f, const std::vector<size_t>& hosts, size_t examples) {
  std::string s;
  for (size_t i = 0; i < hosts.size() && i < examples; ++i) s += (i ? ", " : "") + f.hosts[hosts[i]].name;
  if (hosts.size() > examples) s += " (+" + std::to_string(hosts.size() - examples) + ")";
  return s;
}

// "tcp_tw_reuse=1" or "finding", with the other proposed values when hosts differ.
std::string what(const fleet::RuleGroup& g) {
  if (!g.change) return g.key.empty() ? "finding" : "finding (" + g.key + ")";
  std::string s = g.key + "=";
  bool first = true;
  for (const auto& [value, n] : g.proposed) {
    s += (first ? "" : " | ") + value;
    first = false;
  }
  return s;
}

std::string pad(std::string s, size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

}  // namespace

void fleet_text(const fleet::Fleet& f, size_t examples, std::ostream& out) {
  out << "Fleet: " << f.hosts.size() << " host" << (f.hosts.size() == 1 ? "" : "s") << ", " << f.hosts_with_changes
      << " with changes pending, " << f.hosts_with_findings << " with findings\n\n";
  out << "By rule (" << f.by_rule.size() << ")\n";
  if (f.by_rule.empty()) out << "  nothing on any host\n";
  size_t rw = 4, ww = 4;
  for (const auto& g : f.by_rule) {
    rw = std::max(rw, g.rule.size());
    ww = std::max(ww, what(g).size());
  }
  if (!f.by_rule.empty())
    out << "  " << pad("RULE", rw) << "  SEVERITY  " << pad("WHAT", ww) << "  HOSTS  EXAMPLES\n";
  for (const auto& g : f.by_rule)
    out << "  " << pad(g.rule, rw) << "  " << pad(std::string(to_string(g.severity)), 8) << "  " << pad(what(g), ww) << "  "
        << pad(std::to_string(g.hosts.size()), 5) << "  " << hosts_sample(f, g.hosts, examples) << "\n";
  out << "\nBy profile (" << f.by_profile.size() << ")\n";
  for (const auto& p : f.by_profile) {
    out << "  " << (p.profile.empty() ? "(none)" : p.profile) << ": " << p.hosts.size() << " host"
        << (p.hosts.size() == 1 ? "" : "s") << ", " << p.with_changes << " with changes, " << p.with_findings
        << " with findings  [" << hosts_sample(f, p.hosts, examples) << "]\n";
    std::vector<std::pair<std::string, size_t>> rules(p.rule_hosts.begin(), p.rule_hosts.end());
    std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [rule, n] : rules) out << "    " << pad(std::to_string(n), 6) << rule << "\n";
  }
}

void fleet_markdown(const fleet::Fleet& f, size_t examples, std::ostream& out) {
  auto cell = [](std::string s) {
    std::string o;
    for (char c : s) o += c == '|' ? std::string("\\|") : std::string(1, c);
    return o;
  };
  out << "## sysctl-advisor fleet report\n\n" << f.hosts.size() << " hosts, " << f.hosts_with_changes
      << " with changes pending, " << f.hosts_with_findings << " with findings.\n\n### By rule\n\n";
  if (f.by_rule.empty()) out << "Nothing on any host.\n";
  else out << "| rule | severity | what | hosts | examples |\n| --- | --- | --- | ---: | --- |\n";
  for (const auto& g : f.by_rule)
    out << "| `" << cell(g.rule) << "` | " << to_string(g.severity) << " | " << cell(what(g)) << " | " << g.hosts.size() << " | "
        << cell(hosts_sample(f, g.hosts, examples)) << " |\n";
  out << "\n### By profile\n\n| profile | hosts | with changes | with findings | rules (hosts) |\n| --- | ---: | ---: | ---: | --- |\n";
  for (const auto& p : f.by_profile) {
    std::string rules;
    for (const auto& [rule, n] : p.rule_hosts) rules += (rules.empty() ? "" : ", ") + ("`" + rule + "` (" + std::to_string(n) + ")");
    out << "| " << cell(p.profile) << " | " << p.hosts.size() << " | " << p.with_changes << " | " << p.with_findings << " | "
        << cell(rules) << " |\n";
  }
}

void fleet_jsonl(const fleet::Fleet& f, std::ostream& out) {
  auto names = [&](const std::vector<size_t>& hosts) {
    nlohmann::json a = nlohmann::json::array();
    for (size_t h : hosts) a.push_back(f.hosts[h].name);
    return a;
  };
  auto line = [&](const nlohmann::json& j) { out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n"; };
  for (const auto& g : f.by_rule) {
    nlohmann::json j = {{"group", "rule"}, {"rule", g.rule}, {"kind", g.change ? "change" : "finding"},
                        {"severity", std::string(to_string(g.severity))}};
    j["key"] = g.key.empty() ? nlohmann::json() : nlohmann::json(g.key);
    if (g.change) j["proposed"] = g.proposed;
    j["host_count"] = g.hosts.size();
    j["hosts"] = names(g.hosts);
    line(j);
  }
  for (const auto& p : f.by_profile)
    line({{"group", "profile"}, {"profile", p.profile}, {"host_count", p.hosts.size()}, {"with_changes", p.with_changes},
          {"with_findings", p.with_findings}, {"rules", p.rule_hosts}, {"hosts", names(p.hosts)}});
  line({{"group", "fleet"}, {"schema", "sysctl-advisor/report/v1"}, {"host_count", f.hosts.size()},
        {"with_changes", f.hosts_with_changes}, {"with_findings", f.hosts_with_findings}});
}

}  // namespace sa::report
