// `sysctl-advisor report`: many hosts' plans (or snapshots, planned here) in one summary, grouped
// by rule and by profile. Files are read and planned on all cores; the output is in input order.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/plan_pipeline.h"
#include "advisor/core/parallel.h"
#include "advisor/fleet/fleet.h"
#include "advisor/report/fleet_report.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {

static const char* kReportUsage =
    "usage: sysctl-advisor report PLAN_OR_SNAPSHOT... | DIR... [--format text|jsonl|markdown]\n"
    "                             [--examples N] [--profile NAME] [--rules DIR] [--profiles DIR]\n"
    "\n"
    "Summarises many hosts: which findings and changes occur on which hosts, grouped by rule and by\n"
    "profile. Inputs are plan files (`plan --format json`, what the Ansible module returns) or\n"
    "snapshots (`snapshot -o`, planned here with --profile or the inferred profile); a folder means\n"
    "its *.json files. A host is named after its file (web01.json -> web01).\n"
    "exit status: 0, or 2 when an input could not be read (the others are still reported).";

int run_report(const Args& args) {
  std::string format = "text";
  size_t examples = 5;
  std::vector<std::string> inputs;
  PlanSelection sel;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "format", po::value(&format)->default_value("text"), "text, jsonl (one group a line) or markdown")(
      "examples", po::value(&examples)->default_value(5), "host names listed per group (text, markdown)")(
      "profile", po::value(&sel.profile), "profile for snapshots (default: inferred per host)")(
      "rules", po::value(&sel.rules_dir), "folder of rule files and keys.toml (snapshots)")(
      "profiles", po::value(&sel.profiles_dir), "folder of profile files (snapshots)");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&inputs)->composing(), "plan or snapshot files, folders");
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  bool help = false;
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      std::cout << kReportUsage << "\n\n" << desc << "\n";
      return kOk;
    }
  if (!parse_args("report", args, all, &pos, vm, kReportUsage, &help)) return kUsage;
  if (help) return kOk;
  if (format != "text" && format != "jsonl" && format != "markdown") {
    std::cerr << "sysctl-advisor report: --format must be text, jsonl or markdown, not '" << format << "'\n";
    return kUsage;
  }
  if (inputs.empty()) {
    std::cerr << "sysctl-advisor report: name plan or snapshot files, or a folder of them\n\n" << kReportUsage << "\n";
    return kUsage;
  }
  // Folders expand to their *.json files, sorted (the order of the report's examples).
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    fs::path p = user_path(in);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> here;
      for (const auto& e : fs::directory_iterator(p, ec))
        if (e.path().extension() == ".json") here.push_back(e.path().string());
      std::sort(here.begin(), here.end());
      files.insert(files.end(), here.begin(), here.end());
    } else {
      files.push_back(p.string());
    }
  }

  std::vector<fleet::FileRead> reads(files.size());
  parallel_for(files.size(), workers_for(files.size()), [&](size_t i, unsigned) { reads[i] = fleet::read_host_file(files[i]); });

  // Snapshots are planned here, the rules loaded once.
  std::optional<engine::Knowledge> knowledge;
  bool any_snapshot = std::any_of(reads.begin(), reads.end(), [](const auto& r) { return r.kind == fleet::FileRead::Kind::snapshot; });
  if (any_snapshot) {
    knowledge = load_knowledge_or_report(sel.rules_dir, sel.profiles_dir, std::cerr);
    if (!knowledge) return kUsage;
    parallel_for(files.size(), workers_for(files.size()), [&](size_t i, unsigned) {
      if (reads[i].kind != fleet::FileRead::Kind::snapshot) return;
      PlanSelection one = sel;
      one.snapshot = files[i];
      std::ostringstream err;
      auto p = plan_with(*knowledge, one, err);
      if (!p) {
        reads[i].kind = fleet::FileRead::Kind::error;
        reads[i].error = err.str();
        while (!reads[i].error.empty() && reads[i].error.back() == '\n') reads[i].error.pop_back();
        return;
      }
      reads[i].host = fleet::host_from_plan(fleet::host_name_of(files[i]), *p);
      reads[i].kind = fleet::FileRead::Kind::plan;
    });
  }

  std::vector<fleet::Host> hosts;
  hosts.reserve(reads.size());
  int rc = kOk;
  for (size_t i = 0; i < reads.size(); ++i) {
    if (reads[i].kind == fleet::FileRead::Kind::error) {
      std::cerr << "sysctl-advisor report: " << files[i] << ": " << reads[i].error << "\n";
      rc = kUsage;
      continue;
    }
    hosts.push_back(std::move(reads[i].host));
  }
  fleet::Fleet f = fleet::summarize(std::move(hosts));
  if (format == "jsonl") report::fleet_jsonl(f, std::cout);
  else if (format == "markdown") report::fleet_markdown(f, examples, std::cout);
  else report::fleet_text(f, examples, std::cout);
  return rc;
}

}  // namespace sa::cli
