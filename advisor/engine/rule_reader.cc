#include "advisor/engine/rule_reader.h"

namespace sa::engine {
namespace {

const std::vector<std::string> kRuleFields = {"id",  "title",   "profiles", "priority", "severity",  "condition",
                                              "set", "key",     "message",  "reason",   "references"};

std::optional<RawRule> read_rule(const toml::table& t, const SourcePtr& src, std::vector<Diagnostic>& out) {
  std::string what = "rule";
  if (auto n = t.get("id"); n && n->is_string()) what = "rule '" + *n->value<std::string>() + "'";
  size_t before = out.size();
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
  if (out.size() != before) return std::nullopt;
  return raw;
}

}  // namespace

std::vector<RawRule> read_rules(const std::string& display, const std::string& text, std::vector<Diagnostic>& out) {
  std::vector<RawRule> rules;
  SourcePtr src = make_source(display, text);
  auto doc = parse_toml(src, text, out);
  if (!doc) return rules;
  TableReader top(*doc, src, "", out);
  top.reject_unknown({"rule"});
  if (const toml::array* arr = top.array("rule")) {
    for (const toml::node& n : *arr) {
      if (!n.is_table()) {
        out.push_back(make_error(src, location(src, n.source()), "wrong-type", "'rule' must be [[rule]] tables"));
        continue;
      }
      if (auto r = read_rule(*n.as_table(), src, out)) rules.push_back(std::move(*r));
    }
  }
  return rules;
}

}  // namespace sa::engine
