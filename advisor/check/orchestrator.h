// What an orchestrator will do with a sysctl a manifest sets: Kubernetes' safe list by release
// and the kubelet's allowed unsafe patterns, and which keys a pod or container may set at all
// (rules/orchestrators/kubernetes.toml, from kubernetes' pkg/kubelet/sysctl). Data in, verdicts
// out; the file is read by load_kubernetes_truth, everything else is pure.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::check {

struct SafeSysctl {
  std::string name;
  std::string since;   // Kubernetes release that made it safe
  std::string kernel;  // node kernel it needs ("" = any)
};

struct KubernetesTruth {
  std::vector<SafeSysctl> safe;
  std::vector<std::string> namespaced_prefixes;  // kubelet NamespacedBy: "net.", "kernel.shm", ...
  std::vector<std::string> namespaced_keys;      // "kernel.sem"
  std::string newest;                            // the newest `since` in the list
  bool loaded = false;
};

// Missing file: an empty truth (loaded = false) and no diagnostic; a broken one: diagnostics.
KubernetesTruth load_kubernetes_truth(const std::filesystem::path& file, std::vector<Diagnostic>& diags);

// The target a manifest is checked against (mapping [kubernetes] or the command line).
struct OrchestratorTarget {
  std::string kubernetes_version;                // "" = the newest release the list knows
  std::vector<std::string> allowed_unsafe;       // kubelet --allowed-unsafe-sysctls: names or "prefix*"
};

// kubelet NamespacedBy (and moby's ValidateSysctl, which uses the same list): whether the runtime
// accepts the key for a pod or container at all.
bool runtime_namespaced(const KubernetesTruth& t, std::string_view key);

// The safe entry for `key` in `version` on `kernel` ("" = unknown: the kernel condition is not
// applied); nullptr when the key is not safe there. *needs_kernel names the kernel a safe key
// needs when that is what makes it unsafe.
const SafeSysctl* safe_in(const KubernetesTruth& t, std::string_view key, const std::string& version,
                          const std::string& kernel, std::string* needs_kernel);

// kubelet --allowed-unsafe-sysctls matching: an exact name or a pattern ending in '*'.
bool allowed_unsafe(const std::vector<std::string>& patterns, std::string_view key);

}  // namespace sa::check
