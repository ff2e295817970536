// Ansible's sysctl tasks: module names and argument forms, loops, and variables in scope.
#include "advisor/config/yaml/ansible.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace sa::config::yaml;

namespace {
std::string settings(const std::vector<Setting>& v) {
  std::ostringstream o;
  for (const Setting& s : v) {
    if (o.tellp() > 0) o << "; ";
    o << (s.unknown_key ? "?" : "") << s.key.text << "=" << s.value.text << (s.unknown_value ? "?" : "") << (s.absent ? " absent" : "")
      << " @" << s.value.file << ":" << s.value.line << ":" << s.value.col;
  }
  return o.str();
}
}  // namespace

TEST_CASE("a playbook: hosts, roles, tasks and the module's names and forms") {
  AnsibleFile f = scan_ansible(
      "- hosts: web:lb\n"
      "  roles: [tuning, {role: common}]\n"
      "  vars: {keepalive: 600}\n"
      "  tasks:\n"
      "    - name: one\n"
      "      ansible.posix.sysctl: {name: net.ipv4.tcp_keepalive_time, value: '{{ keepalive }}'}\n"
      "    - block:\n"
      "        - sysctl: name=net.ipv4.tcp_fin_timeout value=30 state=present\n"
      "    - include_role: {name: extra}\n"
      "    - name: not ours\n"
      "      command: sysctl --system\n",
      "site.yml");
  REQUIRE(f.playbook);
  REQUIRE(f.plays.size() == 1);
  const AnsiblePlay& p = f.plays[0];
  CHECK(p.hosts == std::vector<std::string>{"web", "lb"});
  CHECK(p.roles == std::vector<std::string>{"tuning", "common", "extra"});
  REQUIRE(p.tasks.size() == 2);
  CHECK(settings(expand(p.tasks[0], {&p.vars}, "site.yml", "hosts web")) == "net.ipv4.tcp_keepalive_time=600 @site.yml:3:21");
  CHECK(settings(expand(p.tasks[0], {}, "site.yml", "hosts web")) == "net.ipv4.tcp_keepalive_time={{ keepalive }}? @site.yml:6:73");
  CHECK(settings(expand(p.tasks[1], {}, "site.yml", "hosts web")) == "net.ipv4.tcp_fin_timeout=30 @site.yml:8:55");
}

TEST_CASE("loops: inline items, a list variable, a dict through dict2items or with_dict; precedence") {
  AnsibleFile f = scan_ansible(
      "- name: inline\n"
      "  sysctl: {name: '{{ s.name }}', value: '{{ s.value }}'}\n"
      "  loop: [{name: net.core.somaxconn, value: 4096}]\n"
      "  loop_control: {loop_var: s}\n"
      "- name: dict\n"
      "  ansible.posix.sysctl:\n"
      "    name: \"{{ item.key }}\"\n"
      "    value: \"{{ item.value }}\"\n"
      "  loop: \"{{ tuning | dict2items }}\"\n"
      "- name: absent\n"
      "  sysctl: {name: net.ipv4.tcp_tw_recycle, state: absent}\n"
      "- name: unknown loop\n"
      "  sysctl: {name: '{{ item.key }}', value: '{{ item.value }}'}\n"
      "  with_dict: \"{{ nowhere }}\"\n",
      "roles/t/tasks/main.yml");
  REQUIRE(f.tasks_file);
  REQUIRE(f.tasks.size() == 4);
  CHECK(settings(expand(f.tasks[0], {}, "m.yml", "u")) == "net.core.somaxconn=4096 @roles/t/tasks/main.yml:3:44");
  Vars defaults = read_vars("tuning:\n  net.ipv4.tcp_fin_timeout: 30\n  net.core.somaxconn: 1024\n", "defaults/main.yml", nullptr);
  Vars group = read_vars("tuning:\n  net.ipv4.tcp_tw_reuse: 1\n", "group_vars/lb.yml", nullptr);
  CHECK(settings(expand(f.tasks[1], {&defaults}, "m.yml", "u")) ==
        "net.ipv4.tcp_fin_timeout=30 @defaults/main.yml:2:29; net.core.somaxconn=1024 @defaults/main.yml:3:23");
  // group_vars come before role defaults: the whole variable is replaced, not merged (Ansible's default hash_behaviour).
  CHECK(settings(expand(f.tasks[1], {&group, &defaults}, "m.yml", "u")) == "net.ipv4.tcp_tw_reuse=1 @group_vars/lb.yml:2:26");
  CHECK(settings(expand(f.tasks[2], {}, "m.yml", "u")) == "net.ipv4.tcp_tw_recycle= absent @roles/t/tasks/main.yml:11:18");
  CHECK(settings(expand(f.tasks[3], {}, "m.yml", "u")) == "?{{ item.key }}={{ item.value }}? @roles/t/tasks/main.yml:13:44");
}

TEST_CASE("YAML that is neither a playbook nor a tasks file is not Ansible") {
  CHECK_FALSE(scan_ansible("collections:\n  - name: ansible.posix\n", "requirements.yml").tasks_file);
  AnsibleFile f = scan_ansible("- {name: x, sysctl: {name: a, value: 1}}\n   bad: [\n", "bad.yml");
  CHECK(f.tasks.empty());
  REQUIRE(f.diagnostics.size() == 1);
  CHECK(f.diagnostics[0].code == "yaml-syntax");
}

TEST_CASE("INI inventory: :children sections") {
  auto c = inventory_children("[lb]\nlb1 ansible_host=10.0.0.1\n\n[frontends:children]\nlb\nweb  # comment\n; x\n[web]\nweb1\n");
  REQUIRE(c.size() == 1);
  CHECK(c["frontends"] == std::vector<std::string>{"lb", "web"});
}

TEST_CASE("YAML inventory: children at any depth, `all` implicit as in INI") {
  auto c = inventory_children_yaml(
      "all:\n  children:\n    frontends:\n      children:\n        lb:\n          hosts:\n            lb1:\n"
      "        edge:\n          children:\n            cdn: {}\n    db:\n      hosts: {db1: {ansible_host: 10.0.2.11}}\n",
      "hosts.yml");
  CHECK(c.count("all") == 0);
  CHECK(c["frontends"] == std::vector<std::string>{"lb", "edge"});
  CHECK(c["edge"] == std::vector<std::string>{"cdn"});
  CHECK(c.count("db") == 0);  // hosts only: a leaf group
  // Malformed YAML gives no groups rather than a guess.
  CHECK(inventory_children_yaml("all: [\n", "bad.yml").empty());
}

TEST_CASE("an inventory without extension: YAML or INI by its first line") {
  CHECK(inventory_is_yaml("# comment\n---\nall:\n  hosts: {}\n"));
  CHECK_FALSE(inventory_is_yaml("[lb]\nlb1\n"));
  CHECK_FALSE(inventory_is_yaml("lb1 ansible_host=10.0.0.1\n"));
  CHECK_FALSE(inventory_is_yaml(""));
}
