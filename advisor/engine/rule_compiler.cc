// Stages 2 and 3 of rule loading.
//   collect  across files: one id, one rule (the second is an error naming the first);
//   compile  each rule: id spelling, severity, priority, profiles that exist, the condition and
//            templates parsed and checked (functions, traits, keys), `set` key and value checked
//            against the catalog's type and range.
// Any error anywhere empties the result: a half-loaded rule set would give a plan that silently
// lacks rules.
#include <algorithm>
#include <cctype>
#include <map>

#include "advisor/engine/compile_text.h"
#include "advisor/engine/deny_list.h"
#include "advisor/engine/writer_rules.h"
#include "advisor/engine/defines.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/rule_reader.h"

namespace sa::engine {
namespace {

bool is_kebab(const std::string& id) {
  if (id.empty() || !std::islower(static_cast<unsigned char>(id.front())) || id.back() == '-') return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    if (!ok || (c == '-' && id[i + 1] == '-')) return false;
  }
  return true;
}

void check_key(const Str& key, const Catalog& catalog, const std::string& what, std::vector<Diagnostic>& out) {
  if (!catalog.find(key.value))
    add_error(out, key.src, key.at, diag::kKeyNotInCatalog,
              "in " + what + ": unknown key '" + key.value + "' (not in the key catalog rules/keys.toml)" +
                  hint_if_shown(key.src, key.value, catalog.names()));
}

std::optional<Rule> compile_rule(const RawRule& raw, const ProfileSet& profiles, const Catalog& catalog,
                                 const std::map<std::string, ExprPtr>& defines, std::vector<Diagnostic>& out) {
  const ErrorMark before(out, raw.src);
  Rule rule;
  rule.id = raw.id->value;
  rule.title = raw.title->value;
  rule.where = raw.where;
  std::string what = "rule '" + rule.id + "'";
  auto err = [&](const Location& at, const char* code, std::string msg) {
    add_error(out, raw.src, at, code, "in " + what + ": " + msg);
  };
  if (!is_kebab(rule.id))
    err(raw.id->at, diag::kBadId, "id '" + rule.id + "' must be kebab-case: lower-case letters, digits and single dashes");
  if (auto s = parse_severity(raw.severity->value)) rule.severity = *s;
  else err(raw.severity->at, diag::kBadSeverity, "unknown severity '" + raw.severity->value + "': expected error, warning, notice or info");
  if (raw.priority) {
    if (*raw.priority < 0 || *raw.priority > 1000) err(raw.priority_at, diag::kBadPriority, "priority must be between 0 and 1000");
    rule.priority = static_cast<int>(*raw.priority);
  }
  for (const auto& p : raw.profiles) {
    if (!profiles.find(p.value)) err(p.at, diag::kUnknownProfile, "unknown profile '" + p.value + "'" + hint_if_shown(raw.src, p.value, profiles.names()));
    rule.profiles.push_back(p.value);
  }
  CheckContext ctx{&catalog, profiles.find("generic"), &defines};
  rule.condition_text = raw.condition->value;
  rule.condition = compile_condition(*raw.condition, ctx, what + " condition", out);
  if (raw.set_key) {
    check_key(*raw.set_key, catalog, what + " 'set'", out);
    rule.set_key = raw.set_key->value;
    rule.set_value = raw.set_value->value;
    if (const KeyInfo* k = catalog.find(raw.set_key->value)) {
      std::string problem = check_value(*k, raw.set_value->value);
      if (!problem.empty()) err(raw.set_value->at, diag::kBadValue, problem);
    }
  }
  if (raw.key) {
    check_key(*raw.key, catalog, what + " 'key'", out);
    if (raw.set_key && raw.key->value != raw.set_key->value)
      err(raw.key->at, diag::kKeyMismatch, "'key' is '" + raw.key->value + "' but 'set' changes '" + raw.set_key->value + "'");
    rule.key = raw.key->value;
  } else if (raw.set_key) {
    rule.key = raw.set_key->value;
  }
  rule.message_text = raw.message ? raw.message->value : rule.title;
  if (raw.message) rule.message = compile_template(*raw.message, ctx, what + " message", out);
  else rule.message.parts.push_back({rule.title, nullptr, 0});
  if (raw.reason) {
    rule.reason_text = raw.reason->value;
    rule.reason = compile_template(*raw.reason, ctx, what + " reason", out);
  }
  for (const auto& r : raw.references) rule.references.push_back(r.value);
  if (!before.clean()) return std::nullopt;
  return rule;
}

}  // namespace

const Rule* RuleSet::find(const std::string& id) const {
  auto it = std::lower_bound(rules.begin(), rules.end(), id, [](const Rule& r, const std::string& i) { return r.id < i; });
  return it != rules.end() && it->id == id ? &*it : nullptr;
}

const Define* RuleSet::find_define(const std::string& name) const {
  for (const auto& d : defines)
    if (d.name == name) return &d;
  return nullptr;
}

std::vector<std::string> RuleSet::ids() const {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back(r.id);
  return out;
}

Loaded<RuleSet> parse_rules(const std::vector<std::pair<std::string, std::string>>& files, const ProfileSet& profiles,
                            const Catalog& catalog, const std::vector<std::pair<std::string, std::string>>& local_files) {
  Loaded<RuleSet> result;
  auto& out = result.diagnostics;
  // Read. The operator's files (override layers, in order) may add rules, replace a shipped rule
  // of the same id, and replace shipped [[define]] values.
  std::vector<RawRule> raws, local_raws;
  std::vector<RawDefine> shipped_defines, local_defines;
  auto read = [&](const std::vector<std::pair<std::string, std::string>>& from, std::vector<RawRule>& rules,
                  std::vector<RawDefine>& defines) {
    for (const auto& [display, text] : from) {
      RawRuleFile file = read_rules(display, text, out);
      for (auto& r : file.rules) rules.push_back(std::move(r));
      for (auto& d : file.defines) defines.push_back(std::move(d));
    }
  };
  read(files, raws, shipped_defines);
  read(local_files, local_raws, local_defines);
  auto defines = compile_defines(shipped_defines, local_defines, CheckContext{&catalog, profiles.find("generic")},
                                 result.value.defines, out);
  // Collect: a shipped id once; an operator's rule replaces the one of the same id before it.
  std::map<std::string, const RawRule*> by_id;
  for (const auto& r : raws) {
    auto [it, fresh] = by_id.emplace(r.id->value, &r);
    if (!fresh) {
      const Location& first = it->second->where;
      add_error(out, r.src, r.id->at, diag::kDuplicateId,
                "rule id '" + r.id->value + "' is already used at " + first.file + ":" + std::to_string(first.line));
    }
  }
  // Layers are folders (/etc/sysctl-advisor/rules) or single --local-rules files: one id twice in
  // one layer is still an error; a later layer replaces an earlier one.
  auto layer = [](const RawRule& r) { return std::filesystem::path(r.where.file).parent_path(); };
  std::map<std::string, const RawRule*> local_by_id;
  for (const auto& r : local_raws) {
    auto [it, fresh] = local_by_id.emplace(r.id->value, &r);
    if (!fresh && layer(*it->second) == layer(r)) {
      const Location& first = it->second->where;
      add_error(out, r.src, r.id->at, diag::kDuplicateId,
                "rule id '" + r.id->value + "' is already used at " + first.file + ":" + std::to_string(first.line));
    }
    it->second = &r;
    by_id.insert_or_assign(r.id->value, &r);
  }
  std::vector<const RawRule*> unique;
  for (const auto& [id, r] : by_id) unique.push_back(r);
  // Compile.
  for (const RawRule* r : unique)
    if (auto rule = compile_rule(*r, profiles, catalog, defines, out)) result.value.rules.push_back(std::move(*rule));
  if (has_errors(out)) {
    result.value = RuleSet{};
    return result;
  }
  std::sort(result.value.rules.begin(), result.value.rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return result;
}

}  // namespace sa::engine
