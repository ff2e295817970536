#include "advisor/engine/rule_reader.h"

#include <cstdio>

namespace sa::engine {
namespace {

const std::vector<std::string> kRuleFields = {"id",  "title",   "profiles", "priority", "severity",  "condition",
                                              "set", "key",     "message",  "reason",   "references"};

std::optional<RawRule> read_rule(const toml::table& t, const SourcePtr& src, std::vector<Diagnostic>& out) {
  std::string what = "rule";
  if (auto n = t.get("id"); n && n->is_string()) what = "rule '" + *n->value<std::string>() + "'";
  const ErrorMark before(out, src);
  TableReader r(t, src, what, out);
  r.reject_unknown(kRuleFields);
  RawRule raw;
  raw.src = src;
  raw.where = r.where();
  raw.id = r.string("id", true);
  raw.title = r.string("title", true);
  raw.severity = r.string("severity", true);
  raw.condition = r.string("condition", true);
  raw.key = r.string("key", false);
  raw.message = r.string("message", false);
  raw.reason = r.string("reason", false);
  raw.priority = r.integer("priority", false, &raw.priority_at);
  if (auto p = r.strings("profiles")) raw.profiles = *p;
  if (auto refs = r.strings("references")) raw.references = *refs;
  Location set_at;
  if (const toml::table* set = r.table("set", &set_at)) {
    TableReader sr(*set, src, what + " 'set'", out);
    sr.reject_unknown({"key", "value"});
    raw.set_key = sr.string("key", true);
    raw.set_value = sr.scalar_text("value", true);
  }
  if (!before.clean()) return std::nullopt;
  return raw;
}

std::optional<RawDefine> read_define(const toml::table& t, const SourcePtr& src, std::vector<Diagnostic>& out) {
  std::string what = "define";
  if (auto n = t.get("name"); n && n->is_string()) what = "define '" + *n->value<std::string>() + "'";
  const ErrorMark before(out, src);
  TableReader r(t, src, what, out);
  r.reject_unknown({"name", "value", "description"});
  RawDefine raw;
  raw.src = src;
  raw.where = r.where();
  auto name = r.string("name", true);
  auto description = r.string("description", false);  // required of shipped ones (the compiler)
  std::optional<Str> value;
  if (const toml::node* n = t.get("value"); n && n->is_floating_point()) {  // value = 0.25
    value = to_str(*n, src);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", *n->value<double>());
    value->value = buf;
  } else {
    value = r.scalar_text("value", true);
  }
  if (!before.clean()) return std::nullopt;
  raw.name = *name;
  raw.value = *value;
  if (description) raw.description = *description;
  return raw;
}

// Each element of the array `name` that is a table, read by `read`; anything else is an error.
template <typename T, typename Read>
void read_tables(TableReader& top, const char* name, const SourcePtr& src, std::vector<T>& into, Read read,
                 std::vector<Diagnostic>& out) {
  const toml::array* arr = top.array(name);
  if (!arr) return;
  for (const toml::node& n : *arr) {
    if (!n.is_table()) {
      add_error(out, src, location(src, n.source()), diag::kWrongType,
                "'" + std::string(name) + "' must be [[" + name + "]] tables");
      continue;
    }
    if (auto r = read(*n.as_table(), src, out)) into.push_back(std::move(*r));
  }
}

}  // namespace

RawRuleFile read_rules(const std::string& display, const std::string& text, std::vector<Diagnostic>& out) {
  RawRuleFile file;
  SourcePtr src = make_source(display, text);
  auto doc = parse_toml(src, text, out);
  if (!doc) return file;
  TableReader top(*doc, src, "", out);
  top.reject_unknown({"rule", "define"});
  read_tables(top, "rule", src, file.rules, read_rule, out);
  read_tables(top, "define", src, file.defines, read_define, out);
  return file;
}

}  // namespace sa::engine
