// `sysctl-advisor rules`: the installed tuning rules, one line each.
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "advisor/check/known_ids.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/plan_pipeline.h"
#include "advisor/core/printable.h"
#include "advisor/engine/functions.h"

namespace po = boost::program_options;

namespace sa::cli {

int run_rules(const Args& args) {
  std::string format = "text", rules_dir, profiles_dir, profile;
  std::vector<std::string> local_rules;
  po::options_description desc("options");
  bool list_functions = false, list_ids = false;
  desc.add_options()("help,h", "show this help")("functions", po::bool_switch(&list_functions),
                                                 "the rule language's functions, as the table in docs/rule-format.md")(
      "ids", po::bool_switch(&list_ids), "every id a command can print (rules, lints, diagnostic codes), each of which `explain` shows")("format", po::value(&format)->default_value("text"),
                                                 "text or json (schema sysctl-advisor/rules/v1)")(
      "profile", po::value(&profile), "only the rules that apply to this profile")(
      "rules", po::value(&rules_dir), "folder of rule files and keys.toml")("local-rules", po::value(&local_rules), kLocalRulesHelp)("profiles", po::value(&profiles_dir),
                                                                            "folder of profile files");
  po::variables_map vm;
  bool help = false;
  const char* usage = "usage: sysctl-advisor rules [--profile NAME] [--format text|json] [--rules DIR] [--profiles DIR]\n"
                      "       sysctl-advisor rules --functions\n"
                      "       sysctl-advisor rules --ids [--rules DIR] [--profiles DIR]\n\n"
                      "Lists the tuning rules: id, severity, what it proposes (KEY=VALUE, or a finding), title.\n"
                      "`sysctl-advisor explain RULE-ID` shows one in full. --ids lists every id a command can print\n"
                      "(ID, KIND rule|lint|finding|diagnostic, SEVERITY, TITLE), each of which `explain ID` shows.";
  if (!parse_args("rules", args, desc, nullptr, vm, usage, &help)) return kUsage;
  if (help) return kOk;
  if (list_functions) {
    std::cout << engine::functions_markdown();
    return kOk;
  }
  if (format != "text" && format != "json") {
    std::cerr << "sysctl-advisor rules: --format must be text or json, not '" << format << "'\n";
    return kUsage;
  }
  auto kn = load_knowledge_or_report(rules_dir, profiles_dir, std::cerr, local_rules);
  if (!kn) return kUsage;
  if (list_ids) {
    auto ids = check::known_ids(*kn);
    size_t wi = 0, wk = 0, ws = 0;
    for (const auto& k : ids) {
      wi = std::max(wi, k.info.id.size());
      wk = std::max(wk, k.kind.size());
      ws = std::max(ws, to_string(k.info.severity).size());
    }
    for (const auto& k : ids) {
      std::string sev(to_string(k.info.severity));
      std::cout << k.info.id << std::string(wi - k.info.id.size() + 2, ' ') << k.kind << std::string(wk - k.kind.size() + 2, ' ')
                << sev << std::string(ws - sev.size() + 2, ' ') << printable_line(k.info.title) << "\n";
    }
    return kOk;
  }
  std::vector<const engine::Rule*> rules;
  if (!profile.empty()) {
    const engine::Profile* p = kn->profiles.find(profile);
    if (!p) {
      std::cerr << "sysctl-advisor rules: unknown profile '" << profile << "'";
      std::cerr << engine::did_you_mean_hint(profile, kn->profiles.names());
      std::cerr << "\n";
      return kUsage;
    }
    rules = engine::rules_for(kn->rules, *p);
  } else {
    for (const auto& r : kn->rules.rules) rules.push_back(&r);
  }
  auto proposes = [](const engine::Rule& r) {
    return r.set_key ? *r.set_key + "=" + *r.set_value : "finding" + (r.key ? " (" + *r.key + ")" : std::string());
  };
  if (format == "json") {
    nlohmann::json j = {{"schema", "sysctl-advisor/rules/v1"}, {"rules", nlohmann::json::array()}};
    for (const auto* r : rules) {
      nlohmann::json set = nullptr;
      if (r->set_key) set = {{"key", *r->set_key}, {"value", *r->set_value}};
      j["rules"].push_back({{"id", r->id},
                            {"title", r->title},
                            {"severity", std::string(to_string(r->severity))},
                            {"priority", r->priority},
                            {"profiles", r->profiles},
                            {"set", set},
                            {"key", r->key ? nlohmann::json(*r->key) : nlohmann::json(nullptr)},
                            {"file", r->where.file},
                            {"line", r->where.line},
                            {"references", r->references}});
    }
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  size_t wi = 0, ws = 0, wp = 0;
  for (const auto* r : rules) {
    wi = std::max(wi, r->id.size());
    ws = std::max(ws, to_string(r->severity).size());
    wp = std::max(wp, proposes(*r).size());
  }
  for (const auto* r : rules) {
    std::string sev(to_string(r->severity)), prop = proposes(*r);
    std::cout << r->id << std::string(wi - r->id.size() + 2, ' ') << sev << std::string(ws - sev.size() + 2, ' ') << prop
              << std::string(wp - prop.size() + 2, ' ') << r->title << "\n";
  }
  return kOk;
}

}  // namespace sa::cli
