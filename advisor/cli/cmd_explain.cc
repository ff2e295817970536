// `sysctl-advisor explain KEY|RULE-ID|PROFILE`: what the advisor knows about one thing.
#include <algorithm>
#include <iostream>
#include <sstream>

#include "advisor/check/lint_ids.h"
#include "advisor/check/known_ids.h"
#include "advisor/core/code_registry.h"
#include "advisor/core/printable.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/plan_pipeline.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/engine/other_writers.h"

namespace po = boost::program_options;

namespace sa::cli {
namespace {

const char* kExplainUsage =
    "usage: sysctl-advisor explain KEY|RULE-ID|LINT-ID|CODE|NAME|PROFILE [--rules DIR] [--profiles DIR]\n"
    "\n"
    "KEY (net.ipv4.tcp_tw_reuse, or net/ipv4/tcp_tw_reuse): its meaning, type and range, default by\n"
    "kernel version, when it was added or removed, whether it is per network namespace, references,\n"
    "and the rules that read or set it. RULE-ID: its title, profiles, condition, reasoning and\n"
    "references. LINT-ID (shadowed-key, ...): what that check lint means. CODE: any other id printed in\n"
    "brackets (unreadable-input, wrong-type, proc-file-missing, ...): what it means and what to do;\n"
    "`sysctl-advisor rules --ids` lists every id. NAME: a [[define]] of the rules, its value and the\n"
    "rules using it. PROFILE: its traits and what it extends.\n"
    "exit status: 0, or 2 for an unknown name (with the nearest known one).";

void block(std::ostream& out, const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos) lines.pop_back();
  size_t i = 0;
  while (i < lines.size() && lines[i].find_first_not_of(" \t") == std::string::npos) ++i;
  // Conditions are written indented inside '''...''': strip the common indentation.
  size_t common = std::string::npos;
  for (size_t j = i; j < lines.size(); ++j) {
    size_t ind = lines[j].find_first_not_of(" \t");
    if (ind != std::string::npos) common = std::min(common, ind);
  }
  if (common == std::string::npos) common = 0;
  for (; i < lines.size(); ++i) out << (lines[i].size() <= common ? "" : prefix + lines[i].substr(common)) << "\n";
}

void row(std::ostream& out, const std::string& label, const std::string& value, size_t width = 12) {
  out << "  " << label << std::string(label.size() < width ? width - label.size() : 1, ' ') << value << "\n";
}

// "a, b, c" wrapped under a label column.
std::string wrap_list(const std::vector<std::string>& items, size_t indent) {
  std::string out, line;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item = items[i] + (i + 1 < items.size() ? "," : "");
    if (!line.empty() && indent + line.size() + 1 + item.size() > 100) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + item;
  }
  return out + line;
}

void explain_key(const engine::KeyInfo& k, const engine::Knowledge& kn, std::ostream& out) {
  out << k.name << "\n";
  block(out, k.summary, "  ");
  out << "\n";
  std::string type(engine::to_string(k.type));
  if (k.min || k.max)
    type += " (" + (k.min ? std::to_string(*k.min) : std::string("...")) + ".." + (k.max ? std::to_string(*k.max) : std::string("...")) + ")";
  row(out, "type", type);
  if (k.kernel_min || k.kernel_max)
    row(out, "kernel", (k.kernel_min ? std::to_string(*k.kernel_min) : std::string("...")) + ".." +
                                 (k.kernel_max ? std::to_string(*k.kernel_max) : std::string("...")) +
                                 " taken (outside: refused at boot with EINVAL)");
  for (size_t i = 0; i < k.values.size(); ++i) row(out, i == 0 ? "values" : "", k.values[i].first + "  " + k.values[i].second);
  std::string defaults;
  for (const auto& d : k.defaults) defaults += (defaults.empty() ? "" : "; ") + d.value + (d.since.empty() ? "" : " since " + d.since);
  row(out, "default", defaults.empty() ? "not in the catalog" : defaults);
  row(out, "added", k.added.empty() ? "not recorded" : k.added == "0" ? "always there" : k.added);
  row(out, "removed", k.removed.empty() ? "still there" : k.removed);
  row(out, "per netns", k.per_netns_since.empty() ? "not recorded"
                        : k.per_netns_since == "never" ? "no: global only, a container cannot set it"
                                                       : "since " + k.per_netns_since);
  if (k.netns_start != engine::NetnsStart::unknown) row(out, "new netns", std::string(engine::netns_start_meaning(k.netns_start)));
  std::vector<std::string> rules;
  for (const auto& r : kn.rules.rules)
    for (const auto& key : engine::keys_of(r))
      if (key == k.name) rules.push_back(r.id);
  row(out, "rules", rules.empty() ? "none" : wrap_list(rules, 14));
  if (!k.description.empty()) {
    out << "\n";
    block(out, k.description, "  ");
  }
  if (!k.references.empty()) {
    out << "\n  references:\n";
    for (const auto& r : k.references) out << "    - " << r << "\n";
  }
}

void explain_define(const engine::Define& d, const engine::Knowledge& kn, std::ostream& out) {
  out << d.name << "\n";
  block(out, d.description, "  ");
  out << "\n";
  row(out, "value", d.value_text);
  row(out, "defined at", d.where.file + ":" + std::to_string(d.where.line));
  if (d.overridden_at) row(out, "overridden", "by " + d.overridden_at->file + ":" + std::to_string(d.overridden_at->line));
  std::vector<std::string> rules;
  for (const auto& r : kn.rules.rules)
    for (const auto& n : engine::defines_of(r))
      if (n == d.name) rules.push_back(r.id);
  row(out, "rules", rules.empty() ? "none" : wrap_list(rules, 14));
}

void explain_rule(const engine::Rule& r, const engine::Knowledge& kn, std::ostream& out) {
  out << r.id << "\n  " << r.title << "\n\n";
  row(out, "severity", std::string(to_string(r.severity)));
  row(out, "priority", std::to_string(r.priority));
  std::string profiles;
  for (const auto& p : r.profiles) profiles += (profiles.empty() ? "" : ", ") + p;
  row(out, "profiles", profiles.empty() ? "every profile" : profiles + " (and profiles extending them)");
  if (r.set_key) row(out, "proposes", *r.set_key + " = " + *r.set_value);
  else row(out, "finding", r.key ? "about " + *r.key : "advice, no key");
  row(out, "defined at", r.where.file + ":" + std::to_string(r.where.line));
  out << "\n  condition:\n";
  block(out, r.condition_text, "    ");
  auto names = engine::defines_of(r);
  if (!names.empty()) {
    out << "\n  where (`explain NAME` for each; --local-rules can override):\n";
    for (const auto& n : names)
      if (const engine::Define* d = kn.rules.find_define(n)) out << "    " << n << " = " << d->value_text << "\n";
  }
  if (!r.reason_text.empty()) {
    out << "\n  reasoning (facts fill the {...} when planning):\n";
    block(out, r.reason_text, "    ");
  }
  if (!r.references.empty()) {
    out << "\n  references:\n";
    for (const auto& ref : r.references) out << "    - " << ref << "\n";
  }
}

// `text` broken at blanks into lines of at most 100 columns, those after the first indented.
std::string wrap_words(const std::string& text, size_t indent) {
  std::string out, line;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > 100) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

// A lint of `check` (and the syntax codes of advisor/config it reports under the same ids), or a
// diagnostic code of core/code_registry.h.
void explain_lint(const plan::RuleInfo& l, std::ostream& out,
                  const std::string& reported_by = "sysctl-advisor check (a built-in lint)") {
  out << l.id << "\n  " << l.title << "\n\n";
  row(out, "severity", std::string(to_string(l.severity)));
  row(out, "reported by", wrap_words(reported_by, 14));  // the value column of every row
  out << "\n  " << wrap_words(l.help, 2) << "\n";
  if (!l.references.empty()) {
    out << "\n  references:\n";
    for (const auto& ref : l.references) out << "    - " << ref << "\n";
  }
}

void explain_profile(const engine::Profile& p, std::ostream& out) {
  out << p.name << "\n";
  block(out, p.description, "  ");
  out << "\n";
  std::string chain;
  for (const auto& a : p.ancestry) chain += (chain.empty() ? "" : " -> ") + a;
  size_t w = 12;
  for (const auto& [name, value] : p.traits) w = std::max(w, name.size() + 2);
  row(out, "extends", chain, w);
  for (const auto& [name, value] : p.traits) {
    bool own = p.trait_at.count(name);
    row(out, name, engine::render(value) + (own || p.name == "generic" ? "" : "  (inherited)"), w);
  }
  for (const auto& inf : p.inference) {
    out << "\n  inferred when (priority " << inf.priority << "):\n";
    block(out, inf.condition_text, "    ");
    for (const auto& c : inf.confirm) {
      out << "  more certain when:\n";
      block(out, c.condition_text, "    ");
    }
  }
}

}  // namespace

int run_explain(const Args& args) {
  std::string name, rules_dir, profiles_dir;
  std::vector<std::string> local_rules;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")("name", po::value(&name), "key, rule id or profile")(
      "rules", po::value(&rules_dir), "folder of rule files and keys.toml")("local-rules", po::value(&local_rules), kLocalRulesHelp)("profiles", po::value(&profiles_dir),
                                                                            "folder of profile files");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  bool help = false;
  if (!parse_args("explain", args, desc, &pos, vm, kExplainUsage, &help)) return kUsage;
  if (help) return kOk;
  if (name.empty()) {
    std::cerr << "sysctl-advisor explain: name a key, a rule id or a profile\n\n" << kExplainUsage << "\n";
    return kUsage;
  }
  // Rule, profile and catalog files are text from files too: shown escaped (sa::printable_text).
  std::ostringstream shown;
  auto print = [&] {
    std::cout << printable_text(shown.str());
    return kOk;
  };
  // The built-in ids need no rules: `explain no-folder` works when the rules folder is what is missing.
  auto builtin = [&] {
    if (name == engine::kOtherWriter) {
      explain_lint(engine::other_writer_info(), shown,
                   "sysctl-advisor plan (built in; warning when the plan changes the key), apply, drift");
      return true;
    }
    if (const plan::RuleInfo* l = check::lint_info(name)) {
      explain_lint(*l, shown);
      return true;
    }
    if (const CodeInfo* c = code_info(name)) {
      explain_lint(check::code_rule_info(*c), shown, std::string(c->reported_by));
      return true;
    }
    return false;
  };
  std::ostringstream load_errors;
  auto kn = load_knowledge_or_report(rules_dir, profiles_dir, load_errors, local_rules);
  if (!kn) {
    if (builtin()) return print();
    std::cerr << load_errors.str();
    return kUsage;
  }
  std::cerr << load_errors.str();  // what a rule set that loaded still warns about
  std::string key = normalize_key(name);
  if (const auto* k = kn->catalog.find(key)) {
    explain_key(*k, *kn, shown);
    return print();
  }
  if (const auto* r = kn->rules.find(name)) {
    explain_rule(*r, *kn, shown);
    return print();
  }
  if (const auto* d = kn->rules.find_define(name)) {
    explain_define(*d, *kn, shown);
    return print();
  }
  if (const auto* p = kn->profiles.find(name)) {
    explain_profile(*p, shown);
    return print();
  }
  if (builtin()) return print();
  bool looks_like_key = key.find('.') != std::string::npos;
  std::vector<std::string> candidates = looks_like_key ? kn->catalog.names() : kn->profiles.names();
  if (!looks_like_key) {
    for (const auto& d : kn->rules.defines) candidates.push_back(d.name);
    for (const auto& id : check::known_ids(*kn)) candidates.push_back(id.info.id);  // rules, lints, codes
  }
  std::cerr << "sysctl-advisor explain: unknown " << (looks_like_key ? "key" : "rule, lint, code, name or profile") << " '"
            << printable_line(name) << "'";
  std::cerr << engine::did_you_mean_hint(key, candidates);
  std::cerr << "\n";
  return kUsage;
}

}  // namespace sa::cli
