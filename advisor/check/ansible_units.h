// An Ansible project among a target's files, as check units: each play's host groups get the
// sysctl tasks of the play and of its roles, with the variables Ansible would give them (role vars,
// play vars, group_vars/GROUP, group_vars/all, role defaults: most important first), so a role used
// by several groups is checked once per group, with that group's values and profile. A parent group
// of the INI inventory (`[frontends:children]`) stands for each of its child groups. Role tasks no
// play uses are checked with the role's defaults alone. Reads the files through advisor/config.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "advisor/check/source_units.h"

namespace sa::check {

struct AnsibleUnits {
  std::vector<Unit> units;
  std::vector<std::string> files;       // every file a setting comes from (display paths), for suppressions
  std::vector<std::string> host_groups; // parallel to units: the play's host pattern ("" for a role alone)
};

// `candidates`: the target's YAML files whose first document is a list (a playbook or a tasks
// file; see starts_with_list), with their text. Variables files are read from disk as needed.
AnsibleUnits ansible_units(const std::vector<std::pair<std::filesystem::path, std::string>>& candidates);

// True when the first document of a YAML text is a block sequence ("- ..."): what every playbook
// and tasks file is, and no Kubernetes or Compose file. A cheap look at the first lines, so the
// other YAML is not parsed a second time.
bool starts_with_list(std::string_view text);

}  // namespace sa::check
