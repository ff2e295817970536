#include "advisor/check/ansible_units.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

#include "advisor/config/file_loading.h"
#include "advisor/config/yaml/ansible.h"

namespace fs = std::filesystem;
using namespace sa::config::yaml;

namespace sa::check {
namespace {

bool contains(std::string_view text, const char* word) {
  return memmem(text.data(), text.size(), word, std::strlen(word)) != nullptr;
}

std::optional<std::string> read(const fs::path& p) {
  std::string text, why;
  bool is_folder = false;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec) || !config::read_whole_file(p, &text, &why, &is_folder)) return std::nullopt;
  return text;
}

// The variables of FOLDER/NAME.yml, NAME.yaml or every YAML file of FOLDER/NAME/ (Ansible's
// group_vars and role defaults/vars layouts); empty when there are none.
Vars vars_at(const fs::path& folder, const std::string& name) {
  Vars out;
  for (const char* ext : {".yml", ".yaml", ""}) {
    fs::path p = folder / (name + ext);
    if (auto text = read(p)) {
      Vars v = read_vars(*text, p.string(), nullptr);
      out.insert(v.begin(), v.end());
    }
  }
  std::error_code ec;
  if (fs::is_directory(folder / name, ec))
    for (const auto& e : fs::directory_iterator(folder / name, ec))
      if (e.path().extension() == ".yml" || e.path().extension() == ".yaml")
        if (auto text = read(e.path())) {
          Vars v = read_vars(*text, e.path().string(), nullptr);
          out.insert(v.begin(), v.end());
        }
  return out;
}

// roles/NAME/{tasks,handlers}/FILE -> (roles folder, NAME); empty when the file is not in a role.
std::pair<fs::path, std::string> role_of(const fs::path& file) {
  fs::path dir = file.parent_path();
  std::string kind = dir.filename().string();
  if (kind != "tasks" && kind != "handlers") return {};
  fs::path role = dir.parent_path();
  if (role.parent_path().filename() != "roles") return {};
  return {role.parent_path(), role.filename().string()};
}

// The inventory next to a playbook: ansible.cfg's `inventory =`, else inventory/hosts.ini,
// inventory/hosts.yml, inventory/hosts, hosts.ini, hosts.yml, hosts, inventory.ini, inventory.yml
// (INI or YAML form, by extension, else by content; a folder: its *.ini, *.yml, *.yaml and hosts
// files).
std::map<std::string, std::vector<std::string>> inventory_of(const fs::path& base) {
  std::vector<fs::path> tries;
  if (auto cfg = read(base / "ansible.cfg")) {
    size_t at = cfg->find("\ninventory");
    if (cfg->compare(0, 9, "inventory") == 0) at = 0;
    if (at != std::string::npos) {
      size_t eq = cfg->find('=', at), end = cfg->find('\n', at + 1);
      if (eq != std::string::npos && (end == std::string::npos || eq < end)) {
        std::string v = cfg->substr(eq + 1, end == std::string::npos ? std::string::npos : end - eq - 1);
        v.erase(0, v.find_first_not_of(" \t"));
        v.erase(v.find_last_not_of(" \t\r") + 1);
        if (!v.empty()) tries.push_back(base / v.substr(0, v.find(',')));
      }
    }
  }
  for (const char* p : {"inventory/hosts.ini", "inventory/hosts.yml", "inventory/hosts.yaml", "inventory/hosts", "hosts.ini",
                        "hosts.yml", "hosts.yaml", "hosts", "inventory.ini", "inventory.yml", "inventory.yaml", "inventory"})
    tries.push_back(base / p);
  auto is_inventory_file = [](const fs::path& f) {
    std::string ext = f.extension().string();
    return ext == ".ini" || ext == ".yml" || ext == ".yaml" || f.filename() == "hosts";
  };
  std::map<std::string, std::vector<std::string>> out;
  for (const fs::path& p : tries) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::directory_iterator(p, ec))
        if (is_inventory_file(e.path())) files.push_back(e.path());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    }
    std::sort(files.begin(), files.end());  // Ansible reads a folder's sources in name order
    for (const fs::path& f : files) {
      auto text = read(f);
      if (!text) continue;
      std::string ext = f.extension().string();
      bool yaml = ext == ".yml" || ext == ".yaml" || (ext != ".ini" && inventory_is_yaml(*text));
      for (auto& [g, kids] : yaml ? inventory_children_yaml(*text, f.string()) : inventory_children(*text))
        for (auto& k : kids)
          if (std::find(out[g].begin(), out[g].end(), k) == out[g].end()) out[g].push_back(k);
    }
    if (!files.empty()) break;
  }
  return out;
}

void leaves_of(const std::map<std::string, std::vector<std::string>>& children, const std::string& group,
               std::vector<std::string>& out, int depth) {
  auto it = children.find(group);
  if (it == children.end() || it->second.empty() || depth > 16) {
    if (std::find(out.begin(), out.end(), group) == out.end()) out.push_back(group);
    return;
  }
  for (const std::string& c : it->second) leaves_of(children, c, out, depth + 1);
}

struct Role {
  fs::path dir;
  std::vector<std::pair<std::string, AnsibleTask>> tasks;  // (file, task)
  Vars defaults, vars;
  bool used = false;
};

}  // namespace

bool starts_with_list(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    size_t first = line.find_first_not_of(" \t\r");
    pos = end + 1;
    if (first == std::string_view::npos || line[first] == '#' || line[first] == '%' || line.substr(0, 3) == "---") continue;
    return line[first] == '-' && (first + 1 == line.size() || line[first + 1] == ' ' || line[first + 1] == '\r');
  }
  return false;
}

AnsibleUnits ansible_units(const std::vector<std::pair<fs::path, std::string>>& candidates) {
  AnsibleUnits out;
  std::map<std::string, Role> roles;  // by name
  struct Playbook {
    fs::path file;
    AnsibleFile parsed;
  };
  std::vector<Playbook> playbooks;
  std::vector<std::pair<std::string, AnsibleTask>> loose;  // tasks files outside roles
  for (const auto& [f, text] : candidates) {
    bool play_like = contains(text, "hosts:");
    if (!play_like && !contains(text, "sysctl")) continue;
    AnsibleFile a = scan_ansible(text, f.string());
    if (a.playbook) {
      playbooks.push_back({f, std::move(a)});
    } else if (a.tasks_file && !a.tasks.empty()) {
      auto [roles_dir, name] = role_of(f);
      if (name.empty()) {
        for (auto& t : a.tasks) loose.emplace_back(f.string(), std::move(t));
        continue;
      }
      Role& r = roles[name];
      if (r.dir.empty()) {
        r.dir = roles_dir / name;
        r.defaults = vars_at(r.dir / "defaults", "main");
        r.vars = vars_at(r.dir / "vars", "main");
      }
      for (auto& t : a.tasks) r.tasks.emplace_back(f.string(), std::move(t));
    }
  }
  auto add = [&](Unit&& u, const std::string& host_group) {
    if (u.settings.empty()) return;
    for (const Setting& s : u.settings) {
      out.files.push_back(s.key.file);
      out.files.push_back(s.value.file);
    }
    out.units.push_back(std::move(u));
    out.host_groups.push_back(host_group);
  };
  for (const Playbook& pb : playbooks) {
    fs::path base = pb.file.parent_path();
    auto children = inventory_of(base);
    Vars all = vars_at(base / "group_vars", "all"), inv_all = vars_at(base / "inventory" / "group_vars", "all");
    for (const AnsiblePlay& play : pb.parsed.plays) {
      for (const std::string& hosts : play.hosts) {
        // A parent group of the inventory (`[frontends:children]`) is its child groups' hosts:
        // each child is checked as itself, with its own variables before the parent's.
        std::vector<std::string> leaves;
        leaves_of(children, hosts, leaves, 0);
        for (const std::string& leaf : leaves) {
          Vars group = vars_at(base / "group_vars", leaf), inv_group = vars_at(base / "inventory" / "group_vars", leaf);
          Vars parent, inv_parent;
          if (leaf != hosts) {
            parent = vars_at(base / "group_vars", hosts);
            inv_parent = vars_at(base / "inventory" / "group_vars", hosts);
          }
          Unit u;
          u.label = leaf == hosts ? "hosts " + hosts : "hosts " + leaf + " (of " + hosts + ")";
          u.landing = Landing::host;
          // Ansible's precedence, most important first: role vars, play vars, group_vars of the
          // group (playbook's, then inventory's), of its parent, of all; role defaults last.
          std::vector<const Vars*> play_scope{&play.vars, &group, &inv_group, &parent, &inv_parent, &all, &inv_all};
          for (const AnsibleTask& t : play.tasks)
            for (Setting& s : expand(t, play_scope, pb.file.string(), u.label)) u.settings.push_back(std::move(s));
          for (const std::string& name : play.roles) {
            auto it = roles.find(name);
            if (it == roles.end()) continue;
            Role& r = it->second;
            r.used = true;
            std::vector<const Vars*> scope{&r.vars};
            scope.insert(scope.end(), play_scope.begin(), play_scope.end());
            scope.push_back(&r.defaults);
            for (const auto& [file, t] : r.tasks)
              for (Setting& s : expand(t, scope, file, u.label)) u.settings.push_back(std::move(s));
          }
          add(std::move(u), leaf);
        }
      }
    }
  }
  for (auto& [name, r] : roles) {
    if (r.used) continue;
    Unit u;
    u.label = "role " + name + " (in no play)";
    std::vector<const Vars*> scope{&r.vars, &r.defaults};
    for (const auto& [file, t] : r.tasks)
      for (Setting& s : expand(t, scope, file, u.label)) u.settings.push_back(std::move(s));
    add(std::move(u), "");
  }
  if (!loose.empty()) {
    Unit u;
    u.label = "tasks";
    for (const auto& [file, t] : loose)
      for (Setting& s : expand(t, {}, file, u.label)) u.settings.push_back(std::move(s));
    add(std::move(u), "");
  }
  std::set<std::string> seen;
  std::vector<std::string> files;
  for (std::string& f : out.files)
    if (!f.empty() && seen.insert(f).second) files.push_back(std::move(f));
  out.files = std::move(files);
  return out;
}

}  // namespace sa::check
