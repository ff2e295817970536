// The selection `plan` and `apply` share (DESIGN.md: "apply: same selection as plan") and the one
// path from it to a Plan: load rules, profiles and catalog; read config and live state (or a
// snapshot); evaluate; assemble. CONTRACT between cmd_plan.cc and cmd_apply.cc.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "advisor/engine/engine.h"
#include "advisor/plan/plan.h"

namespace sa::cli {

struct PlanSelection {
  std::string profile;       // empty: infer from the evidence
  std::string root = "/";
  std::string snapshot;      // a snapshot file instead of the live host
  double sample_seconds = 0;
  std::string loader;        // "systemd" | "procps" | "" (the host's boot loader)
  std::string rules_dir;     // --rules override
  std::string profiles_dir;  // --profiles override
  std::vector<std::string> local_rules;  // --local-rules: the operator's own rule files
  std::string netns;         // --netns TARGET: plan that network namespace (live/netns.h)
};

// Adds --profile, --root, --snapshot, --sample, --loader, --rules, --profiles, --netns.
void add_plan_selection_options(boost::program_options::options_description& desc, PlanSelection& sel);

// Builds the plan; on failure writes the reasons to err and returns nullopt (exit 2).
std::optional<plan::Plan> make_plan(const PlanSelection& sel, std::ostream& err);

// The catalog, profiles and rules from data_dir("rules"/"profiles", overrides); on any load error
// writes every diagnostic to err and returns nullopt (exit 2). `explain`, `profiles`, `rules` use it.
std::optional<engine::Knowledge> load_knowledge_or_report(const std::string& rules_dir, const std::string& profiles_dir,
                                                          std::ostream& err,
                                                          const std::vector<std::string>& local_rules = {});

}  // namespace sa::cli
