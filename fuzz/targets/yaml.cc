// The YAML and script syntaxes `check` reads from configuration repositories
// (advisor/config/yaml): Kubernetes manifests, Compose files, `--sysctl` in scripts and
// Dockerfiles, Ansible playbooks/tasks/vars and INI inventories. The same bytes go through each,
// as a repository's file of any name would: scan_file as YAML and as a script, then Ansible's
// scan_ansible with the file's own top-level variables in scope for expand (the loops' paths).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/config/yaml/ansible.h"
#include "advisor/config/yaml/sysctl_sources.h"

namespace y = sa::config::yaml;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  y::scan_file(text, "manifests/deployment.yaml");  // paths as check passes them: past SSO
  y::scan_file(text, "docker/api/Dockerfile.release");
  y::inventory_children(text);

  y::AnsibleFile a = y::scan_ansible(text, "fuzz.yml");
  std::vector<sa::Diagnostic> diags;
  y::Vars vars = y::read_vars(text, "vars.yml", &diags);
  for (const y::AnsiblePlay& p : a.plays)
    for (const y::AnsibleTask& t : p.tasks) y::expand(t, {&p.vars, &vars}, "fuzz.yml", "play");
  for (const y::AnsibleTask& t : a.tasks) y::expand(t, {&vars}, "fuzz.yml", "tasks");
  return 0;
}
