// rules/keys.toml -> Catalog. Read and check in one pass (the catalog has no cross-file merge):
// every [[key]] is validated, every mistake reported, and any error empties the result.
#include <algorithm>
#include <map>

#include "advisor/core/sysctl_key.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/toml_source.h"
#include "advisor/engine/version.h"

namespace sa::engine {
namespace {

const std::vector<std::string> kKeyFields = {"name", "summary", "description", "type", "min", "max", "kernel_min", "kernel_max", "values",
                                             "defaults", "added", "removed", "per_netns_since", "netns_start", "references"};

void check_version(TableReader& r, const std::optional<Str>& v, const char* field, bool allow_never) {
  if (!v) return;
  if (allow_never && v->value == "never") return;
  if (!looks_like_version(v->value))
    r.error(v->at, diag::kBadVersion, std::string("'") + field + "' must be a kernel version like \"4.12\"" +
                                      (allow_never ? " or \"never\"" : "") + ", found \"" + v->value + "\"");
}

// The key as read, and whether it had no error (its name still counts for duplicates).
std::pair<KeyInfo, bool> read_key(const toml::table& t, const SourcePtr& src, std::vector<Diagnostic>& out) {
  std::string what;
  if (auto n = t.get("name"); n && n->is_string()) what = "key '" + *n->value<std::string>() + "'";
  const ErrorMark before(out, src);
  TableReader r(t, src, what, out);
  r.reject_unknown(kKeyFields);
  KeyInfo k;
  k.where = r.where();
  auto name = r.string("name", true);
  if (name) {
    k.name = name->value;
    if (!is_valid_key(k.name)) r.error(name->at, diag::kBadKey, "'" + k.name + "' is not a valid dotted sysctl key");
  }
  if (auto s = r.string("summary", true)) k.summary = s->value;
  if (auto s = r.string("description", false)) k.description = s->value;
  if (auto s = r.string("type", true)) {
    if (auto type = parse_key_type(s->value)) k.type = *type;
    else r.error(s->at, diag::kBadType, "unknown type '" + s->value + "': expected int, bool, enum, range, port-list, bitmask or string");
  }
  k.min = r.integer("min", false);
  k.max = r.integer("max", false);
  // What the kernel takes may only be wider than what is documented: a value the catalog calls
  // valid is never one the kernel refuses.
  Location kernel_at = r.where();
  k.kernel_min = r.integer("kernel_min", false, &kernel_at);
  k.kernel_max = r.integer("kernel_max", false, k.kernel_min ? nullptr : &kernel_at);
  if ((k.kernel_min && k.min && *k.kernel_min > *k.min) || (k.kernel_max && k.max && *k.kernel_max < *k.max) ||
      (k.kernel_min && k.kernel_max && *k.kernel_min > *k.kernel_max))
    r.error(kernel_at, diag::kBadValue, "kernel_min..kernel_max (what the kernel takes) must contain min..max (what is documented)");
  Location values_at;
  if (const toml::table* values = r.table("values", &values_at)) {
    for (auto&& [val, meaning] : *values) {
      if (!meaning.is_string()) {
        r.error(location(src, meaning.source()), diag::kWrongType, "the meaning of value '" + std::string(val.str()) + "' must be a string");
        continue;
      }
      k.values.emplace_back(std::string(val.str()), *meaning.value<std::string>());
    }
  }
  if (const toml::array* defaults = r.array("defaults")) {
    for (const toml::node& d : *defaults) {
      if (!d.is_table()) {
        r.error(location(src, d.source()), diag::kWrongType, "'defaults' must hold tables like { value = \"1\", since = \"4.18\" }");
        continue;
      }
      TableReader dr(*d.as_table(), src, what, out);
      dr.reject_unknown({"value", "since", "note"});
      KeyDefault kd;
      auto value = dr.scalar_text("value", false);
      auto note = dr.string("note", false);
      if (!value && !note) dr.error(dr.where(), diag::kMissingField, "a default needs 'value' (or a 'note' when it is computed, like \"half the ehash size\")");
      if (value) {
        kd.value = value->value;
        if (!k.name.empty() && before.clean()) {
          std::string problem = check_value(k, kd.value);
          if (!problem.empty()) dr.error(value->at, diag::kBadValue, "default " + problem);
        }
      } else if (note) {
        kd.value = "(" + note->value + ")";
      }
      auto since = dr.string("since", false);
      check_version(dr, since, "since", false);
      if (since) kd.since = since->value;
      if (value || note) k.defaults.push_back(kd);
    }
  }
  auto added = r.scalar_text("added", false);
  auto removed = r.string("removed", false);
  auto netns = r.string("per_netns_since", false);
  check_version(r, added, "added", false);
  check_version(r, removed, "removed", false);
  check_version(r, netns, "per_netns_since", true);
  if (added) k.added = added->value;
  if (removed) k.removed = removed->value;
  if (netns) k.per_netns_since = netns->value;
  if (auto start = r.string("netns_start", false)) {
    if (auto parsed = parse_netns_start(start->value)) k.netns_start = *parsed;
    else
      r.error(start->at, diag::kBadNetnsStart, "'netns_start' must be kernel-default, copied-from-init, computed-ehash, "
                                            "global or global-read-only, found \"" + start->value + "\"");
    if ((k.netns_start == NetnsStart::global || k.netns_start == NetnsStart::global_read_only) && netns &&
        netns->value != "never")
      r.error(start->at, diag::kNetnsContradiction,
              "netns_start = \"" + std::string(to_string(k.netns_start)) + "\" but per_netns_since = \"" + netns->value + "\"");
  }
  if (auto refs = r.strings("references"))
    for (auto& s : *refs) k.references.push_back(s.value);
  return {k, before.clean()};
}

}  // namespace

Loaded<Catalog> parse_catalog(const std::string& text, const std::string& display) {
  Loaded<Catalog> result;
  SourcePtr src = make_source(display, text);
  auto doc = parse_toml(src, text, result.diagnostics);
  if (!doc) return result;
  TableReader top(*doc, src, "", result.diagnostics);
  top.reject_unknown({"key"});
  std::map<std::string, Location> seen;
  if (const toml::array* keys = top.array("key")) {
    for (const toml::node& n : *keys) {
      if (!n.is_table()) continue;
      auto [k, ok] = read_key(*n.as_table(), src, result.diagnostics);
      if (k.name.empty()) continue;
      auto [it, fresh] = seen.emplace(k.name, k.where);
      if (!fresh) {
        add_error(result.diagnostics, src, k.where, diag::kDuplicateCatalogKey,
                  "key '" + k.name + "' is already described at line " + std::to_string(it->second.line));
        continue;
      }
      if (ok) result.value.keys.push_back(std::move(k));
    }
  }
  if (has_errors(result.diagnostics)) {
    result.value = Catalog{};
    return result;
  }
  std::sort(result.value.keys.begin(), result.value.keys.end(),
            [](const KeyInfo& a, const KeyInfo& b) { return a.name < b.name; });
  return result;
}

void parse_known_names(const std::string& text, const std::string& display, Loaded<Catalog>& result) {
  std::string_view rest(text);
  for (int line = 1; !rest.empty(); ++line) {
    size_t nl = rest.find('\n');
    std::string_view l = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    while (!l.empty() && (l.back() == ' ' || l.back() == '\r' || l.back() == '\t')) l.remove_suffix(1);
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    if (l.empty() || l.front() == '#') continue;
    if (!is_valid_key(l)) {
      result.diagnostics.push_back({Severity::error, diag::kKnownKey, {display, line, 1},
                                    "'" + std::string(l) + "' is not a sysctl name (expected one dotted key a line)",
                                    std::string(l)});
      continue;
    }
    result.value.known_names.emplace_back(l);
  }
  std::sort(result.value.known_names.begin(), result.value.known_names.end());
}

}  // namespace sa::engine
