// An Ansible project among a target's files, as check units: each play's host groups get the
// sysctl tasks of the play and of its roles, with the variables Ansible would give them (role vars,
// play vars, group_vars/GROUP, group_vars/all, role defaults: most important first), so a role used
// by several groups is checked once per group, with that group's values and profile. Role tasks no
// play uses are checked with the role's defaults alone. Reads the files through advisor/config.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "advisor/check/source_units.h"

namespace sa::check {

struct AnsibleUnits {
  std::vector<Unit> units;
  std::vector<std::string> files;       // every file a setting comes from (display paths), for suppressions
  std::vector<std::string> host_groups; // parallel to units: the play's host pattern ("" for a role alone)
};

// `yaml_files`: the target's YAML files (display path = path as given).
AnsibleUnits ansible_units(const std::vector<std::filesystem::path>& yaml_files);

}  // namespace sa::check
