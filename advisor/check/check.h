// `check` as a library: for each host group, read its configuration through advisor/config, run
// the lints and the profile's rules, apply the suppression comments, and produce one CheckResult
// with paths relative to the repository and 1-based columns. The CLI only parses options, builds
// the targets and renders.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "advisor/check/inputs.h"
#include "advisor/check/orchestrator.h"
#include "advisor/config/config_set.h"
#include "advisor/engine/engine.h"
#include "advisor/plan/check_result.h"

namespace sa::check {

struct Target {
  std::string group;                     // the host group's name, shown in findings and reports
  Input input;
  std::string profile;
  std::string kernel;                    // "" = unknown
  std::optional<config::Loader> loader;  // nullopt: the host root's boot loader; systemd for files
  OrchestratorTarget orchestrator;       // for Kubernetes manifests among the files
};

struct Request {
  std::filesystem::path repo_root;         // finding paths are shown relative to it
  std::vector<Target> targets;
  std::vector<plan::CheckFinding> extra;   // findings made before (mapping file), paths already relative
  KubernetesTruth kubernetes;              // rules/orchestrators/kubernetes.toml (empty: not installed)
  // Host groups by name (the mapping's [[group]]s): an Ansible play for `hosts: NAME` is checked
  // with that group's profile and kernel.
  struct HostGroup {
    std::string profile, kernel;
  };
  std::map<std::string, HostGroup> host_groups;
};

struct Outcome {
  plan::CheckResult result;
  std::vector<Diagnostic> fatal;  // unknown profile, unreadable input: exit 2 with these on stderr
};

Outcome run(const Request& request, const engine::Knowledge& knowledge);

}  // namespace sa::check
