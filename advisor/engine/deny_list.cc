#include "advisor/engine/deny_list.h"

#include "advisor/core/sysctl_key.h"
#include "advisor/engine/toml_source.h"

namespace sa::engine {

namespace {

// "/kernel/core_pattern" for a key; for "a.b.*" the subtree's folder "/a/b/" (trailing slash).
std::string path_of(std::string_view key) {
  bool subtree = key.size() > 2 && key.substr(key.size() - 2) == ".*";
  if (subtree) key.remove_suffix(2);
  auto p = proc_sys_path("/", normalize_key(key));
  if (!p) return {};
  return p->string() + (subtree ? "/" : "");
}

}  // namespace

const DenyEntry* DenyList::match(std::string_view key) const {
  std::string path = path_of(key);
  if (path.empty()) return nullptr;  // not a key at all: refused elsewhere
  for (const auto& e : entries) {
    std::string deny = path_of(e.key);
    if (deny.empty()) continue;
    if (deny.back() == '/' ? path.compare(0, deny.size(), deny) == 0 || path + "/" == deny : path == deny) return &e;
  }
  return nullptr;
}

Loaded<DenyList> parse_deny_list(const std::string& text, const std::string& display) {
  Loaded<DenyList> result;
  auto& out = result.diagnostics;
  SourcePtr src = make_source(display, text);
  auto table = parse_toml(src, text, out);
  if (!table) return result;
  for (auto&& [k, v] : *table)
    if (k.str() != "deny")
      add_error(out, src, location(src, v.source()), diag::kUnknownField,
                "unknown table '" + std::string(k.str()) + "': expected only [[deny]] entries");
  const toml::array* arr = (*table)["deny"].as_array();
  if (!arr) {
    add_error(out, src, {display, 1, 1}, diag::kNoDeny, "no [[deny]] entries: an empty deny list is refused");
    return result;
  }
  for (const toml::node& n : *arr) {
    const toml::table* t = n.as_table();
    if (!t) {
      add_error(out, src, location(src, n.source()), diag::kWrongType, "expected a [[deny]] table");
      continue;
    }
    TableReader r(*t, src, "deny entry", out);
    r.reject_unknown({"key", "reason"});
    DenyEntry e;
    e.where = r.where();
    auto key = r.string("key", true);
    auto reason = r.string("reason", true);
    if (key) {
      std::string_view base = key->value;
      if (base.size() > 2 && base.substr(base.size() - 2) == ".*") base.remove_suffix(2);
      if (!is_valid_key(base)) r.error(key->at, diag::kBadKey, "'" + key->value + "' is not a dotted sysctl key or 'prefix.*'");
      e.key = key->value;
    }
    if (reason) {
      if (reason->value.empty()) r.error(reason->at, diag::kNoReason, "every denied key needs its reason");
      e.reason = reason->value;
    }
    if (key && reason) result.value.entries.push_back(std::move(e));
  }
  if (has_errors(out)) result.value = DenyList{};
  return result;
}

}  // namespace sa::engine
