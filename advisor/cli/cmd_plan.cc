// `sysctl-advisor plan`: the dry run. Parse options, make the plan, render it.
#include <functional>
#include <iostream>
#include <sstream>

#include "advisor/apply/applier.h"
#include "advisor/check/plan_result.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/print_messages.h"
#include "advisor/cli/plan_pipeline.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/report/plan_formats.h"
#include "advisor/report/github.h"
#include "advisor/report/junit.h"
#include "advisor/report/prometheus.h"
#include "advisor/report/sarif.h"

namespace po = boost::program_options;

namespace sa::cli {

static const char* kPlanUsage =
    "usage: sysctl-advisor plan [--profile NAME] [--root DIR | --snapshot FILE] [--sample SECONDS]\n"
    "                           [--format FORMATS] [--exit-code] [--rules DIR] [--profiles DIR]\n"
    "                           [--loader systemd|procps]\n"
    "\n"
    "Proposes sysctl changes for the host's role, each with the evidence behind it: the key, its\n"
    "live value, the configured value and the file:line that sets it, the proposed value, the rule\n"
    "and the reasoning. Findings are advice no sysctl fixes; 'not evaluated' lists rules that lacked\n"
    "a fact (rate() rules need --sample). Without --profile the profile is inferred from who holds\n"
    "which sockets (a proxy listening with connections to upstreams, an application server connected\n"
    "to a database port, a database serving clients; the host's counts when processes are unknown),\n"
    "with the reason and how sure; when no role or two fit, generic. Nothing is changed:\n"
    "`sysctl-advisor apply` does that.\n"
    "sarif, junit and github are check's CI reports of the plan (docs/plan.md): a pending change\n"
    "is a result of its rule at the line that configures the key; a rule not evaluated is open.\n"
    "exit status: 0 (1 with --exit-code when changes are pending), 2 usage or invalid input.";

// One row per output format: its name and how it renders a plan (and the rules it was made with).
struct PlanFormat {
  const char* name;
  std::function<std::string(const plan::Plan&, const engine::Knowledge&, const PlanSelection&)> render;
};

// The host as the CI reports name it: the tree, the snapshot or the live host.
std::string plan_group(const PlanSelection& sel) {
  if (!sel.snapshot.empty()) return "snapshot " + sel.snapshot;
  return is_live_root(sel.root) ? "live host" : sel.root;
}

plan::CheckResult as_check(const plan::Plan& p, const engine::Knowledge& k, const PlanSelection& sel) {
  return check::plan_as_check_result(p, k, sel.snapshot.empty() ? sel.root : "/", plan_group(sel));
}

// In the CI formats a change or finding of warning or above fails (JUnit failure, GitHub error or
// warning annotation); notices and info are reported without failing.
const Severity kCiFailOn = Severity::warning;

const PlanFormat kPlanFormats[] = {
    {"text", [](const plan::Plan& p, const engine::Knowledge&, const PlanSelection&) { return report::plan_text(p, stdout_wants_color()); }},
    {"json", [](const plan::Plan& p, const engine::Knowledge&, const PlanSelection&) { return report::plan_json(p); }},
    {"markdown", [](const plan::Plan& p, const engine::Knowledge&, const PlanSelection&) { return report::plan_markdown(p); }},
    {"prometheus", [](const plan::Plan& p, const engine::Knowledge&, const PlanSelection&) { return report::plan_prometheus(p); }},
    {"sarif", [](const plan::Plan& p, const engine::Knowledge& k, const PlanSelection& s) { return report::check_to_sarif(as_check(p, k, s)).dump(2) + "\n"; }},
    {"junit", [](const plan::Plan& p, const engine::Knowledge& k, const PlanSelection& s) { return report::render_junit(as_check(p, k, s), kCiFailOn, {}); }},
    {"github", [](const plan::Plan& p, const engine::Knowledge& k, const PlanSelection& s) { return report::render_github(as_check(p, k, s), kCiFailOn); }},
};

std::string format_names(const char* sep) {
  std::string out;
  for (const auto& f : kPlanFormats) out += (out.empty() ? "" : sep) + std::string(f.name);
  return out;
}

int run_plan(const Args& args) {
  PlanSelection sel;
  std::string format = "text";
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "format", po::value(&format)->default_value("text"),
      "text, json (schema sysctl-advisor/plan/v1), markdown, prometheus (textfile collector), or a CI report: sarif, junit, github")(
      "exit-code", "exit 1 when changes are pending");
  add_plan_selection_options(desc, sel);
  po::variables_map vm;
  bool help = false;
  std::string usage = kPlanUsage;
  usage.replace(usage.find("FORMATS"), 7, format_names("|"));
  if (!parse_args("plan", args, desc, nullptr, vm, usage, &help)) return kUsage;
  if (help) return kOk;
  // DESIGN.md safety: an apply killed part-way is announced by every later command.
  print_messages("plan", apply::unfinished_warnings(apply::default_state_dir(user_path(sel.root))));
  const PlanFormat* chosen = nullptr;
  for (const auto& f : kPlanFormats)
    if (format == f.name) chosen = &f;
  if (!chosen) {
    std::cerr << "sysctl-advisor plan: --format must be one of " << format_names(", ") << ", not '" << format << "'\n";
    return kUsage;
  }
  std::ostringstream err;
  std::optional<engine::Knowledge> knowledge;
  auto plan = make_plan(sel, err, &knowledge);
  std::cerr << err.str();  // the reasons on failure; warnings and notes (other writers) otherwise
  if (!plan) return kUsage;
  std::cout << chosen->render(*plan, *knowledge, sel);
  return vm.count("exit-code") && !plan->changes.empty() ? kFindings : kOk;
}

}  // namespace sa::cli
