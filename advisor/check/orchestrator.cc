#include "advisor/check/orchestrator.h"

#include <toml++/toml.h>

#include "advisor/engine/version.h"

namespace sa::check {

KubernetesTruth load_kubernetes_truth(const std::filesystem::path& file, std::vector<Diagnostic>& diags) {
  KubernetesTruth t;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return t;
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    diags.push_back({Severity::error, diag::kBadOrchestratorData,
                     {file.string(), static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
                     std::string(e.description()), ""});
    return t;
  }
  auto strings = [&](const char* name, std::vector<std::string>& out) {
    if (const toml::array* a = doc[name].as_array())
      for (const auto& v : *a)
        if (auto s = v.value<std::string>()) out.push_back(*s);
  };
  strings("namespaced_prefixes", t.namespaced_prefixes);
  strings("namespaced_keys", t.namespaced_keys);
  if (const toml::array* a = doc["safe"].as_array())
    for (const auto& v : *a) {
      const toml::table* e = v.as_table();
      if (!e) continue;
      SafeSysctl s{(*e)["name"].value_or(std::string()), (*e)["since"].value_or(std::string()),
                   (*e)["kernel"].value_or(std::string())};
      if (s.name.empty() || !engine::looks_like_version(s.since)) {
        diags.push_back({Severity::error, diag::kBadOrchestratorData, {file.string(), static_cast<int>(e->source().begin.line), 1},
                         "a [[safe]] entry needs name and since (a Kubernetes release like \"1.29\")", ""});
        continue;
      }
      if (t.newest.empty() || engine::compare_versions(s.since, t.newest) > 0) t.newest = s.since;
      t.safe.push_back(std::move(s));
    }
  t.loaded = true;
  return t;
}

bool runtime_namespaced(const KubernetesTruth& t, std::string_view key) {
  for (const auto& k : t.namespaced_keys)
    if (key == k) return true;
  for (const auto& p : t.namespaced_prefixes)
    if (key.substr(0, p.size()) == p) return true;
  return false;
}

const SafeSysctl* safe_in(const KubernetesTruth& t, std::string_view key, const std::string& version,
                          const std::string& kernel, std::string* needs_kernel) {
  for (const SafeSysctl& s : t.safe) {
    if (s.name != key) continue;
    if (!version.empty() && engine::compare_versions(version, s.since) < 0) return nullptr;
    if (!s.kernel.empty() && !kernel.empty() && engine::compare_versions(kernel, s.kernel) < 0) {
      if (needs_kernel) *needs_kernel = s.kernel;
      return nullptr;
    }
    return &s;
  }
  return nullptr;
}

bool allowed_unsafe(const std::vector<std::string>& patterns, std::string_view key) {
  for (const std::string& p : patterns) {
    if (!p.empty() && p.back() == '*') {
      if (key.substr(0, p.size() - 1) == std::string_view(p).substr(0, p.size() - 1)) return true;
    } else if (key == p) {
      return true;
    }
  }
  return false;
}

}  // namespace sa::check
