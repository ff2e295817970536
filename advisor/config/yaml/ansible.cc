#include "advisor/config/yaml/ansible.h"

#include <algorithm>

#include "advisor/config/yaml/yaml_doc.h"

namespace sa::config::yaml {
namespace {

bool is_sysctl_module(std::string_view m) {
  return m == "sysctl" || m == "ansible.posix.sysctl" || m == "community.general.sysctl" ||
         m == "community.general.system.sysctl";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Located at(const Node& n, const std::string& file) { return {std::string(n.text()), file, n.line(), n.col()}; }

VarValue to_var(const Node& n, const std::string& file, int depth = 0) {
  VarValue v;
  if (depth > 16) return v;
  if (n.is_seq()) {
    v.kind = VarValue::Kind::list;
    for (const Node& i : n.items()) v.list.push_back(to_var(i, file, depth + 1));
  } else if (n.is_map()) {
    v.kind = VarValue::Kind::map;
    for (const auto& [k, val] : n.pairs()) v.map.emplace_back(at(k, file), to_var(val, file, depth + 1));
  } else {
    v.scalar = at(n, file);
  }
  return v;
}

// "{{ NAME }}" or "{{ NAME | dict2items }}": the variable's name and whether it is turned into
// {key, value} items; empty when the expression is anything else.
std::string simple_variable(std::string_view t, bool* dict2items) {
  t = trim(t);
  if (t.size() < 4 || t.substr(0, 2) != "{{" || t.substr(t.size() - 2) != "}}") return {};
  std::string_view inner = trim(t.substr(2, t.size() - 4));
  *dict2items = false;
  if (size_t bar = inner.find('|'); bar != std::string_view::npos) {
    std::string_view filter = trim(inner.substr(bar + 1));
    if (filter != "dict2items" && filter != "list") return {};
    *dict2items = filter == "dict2items";
    inner = trim(inner.substr(0, bar));
  }
  for (char c : inner)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_')) return {};
  return std::string(inner);
}

// "{{ item.FIELD }}", "{{ item['FIELD'] }}", optionally "| int" or "| string": FIELD, or "".
std::string item_field(std::string_view t, const std::string& loop_var) {
  t = trim(t);
  if (t.size() < 4 || t.substr(0, 2) != "{{" || t.substr(t.size() - 2) != "}}") return {};
  std::string_view inner = trim(t.substr(2, t.size() - 4));
  if (size_t bar = inner.find('|'); bar != std::string_view::npos) {
    std::string_view filter = trim(inner.substr(bar + 1));
    if (filter != "int" && filter != "string") return {};
    inner = trim(inner.substr(0, bar));
  }
  if (inner.substr(0, loop_var.size()) != loop_var) return {};
  inner.remove_prefix(loop_var.size());
  std::string_view field;
  if (!inner.empty() && inner.front() == '.') {
    field = inner.substr(1);
  } else if (inner.size() > 4 && inner.front() == '[' && inner.back() == ']' && (inner[1] == '\'' || inner[1] == '"')) {
    field = inner.substr(2, inner.size() - 4);
  } else {
    return {};
  }
  for (char c : field)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_')) return {};
  return std::string(field);
}

// `sysctl: name=KEY value=VALUE state=present` (the free-form argument string).
void free_form(const Node& args, const std::string& file, AnsibleTask& t) {
  std::string_view s = args.text();
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t end = s.find(' ', i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view word = s.substr(i, end - i);
    size_t eq = word.find('=');
    if (eq != std::string_view::npos) {
      std::string_view k = word.substr(0, eq), v = word.substr(eq + 1);
      Located loc{std::string(v), file, args.line(), args.col() + static_cast<int>(i + eq) + 1};
      if (k == "name") t.key = loc;
      else if (k == "value" || k == "val") { t.value = loc; t.has_value = true; }
      else if (k == "state") t.absent = v == "absent";
    }
    i = end + 1;
  }
}

bool task_of(const Node& task, const std::string& file, AnsibleTask& t) {
  if (!task.is_map()) return false;
  Node args;
  for (const auto& [k, v] : task.pairs())
    if (is_sysctl_module(k.text())) args = v;
  if (!args) return false;
  t.name = std::string(task.get("name").text());
  if (args.is_map()) {
    if (Node n = args.get("name"); n) t.key = at(n, file);
    else if (Node n2 = args.get("key"); n2) t.key = at(n2, file);  // the module's alias
    Node v = args.get("value");
    if (!v) v = args.get("val");
    if (v) {
      t.value = at(v, file);
      t.has_value = true;
    }
    t.absent = args.get("state").text() == "absent";
  } else if (args.is_scalar()) {
    free_form(args, file, t);
  }
  if (t.name.empty()) t.name = "sysctl " + t.key.text;
  if (Node lc = task.get("loop_control"); lc)
    if (Node lv = lc.get("loop_var"); lv.is_scalar() && !lv.text().empty()) t.loop_var = std::string(lv.text());
  for (const char* kw : {"loop", "with_items", "with_list", "with_dict"}) {
    Node l = task.get(kw);
    if (!l) continue;
    t.loop_at = at(l, file);
    if (l.is_seq()) {
      t.loop = AnsibleTask::Loop::inline_list;
      for (const Node& i : l.items()) t.items.push_back(to_var(i, file));
    } else if (l.is_map() && std::string_view(kw) == "with_dict") {
      t.loop = AnsibleTask::Loop::inline_list;
      for (const auto& [k, v] : l.pairs()) {
        VarValue item;
        item.kind = VarValue::Kind::map;
        VarValue key;
        key.scalar = at(k, file);
        item.map.emplace_back(Located{"key", file, 0, 0}, key);
        item.map.emplace_back(Located{"value", file, 0, 0}, to_var(v, file));
        t.items.push_back(std::move(item));
      }
    } else {
      bool dict = false;
      t.loop_variable = simple_variable(l.text(), &dict);
      t.loop_dict = dict || std::string_view(kw) == "with_dict";
      t.loop = AnsibleTask::Loop::variable;
    }
    break;
  }
  return true;
}

// Tasks, blocks (block/rescue/always) and their nesting.
void tasks_in(const Node& list, const std::string& file, std::vector<AnsibleTask>& out, std::vector<std::string>* roles,
              int depth = 0) {
  if (!list.is_seq() || depth > 8) return;
  for (const Node& task : list.items()) {
    AnsibleTask t;
    if (task_of(task, file, t)) {
      out.push_back(std::move(t));
      continue;
    }
    for (const char* b : {"block", "rescue", "always"}) tasks_in(task.get(b), file, out, roles, depth + 1);
    if (roles)
      for (const char* inc : {"include_role", "import_role", "ansible.builtin.include_role", "ansible.builtin.import_role"})
        if (Node r = task.get(inc); r) roles->emplace_back(r.get("name").text());
  }
}

bool looks_like_task(const Node& n) {
  if (!n.is_map()) return false;
  for (const auto& [k, v] : n.pairs()) {
    std::string_view key = k.text();
    if (key == "hosts" || key == "import_playbook") return false;
  }
  return true;
}

}  // namespace

std::map<std::string, std::vector<std::string>> inventory_children(std::string_view ini) {
  std::map<std::string, std::vector<std::string>> out;
  std::string current;  // the group whose :children section we are in, or ""
  size_t pos = 0;
  while (pos < ini.size()) {
    size_t end = ini.find('\n', pos);
    if (end == std::string_view::npos) end = ini.size();
    std::string_view line = trim(ini.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line = trim(line.substr(0, line.size() - 1));
    pos = end + 1;
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      std::string_view section = line.substr(1, line.size() - 2);
      constexpr std::string_view kChildren = ":children";
      current = section.size() > kChildren.size() && section.substr(section.size() - kChildren.size()) == kChildren
                    ? std::string(section.substr(0, section.size() - kChildren.size()))
                    : std::string();
      continue;
    }
    if (!current.empty()) out[current].emplace_back(line.substr(0, line.find_first_of(" \t")));
  }
  return out;
}

namespace {

// A group node of a YAML inventory: its `children` are groups too, to any depth.
void yaml_groups(const Node& group, const std::string& name, std::map<std::string, std::vector<std::string>>& out,
                 int depth) {
  if (!group.is_map() || depth > 32) return;
  Node children = group.get("children");
  if (!children.is_map()) return;
  for (const auto& [k, v] : children.pairs()) {
    std::string child(k.text());
    if (child.empty()) continue;
    auto& kids = out[name];
    if (std::find(kids.begin(), kids.end(), child) == kids.end()) kids.push_back(child);
    yaml_groups(v, child, out, depth + 1);
  }
}

}  // namespace

std::map<std::string, std::vector<std::string>> inventory_children_yaml(std::string_view text, const std::string& file) {
  std::map<std::string, std::vector<std::string>> out;
  Stream s = parse(text, file);
  for (const Node& root : s.roots)
    for (const auto& [k, v] : root.pairs()) yaml_groups(v, std::string(k.text()), out, 0);
  // `all` is implicit in an INI inventory (every group is its child): leave it out here too, so a
  // play for `all` means the same in both forms.
  out.erase("all");
  return out;
}

bool inventory_is_yaml(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line.front() == '#' || line.front() == ';' || line == "---") continue;
    return line.front() != '[' && line.back() == ':';
  }
  return false;
}

Vars read_vars(std::string_view text, const std::string& file, std::vector<Diagnostic>* diags) {
  Vars vars;
  Stream s = parse(text, file);
  if (diags) diags->insert(diags->end(), s.errors.begin(), s.errors.end());
  for (const Node& r : s.roots)
    for (const auto& [k, v] : r.pairs()) vars[std::string(k.text())] = to_var(v, file);
  return vars;
}

AnsibleFile scan_ansible(std::string_view text, const std::string& file) {
  AnsibleFile f;
  Stream s = parse(text, file);
  f.diagnostics = s.errors;
  for (const Node& root : s.roots) {
    if (!root.is_seq()) continue;
    std::vector<Node> items = root.items();
    if (items.empty()) continue;
    if (items.front().is_map() && items.front().get("hosts")) {
      f.playbook = true;
      for (const Node& p : items) {
        if (!p.get("hosts")) continue;
        AnsiblePlay play;
        std::string_view h = p.get("hosts").text();
        std::string cur;
        for (char c : std::string(h) + ":") {
          if (c == ':' || c == ',') {
            std::string_view name = trim(cur);
            while (!name.empty() && (name.front() == '!' || name.front() == '&')) name.remove_prefix(1);
            if (!name.empty()) play.hosts.emplace_back(name);
            cur.clear();
          } else {
            cur += c;
          }
        }
        for (const Node& r : p.get("roles").items()) {
          if (r.is_scalar()) play.roles.emplace_back(r.text());
          else if (Node n = r.get("role"); n) play.roles.emplace_back(n.text());
          else if (Node n2 = r.get("name"); n2) play.roles.emplace_back(n2.text());
        }
        for (const char* section : {"pre_tasks", "tasks", "post_tasks", "handlers"})
          tasks_in(p.get(section), file, play.tasks, &play.roles);
        for (const auto& [k, v] : p.get("vars").pairs()) play.vars[std::string(k.text())] = to_var(v, file);
        f.plays.push_back(std::move(play));
      }
    } else if (looks_like_task(items.front())) {
      f.tasks_file = true;
      tasks_in(root, file, f.tasks, nullptr);
    }
  }
  return f;
}

namespace {

const VarValue* lookup(const std::vector<const Vars*>& scope, const std::string& name) {
  for (const Vars* v : scope)
    if (auto it = v->find(name); it != v->end()) return &it->second;
  return nullptr;
}

// One argument (name or value) for one loop item: a literal, an item field, or a variable.
Located resolve(const Located& arg, const VarValue* item, const std::string& loop_var,
                const std::vector<const Vars*>& scope, bool* unknown) {
  *unknown = false;
  if (!is_template(arg.text)) return arg;
  if (item) {
    std::string field = item_field(arg.text, loop_var);
    if (!field.empty() && item->kind == VarValue::Kind::map)
      for (const auto& [k, v] : item->map)
        if (k.text == field && v.kind == VarValue::Kind::scalar) {
          if (is_template(v.scalar.text)) break;
          return v.scalar;
        }
  }
  bool dict = false;
  std::string var = simple_variable(arg.text, &dict);
  if (!var.empty() && !dict)
    if (const VarValue* v = lookup(scope, var); v && v->kind == VarValue::Kind::scalar && !is_template(v->scalar.text))
      return v->scalar;
  *unknown = true;
  return arg;
}

}  // namespace

std::vector<Setting> expand(const AnsibleTask& task, const std::vector<const Vars*>& scope, const std::string& task_file,
                            const std::string& unit) {
  std::vector<Setting> out;
  auto one = [&](const VarValue* item) {
    Setting s;
    bool unknown_key = false, unknown_value = false;
    s.key = resolve(task.key, item, task.loop_var, scope, &unknown_key);
    s.value = task.has_value ? resolve(task.value, item, task.loop_var, scope, &unknown_value) : task.key;
    if (!task.has_value) s.value.text.clear();
    if (s.key.file.empty()) s.key.file = task_file;
    if (s.value.file.empty()) s.value.file = task_file;
    s.unknown_key = unknown_key;
    s.unknown_value = unknown_value;
    s.absent = task.absent;
    s.landing = Landing::host;
    s.unit = unit + ", task '" + task.name + "'";
    out.push_back(std::move(s));
  };
  switch (task.loop) {
    case AnsibleTask::Loop::none:
      one(nullptr);
      break;
    case AnsibleTask::Loop::inline_list:
      for (const VarValue& item : task.items) one(&item);
      break;
    case AnsibleTask::Loop::variable: {
      const VarValue* v = task.loop_variable.empty() ? nullptr : lookup(scope, task.loop_variable);
      if (!v) {
        one(nullptr);  // the loop's items are unknown here: the key and value stay templates
        break;
      }
      if (v->kind == VarValue::Kind::list && !task.loop_dict) {
        for (const VarValue& item : v->list) one(&item);
      } else if (v->kind == VarValue::Kind::map && task.loop_dict) {
        for (const auto& [k, val] : v->map) {
          VarValue item;
          item.kind = VarValue::Kind::map;
          VarValue key;
          key.scalar = k;
          item.map.emplace_back(Located{"key", k.file, 0, 0}, key);
          item.map.emplace_back(Located{"value", k.file, 0, 0}, val);
          one(&item);
        }
      } else {
        one(nullptr);
      }
      break;
    }
  }
  return out;
}

}  // namespace sa::config::yaml
