// `check` for sysctls written in YAML and scripts (advisor/config/yaml): the settings of each unit
// (a pod template, a Compose service, a `docker run`, the hosts of an Ansible play) become one
// configuration set, checked with the same lints and profile rules as sysctl.d files, plus what the
// place they land in adds: a pod or container can only set namespaced keys, and a pod only the
// kubelet's safe ones or those it was told to allow. Every finding points at the value in the file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/check/lints.h"
#include "advisor/check/near_miss.h"
#include "advisor/check/orchestrator.h"
#include "advisor/config/yaml/sysctl_sources.h"
#include "advisor/engine/engine.h"

namespace sa::check {

struct Unit {
  std::string label;                       // "Deployment/web", "service api", "play web", ...
  config::yaml::Landing landing = config::yaml::Landing::host;
  bool kubernetes = false;                 // through the kubelet (safe list, SysctlForbidden)
  std::vector<config::yaml::Setting> settings;  // each Located with its file (display path) set
  // The hosts of an Ansible play mapped to a host group of their own: its profile and kernel
  // instead of the target's.
  const engine::Profile* profile = nullptr;
  std::optional<std::string> kernel;
};

struct UnitContext {
  const engine::Knowledge* knowledge = nullptr;
  const engine::Profile* profile = nullptr;
  std::string kernel;  // "" = unknown
  const KubernetesTruth* kubernetes = nullptr;
  OrchestratorTarget orchestrator;
};

// Appends each unit's findings (columns filled in) to `out`. Rules the offline facts cannot decide
// are listed once per call, not once per unit.
void check_units(const std::vector<Unit>& units, const UnitContext& ctx, NearMiss& near_miss, std::vector<Raw>& out);

// Lint ids of this file.
namespace lint {
inline constexpr const char* kNotNamespaced = "not-namespaced";
inline constexpr const char* kSysctlForbidden = "sysctl-forbidden";
}  // namespace lint

}  // namespace sa::check
