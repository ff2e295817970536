// The selection `plan` and `apply` share (DESIGN.md: "apply: same selection as plan") and the one
// path from it to a Plan: load rules, profiles and catalog; read config and live state (or a
// snapshot); evaluate; assemble. CONTRACT between cmd_plan.cc and cmd_apply.cc.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "advisor/engine/deny_list.h"
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
  bool insecure = false;     // --insecure: read rules/profiles folders others could have written
  std::vector<std::string> local_rules;  // --local-rules: the operator's own rule files
  std::string netns;         // --netns TARGET: plan that network namespace (live/netns.h)
};

// Adds --profile, --root, --snapshot, --sample, --loader, --rules, --profiles, --insecure, --netns.
void add_plan_selection_options(boost::program_options::options_description& desc, PlanSelection& sel);

// Builds the plan; on failure writes the reasons to err and returns nullopt (exit 2). `knowledge`,
// when given, keeps the rules it was made with (the CI formats describe each rule id).
std::optional<plan::Plan> make_plan(const PlanSelection& sel, std::ostream& err,
                                    std::optional<engine::Knowledge>* knowledge = nullptr);
// The same with the rules, profiles and catalog already loaded (`report` plans many snapshots).
std::optional<plan::Plan> plan_with(const engine::Knowledge& k, const PlanSelection& sel, std::ostream& err);

// The catalog, profiles and rules of the layered data folders (data_dirs: shipped, then /etc
// overrides) and --local-rules: read by advisor/data, compiled by the engine.
engine::Loaded<engine::Knowledge> load_knowledge(const std::string& rules_dir, const std::string& profiles_dir,
                                                 const std::vector<std::string>& local_rules);
// rules/apply-deny.toml of data_dir("rules"): a missing file is an error (apply fails closed).
engine::Loaded<engine::DenyList> load_deny_list(const std::string& rules_dir);

// The same as load_knowledge; on any load error
// writes every diagnostic to err and returns nullopt (exit 2). `explain`, `profiles`, `rules` use it.
std::optional<engine::Knowledge> load_knowledge_or_report(const std::string& rules_dir, const std::string& profiles_dir,
                                                          std::ostream& err,
                                                          const std::vector<std::string>& local_rules = {});
// The same for commands whose result decides what is written or reported as root (plan, apply,
// check): every rules and profiles folder and --local-rules file must first pass
// config::why_untrusted (docs/apply.md, "Files read as root"), unless `insecure`, which is then
// named in a warning.
bool trusted_data_dirs(const std::string& rules_dir, const std::string& profiles_dir,
                       const std::vector<std::string>& local_rules, bool insecure, const std::string& command,
                       std::ostream& err);
std::optional<engine::Knowledge> load_trusted_knowledge(const std::string& rules_dir, const std::string& profiles_dir,
                                                        const std::vector<std::string>& local_rules, bool insecure,
                                                        const std::string& command, std::ostream& err);

}  // namespace sa::cli
