#include "advisor/engine/writer_rules.h"

#include "advisor/core/sysctl_key.h"
#include "advisor/engine/toml_source.h"

namespace sa::engine {
namespace {

std::string text_of(const std::optional<Str>& s) { return s ? s->value : std::string(); }

std::vector<std::string> texts_of(const std::optional<std::vector<Str>>& v) {
  std::vector<std::string> out;
  if (v)
    for (const auto& s : *v) out.push_back(s.value);
  return out;
}

// A host path: absolute, no "..".
void check_paths(TableReader& r, const char* field, const std::optional<std::vector<Str>>& v) {
  if (!v) return;
  for (const auto& s : *v)
    if (s.value.empty() || s.value[0] != '/' || s.value.find("..") != std::string::npos)
      r.error(s.at, diag::kBadPath, std::string("'") + field + "': '" + s.value + "' is not an absolute path");
}
void check_path(TableReader& r, const char* field, const std::optional<Str>& s) {
  if (s) check_paths(r, field, std::vector<Str>{*s});
}

// Calls `each` for every table of an array of tables ([[process]], [[process.key]]); anything else
// in it is a located error.
template <typename Diags, typename Each>
void for_each_table(const toml::array& arr, const SourcePtr& src, const char* what, Diags& out, Each each) {
  for (const toml::node& n : arr) {
    if (const toml::table* t = n.as_table()) each(*t);
    else
      add_error(out, src, location(src, n.source()), diag::kWrongType, std::string("expected a ") + what + " table");
  }
}

}  // namespace

Loaded<WriterRules> parse_writer_rules(const std::string& text, const std::string& display) {
  Loaded<WriterRules> result;
  auto& out = result.diagnostics;
  WriterRules& w = result.value;
  SourcePtr src = make_source(display, text);
  auto table = parse_toml(src, text, out);
  if (!table) return result;
  TableReader top(*table, src, "writers file", out);
  top.reject_unknown({"tuned", "ufw", "units", "process"});

  if (const toml::table* t = top.table("tuned")) {
    TableReader r(*t, src, "[tuned]", out);
    r.reject_unknown({"name", "active_profile", "profile_mode", "main_conf", "profile_dirs", "reapply_default",
                      "reapply_reads", "when", "reference"});
    auto name = r.string("name", false);
    auto active = r.string("active_profile", true);
    auto mode = r.string("profile_mode", false);
    auto main = r.string("main_conf", false);
    auto dirs = r.strings("profile_dirs");
    check_path(r, "active_profile", active);
    check_path(r, "profile_mode", mode);
    check_path(r, "main_conf", main);
    check_paths(r, "profile_dirs", dirs);
    if (name) w.tuned.name = name->value;
    w.tuned.active_profile = text_of(active);
    w.tuned.profile_mode = text_of(mode);
    w.tuned.main_conf = text_of(main);
    w.tuned.profile_dirs = texts_of(dirs);
    if (auto b = r.boolean("reapply_default", false)) w.tuned.reapply_default = *b;
    w.tuned.reapply_reads = texts_of(r.strings("reapply_reads"));
    w.tuned.when = text_of(r.string("when", false));
    w.tuned.reference = text_of(r.string("reference", false));
  }
  if (const toml::table* t = top.table("ufw")) {
    TableReader r(*t, src, "[ufw]", out);
    r.reject_unknown({"name", "enabled_conf", "defaults", "sysctl_default", "when", "reference"});
    auto name = r.string("name", false);
    auto enabled = r.string("enabled_conf", true);
    auto defaults = r.string("defaults", false);
    auto file = r.string("sysctl_default", true);
    check_path(r, "enabled_conf", enabled);
    check_path(r, "defaults", defaults);
    check_path(r, "sysctl_default", file);
    if (name) w.ufw.name = name->value;
    w.ufw.enabled_conf = text_of(enabled);
    w.ufw.defaults = text_of(defaults);
    w.ufw.sysctl_default = text_of(file);
    w.ufw.when = text_of(r.string("when", false));
    w.ufw.reference = text_of(r.string("reference", false));
  }
  if (const toml::table* t = top.table("units")) {
    TableReader r(*t, src, "[units]", out);
    r.reject_unknown({"wants_dirs", "ignore_units", "rc_local", "sysctl_p_default", "when_unit", "when_rc_local"});
    auto wants = r.strings("wants_dirs");
    auto rc = r.strings("rc_local");
    auto def = r.string("sysctl_p_default", false);
    check_paths(r, "wants_dirs", wants);
    check_paths(r, "rc_local", rc);
    check_path(r, "sysctl_p_default", def);
    w.units.wants_dirs = texts_of(wants);
    w.units.ignore_units = texts_of(r.strings("ignore_units"));
    w.units.rc_local = texts_of(rc);
    w.units.sysctl_p_default = def ? def->value : "/etc/sysctl.conf";
    w.units.when_unit = text_of(r.string("when_unit", false));
    w.units.when_rc_local = text_of(r.string("when_rc_local", false));
  }
  if (const toml::array* arr = top.array("process")) {
    for_each_table(*arr, src, "[[process]]", out, [&](const toml::table& t) {
      TableReader r(t, src, "[[process]]", out);
      r.reject_unknown({"id", "name", "names", "enforces", "when", "key"});
      ProcessWriter p;
      p.id = text_of(r.string("id", true));
      p.name = text_of(r.string("name", false));
      if (p.name.empty()) p.name = p.id;
      Location names_at = r.at_key("names");
      p.names = texts_of(r.strings("names"));
      if (p.names.empty()) r.error(names_at, diag::kNoNames, "process '" + p.id + "': 'names' must list the names it runs under");
      p.enforces = text_of(r.string("enforces", false));
      if (!p.enforces.empty() && p.enforces != "tuned")
        r.error(r.at_key("enforces"), diag::kBadEnforces, "'enforces' can only name \"tuned\"");
      p.when = text_of(r.string("when", false));
      if (const toml::array* keys = r.array("key")) {
        for_each_table(*keys, src, "[[process.key]]", out, [&](const toml::table& kt) {
          TableReader kr(kt, src, "[[process.key]]", out);
          kr.reject_unknown({"key", "value", "flags", "duration", "reference"});
          ProcessKey k;
          auto key = kr.string("key", true);
          if (key) {
            k.key = normalize_key(key->value);
            if (!is_valid_key(k.key)) kr.error(key->at, diag::kBadKey, "'" + key->value + "' is not a sysctl key");
          }
          if (auto v = kr.scalar_text("value", false)) k.value = v->value;
          k.flags = texts_of(kr.strings("flags"));
          if (auto d = kr.boolean("duration", false)) k.duration = *d;
          auto ref = kr.string("reference", true);
          if (ref && ref->value.empty()) kr.error(ref->at, diag::kNoReference, "every owned key needs the source that says so");
          k.reference = text_of(ref);
          p.keys.push_back(std::move(k));
        });
      }
      w.processes.push_back(std::move(p));
    });
  }
  if (has_errors(out)) result.value = WriterRules{};
  return result;
}

}  // namespace sa::engine
