#include "advisor/check/mapping.h"

#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "advisor/check/lint_ids.h"
#include "advisor/config/config_set.h"

namespace sa::check {
namespace {

Location at(const std::string& file, const toml::node& n) {
  const auto& s = n.source();
  return {file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)};
}

struct Reader {
  Mapping& m;

  void error(Location where, std::string message) {
    m.diagnostics.push_back({Severity::error, lint::kBadMapping, std::move(where), std::move(message), ""});
  }

  // Reads an optional string field; reports a wrong type.
  void string_field(const toml::table& t, std::string_view key, std::string& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if (auto s = n->value<std::string>()) {
      out = *s;
      return;
    }
    error(at(m.file, *n), "'" + std::string(key) + "' must be a string");
  }

  void string_list(const toml::table& t, std::string_view key, std::vector<std::string>& out, const char* what) {
    const toml::node* n = t.get(key);
    if (!n) return;
    const toml::array* a = n->as_array();
    if (!a) {
      error(at(m.file, *n), "'" + std::string(key) + "' must be a list of strings");
      return;
    }
    for (const toml::node& e : *a) {
      if (auto s = e.value<std::string>(); s && !s->empty()) out.push_back(*s);
      else error(at(m.file, e), what);
    }
  }

  void check_keys(const toml::table& t, std::string_view what, std::initializer_list<std::string_view> allowed) {
    for (const auto& [k, v] : t) {
      bool ok = false;
      for (auto a : allowed) ok = ok || k.str() == a;
      if (ok) continue;
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      error(at(m.file, v), "unknown key '" + std::string(k.str()) + "' in " + std::string(what) + "; expected one of: " + list);
    }
  }

  void check_values(const std::string& loader, const std::string& kernel, const Location& where) {
    if (!loader.empty() && !config::parse_loader(loader))
      error(where, "loader '" + loader + "' is not one of: systemd, procps");
    if (!kernel.empty() && (kernel.find_first_not_of("0123456789.") != std::string::npos || kernel.front() == '.'))
      error(where, "kernel '" + kernel + "' is not a version like \"6.1\" or \"4.19.0\"");
  }
};

}  // namespace

Mapping parse_mapping(std::string_view text, const std::string& file) {
  Mapping m;
  m.file = file;
  Reader r{m};
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& s = e.source();
    r.error({file, static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)}, std::string(e.description()));
    return m;
  }
  r.check_keys(doc, "the mapping file", {"defaults", "group", "check", "kubernetes"});

  GroupSpec defaults;
  if (const toml::node* d = doc.get("defaults")) {
    if (const toml::table* t = d->as_table()) {
      r.check_keys(*t, "[defaults]", {"profile", "kernel", "loader"});
      r.string_field(*t, "profile", defaults.profile);
      r.string_field(*t, "kernel", defaults.kernel);
      r.string_field(*t, "loader", defaults.loader);
      r.check_values(defaults.loader, defaults.kernel, at(file, *d));
    } else {
      r.error(at(file, *d), "'defaults' must be a table ([defaults])");
    }
  }
  if (const toml::node* c = doc.get("check")) {
    if (const toml::table* t = c->as_table()) {
      r.check_keys(*t, "[check]", {"fail_on", "exclude"});
      r.string_field(*t, "fail_on", m.fail_on);
      r.string_list(*t, "exclude", m.exclude, "each exclude must be a non-empty glob relative to the mapping file");
      if (!m.fail_on.empty() && !parse_severity(m.fail_on))
        r.error(at(file, *c), "fail_on '" + m.fail_on + "' is not one of: error, warning, notice, info");
    } else {
      r.error(at(file, *c), "'check' must be a table ([check])");
    }
  }

  if (const toml::node* k = doc.get("kubernetes")) {
    if (const toml::table* t = k->as_table()) {
      r.check_keys(*t, "[kubernetes]", {"version", "allowed_unsafe_sysctls"});
      r.string_field(*t, "version", m.kubernetes_version);
      if (!m.kubernetes_version.empty() &&
          (m.kubernetes_version.find_first_not_of("0123456789.") != std::string::npos || m.kubernetes_version.front() == '.'))
        r.error(at(file, *k), "version '" + m.kubernetes_version + "' is not a Kubernetes release like \"1.29\"");
      r.string_list(*t, "allowed_unsafe_sysctls", m.allowed_unsafe_sysctls,
                    "each allowed_unsafe_sysctls entry is a sysctl name or a pattern ending in '*' (kubelet --allowed-unsafe-sysctls)");
    } else {
      r.error(at(file, *k), "'kubernetes' must be a table ([kubernetes])");
    }
  }

  const toml::node* groups = doc.get("group");
  if (!groups) {
    r.error({file, 1, 0}, "no host groups; expected at least one [[group]] with 'paths' and 'profile'");
    return m;
  }
  const toml::array* arr = groups->as_array();
  if (!arr) {
    r.error(at(file, *groups), "'group' must be an array of tables ([[group]])");
    return m;
  }
  std::set<std::string> names;
  for (const toml::node& gn : *arr) {
    const toml::table* t = gn.as_table();
    if (!t) {
      r.error(at(file, gn), "each 'group' must be a table ([[group]])");
      continue;
    }
    GroupSpec g = defaults;
    g.where = at(file, gn);
    r.check_keys(*t, "[[group]]", {"name", "paths", "profile", "kernel", "loader"});
    r.string_field(*t, "name", g.name);
    r.string_field(*t, "profile", g.profile);
    r.string_field(*t, "kernel", g.kernel);
    r.string_field(*t, "loader", g.loader);
    r.check_values(g.loader, g.kernel, g.where);
    const toml::node* paths = t->get("paths");
    if (const toml::array* pa = paths ? paths->as_array() : nullptr) {
      for (const toml::node& p : *pa) {
        if (auto s = p.value<std::string>(); s && !s->empty()) {
          g.paths.push_back(*s);
          g.path_at.push_back(at(file, p));
        } else {
          r.error(at(file, p), "each path must be a non-empty string (a glob relative to the mapping file)");
        }
      }
    } else if (paths && paths->is_string()) {
      g.paths.push_back(*paths->value<std::string>());
      g.path_at.push_back(at(file, *paths));
    } else {
      r.error(paths ? at(file, *paths) : g.where, "a [[group]] needs 'paths', a list of globs such as [\"hosts/web\"]");
    }
    if (g.name.empty() && !g.paths.empty()) g.name = g.paths.front();
    if (!names.insert(g.name).second) r.error(g.where, "group name '" + g.name + "' is used twice");
    m.groups.push_back(std::move(g));
  }
  return m;
}

}  // namespace sa::check
