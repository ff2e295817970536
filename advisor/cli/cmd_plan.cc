// `sysctl-advisor plan`: the dry run. Parse options, make the plan, render it.
#include <iostream>
#include <sstream>

#include "advisor/apply/applier.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/plan_pipeline.h"
#include "advisor/report/plan_formats.h"
#include "advisor/report/prometheus.h"

namespace po = boost::program_options;

namespace sa::cli {

static const char* kPlanUsage =
    "usage: sysctl-advisor plan [--profile NAME] [--root DIR | --snapshot FILE] [--sample SECONDS]\n"
    "                           [--format text|json|markdown|prometheus] [--exit-code] [--rules DIR] [--profiles DIR]\n"
    "                           [--loader systemd|procps]\n"
    "\n"
    "Proposes sysctl changes for the host's role, each with the evidence behind it: the key, its\n"
    "live value, the configured value and the file:line that sets it, the proposed value, the rule\n"
    "and the reasoning. Findings are advice no sysctl fixes; 'not evaluated' lists rules that lacked\n"
    "a fact (rate() rules need --sample). Without --profile the profile is inferred from the\n"
    "evidence (active vs passive opens, listening sockets, TIME_WAIT towards few upstreams) and the\n"
    "reason is printed. Nothing is changed: `sysctl-advisor apply` does that.\n"
    "exit status: 0 (1 with --exit-code when changes are pending), 2 usage or invalid input.";

int run_plan(const Args& args) {
  PlanSelection sel;
  std::string format = "text";
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "format", po::value(&format)->default_value("text"), "text, json (schema sysctl-advisor/plan/v1), markdown or prometheus (textfile collector)")(
      "exit-code", "exit 1 when changes are pending");
  add_plan_selection_options(desc, sel);
  po::variables_map vm;
  bool help = false;
  if (!parse_args("plan", args, desc, nullptr, vm, kPlanUsage, &help)) return kUsage;
  if (help) return kOk;
  // DESIGN.md safety: an apply killed part-way is announced by every later command.
  apply::warn_if_unfinished(apply::default_state_dir(user_path(sel.root)), std::cerr);
  if (format != "text" && format != "json" && format != "markdown" && format != "prometheus") {
    std::cerr << "sysctl-advisor plan: --format must be text, json, markdown or prometheus, not '" << format << "'\n";
    return kUsage;
  }
  std::ostringstream err;
  auto plan = make_plan(sel, err);
  std::cerr << err.str();  // the reasons on failure; warnings and notes (other writers) otherwise
  if (!plan) return kUsage;
  if (format == "json") std::cout << report::plan_json(*plan);
  else if (format == "markdown") std::cout << report::plan_markdown(*plan);
  else if (format == "prometheus") std::cout << report::plan_prometheus(*plan);
  else std::cout << report::plan_text(*plan, stdout_wants_color());
  return vm.count("exit-code") && !plan->changes.empty() ? kFindings : kOk;
}

}  // namespace sa::cli
