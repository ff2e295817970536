// `sysctl-advisor profiles`: the installed deployment profiles, one line each.
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/plan_pipeline.h"

namespace po = boost::program_options;

namespace sa::cli {
namespace {

nlohmann::json trait_json(const engine::Value& v) {
  switch (v.kind) {
    case engine::Value::Kind::boolean: return v.b;
    case engine::Value::Kind::number: return v.n;
    default: return v.s;
  }
}

std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? ' ' : c;
  size_t end = out.find_last_not_of(' ');
  return end == std::string::npos ? "" : out.substr(0, end + 1);
}

}  // namespace

int run_profiles(const Args& args) {
  std::string format = "text", rules_dir, profiles_dir;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")("format", po::value(&format)->default_value("text"),
                                                 "text or json (schema sysctl-advisor/profiles/v1)")(
      "rules", po::value(&rules_dir), "folder of rule files and keys.toml")("profiles", po::value(&profiles_dir),
                                                                            "folder of profile files");
  po::variables_map vm;
  bool help = false;
  const char* usage = "usage: sysctl-advisor profiles [--format text|json] [--profiles DIR] [--rules DIR]\n\n"
                      "Lists the deployment profiles: name, what it extends, how many rules apply, description.";
  if (!parse_args("profiles", args, desc, nullptr, vm, usage, &help)) return kUsage;
  if (help) return kOk;
  if (format != "text" && format != "json") {
    std::cerr << "sysctl-advisor profiles: --format must be text or json, not '" << format << "'\n";
    return kUsage;
  }
  auto kn = load_knowledge_or_report(rules_dir, profiles_dir, std::cerr);
  if (!kn) return kUsage;
  if (format == "json") {
    nlohmann::json j = {{"schema", "sysctl-advisor/profiles/v1"}, {"profiles", nlohmann::json::array()}};
    for (const auto& p : kn->profiles.profiles) {
      nlohmann::json traits = nlohmann::json::object();
      for (const auto& [n, v] : p.traits) traits[n] = trait_json(v);
      j["profiles"].push_back({{"name", p.name},
                               {"description", one_line(p.description)},
                               {"extends", p.ancestry.size() > 1 ? nlohmann::json(p.ancestry[1]) : nlohmann::json(nullptr)},
                               {"rules", engine::rules_for(kn->rules, p).size()},
                               {"traits", traits}});
    }
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  size_t w = 0, we = 0;
  for (const auto& p : kn->profiles.profiles) {
    w = std::max(w, p.name.size());
    we = std::max(we, p.ancestry.size() > 1 ? p.ancestry[1].size() + 8 : 0);
  }
  for (const auto& p : kn->profiles.profiles) {
    std::string ext = p.ancestry.size() > 1 ? "extends " + p.ancestry[1] : "";
    std::string rules = std::to_string(engine::rules_for(kn->rules, p).size()) + " rules";
    std::cout << p.name << std::string(w - p.name.size() + 2, ' ') << ext << std::string(we - ext.size() + 2, ' ')
              << rules << std::string(rules.size() < 10 ? 10 - rules.size() : 1, ' ') << one_line(p.description) << "\n";
  }
  return kOk;
}

}  // namespace sa::cli
