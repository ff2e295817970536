// Ansible's sysctl tasks (ansible.posix.sysctl, its short name `sysctl`, community.general's old
// names) in playbooks, role tasks and handlers, and the variables that feed their loops (role
// defaults and vars, group_vars). Pure: text in, tasks and variables out; `expand` turns a task and
// the variables in scope into located settings. What is not a literal or a simple reference
// (`{{ item.value }}`, `{{ var }}` defined in scope) stays unknown: never guessed.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/config/yaml/sysctl_sources.h"

namespace sa::config::yaml {

// A variable's value as written, every scalar located (for loops over lists and dicts).
struct VarValue {
  enum class Kind { scalar, list, map } kind = Kind::scalar;
  Located scalar;
  std::vector<VarValue> list;
  std::vector<std::pair<Located, VarValue>> map;
};
using Vars = std::map<std::string, VarValue>;

// Top-level variables of a vars file (role defaults/main.yml, vars/main.yml, group_vars/NAME.yml).
// Malformed YAML: no variables and a located diagnostic.
Vars read_vars(std::string_view text, const std::string& file, std::vector<Diagnostic>* diags);

struct AnsibleTask {
  std::string name;        // the task's name (or the module line when unnamed)
  Located key, value;      // the module's name/value arguments as written (templates included)
  bool absent = false;     // state: absent
  bool has_value = false;
  enum class Loop { none, inline_list, variable } loop = Loop::none;
  std::vector<VarValue> items;  // inline_list: the items as written
  std::string loop_variable;    // variable: the variable the loop reads
  bool loop_dict = false;       // dict2items / with_dict: items are {key, value} of a mapping
  std::string loop_var = "item";
  Located loop_at;              // where the loop is written
};

struct AnsiblePlay {
  std::vector<std::string> hosts;  // host patterns split on ':' and ','
  std::vector<std::string> roles;  // roles: entries and include_role/import_role names
  std::vector<AnsibleTask> tasks;  // tasks, pre_tasks, post_tasks, handlers of the play itself
  Vars vars;                       // the play's vars:
};

struct AnsibleFile {
  bool playbook = false;           // a list of plays (each with hosts)
  bool tasks_file = false;         // a list of tasks (role tasks/handlers, included files)
  std::vector<AnsiblePlay> plays;
  std::vector<AnsibleTask> tasks;  // a tasks file's sysctl tasks
  std::vector<Diagnostic> diagnostics;
};

// An INI inventory's `[GROUP:children]` sections: group -> its child groups, in order.
std::map<std::string, std::vector<std::string>> inventory_children(std::string_view ini);
// The same for a YAML inventory (Ansible's `yaml` inventory plugin: `all: {children: {frontends:
// {children: {lb: {hosts: ...}}}}}`): every group's `children` mapping, at any depth.
std::map<std::string, std::vector<std::string>> inventory_children_yaml(std::string_view text, const std::string& file);
// Whether an inventory file without a telling extension is YAML: its first line that is not blank
// or a comment is `NAME:` (YAML) rather than `[group]` or a host (INI).
bool inventory_is_yaml(std::string_view text);

// The sysctl tasks of a playbook or of a tasks file. YAML that is neither is returned empty.
AnsibleFile scan_ansible(std::string_view text, const std::string& file);

// The settings a task writes with the variables in scope (most important first), each located at
// its text (in the task, in the loop's items, or in the vars file that defines them). `unit` names
// the hosts in the findings.
std::vector<Setting> expand(const AnsibleTask& task, const std::vector<const Vars*>& scope, const std::string& task_file,
                            const std::string& unit);

}  // namespace sa::config::yaml
