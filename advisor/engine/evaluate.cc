// Rules x facts -> outcomes -> Plan. A rule's condition decides; `set` turns a true condition into
// a proposal (a change only when the key does not already hold the value); conflicts between
// proposals are resolved by plan::add_proposals.
#include <algorithm>

#include "advisor/core/sysctl_key.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/evaluator.h"
#include "advisor/engine/reflow.h"
#include "advisor/plan/proposals.h"

namespace sa::engine {
namespace {

std::optional<plan::Origin> configured_at(const std::string& key, const Facts& f, std::optional<std::string>* value) {
  if (!f.config) return std::nullopt;
  const config::EffectiveKey* k = f.config->find(key);
  if (!k || k->excluded) return std::nullopt;
  if (value) *value = k->value;
  const config::Assignment& a = f.config->winner(*k);
  return plan::Origin{f.config->file_of(a), a.line};
}

std::optional<std::string> live_value(const std::string& key, const Facts& f) {
  if (!f.host) return std::nullopt;
  return f.host->read_value(key);
}

}  // namespace

std::vector<const Rule*> rules_for(const RuleSet& rules, const Profile& profile) {
  std::vector<const Rule*> out;
  for (const auto& r : rules.rules) {
    bool applies = r.profiles.empty();
    for (const auto& p : r.profiles) applies = applies || profile.is_a(p);
    if (applies) out.push_back(&r);
  }
  return out;
}

Outcome evaluate_rule(const Rule& rule, const Profile& profile, const Facts& facts) {
  Outcome o;
  o.rule = &rule;
  Value cond = eval(*rule.condition, facts, &profile);
  if (cond.is_unknown()) {
    o.kind = Outcome::Kind::not_evaluated;
    o.needs = cond.needs;
    return o;
  }
  if (cond.kind != Value::Kind::boolean) cond = Value::boolean(cond.kind == Value::Kind::number && cond.n != 0);
  if (!cond.b) return o;
  // Every sentence must be true: a rule whose message or reason would quote a fact nobody knows
  // (an "unknown" in the text) is not evaluated, with what that fact needs.
  std::string missing;
  std::string message = reflow(render_template(rule.message, facts, &profile, &missing));
  std::string reason = reflow(render_template(rule.reason, facts, &profile, &missing));
  if (!missing.empty()) {
    o.kind = Outcome::Kind::not_evaluated;
    o.needs = missing;
    return o;
  }
  if (rule.is_change()) {
    // Never propose writing a key the kernel does not have: the write would fail at boot.
    Value present = Value::unknown("");
    if (auto global = global_key_elsewhere(*rule.set_key, facts)) {
      o.kind = Outcome::Kind::not_evaluated;
      o.needs = *global;
      return o;
    }
    if (facts.host) {
      const live::SysctlValue* v = facts.host->value(*rule.set_key);
      present = Value::boolean(v && v->status != live::SysctlValue::Status::absent);
    } else if (const KeyInfo* info = facts.catalog ? facts.catalog->find(*rule.set_key) : nullptr) {
      if (auto e = exists_on(*info, facts.kernel)) present = Value::boolean(*e);
    }
    if (present.is_false()) {
      o.kind = Outcome::Kind::not_evaluated;
      o.needs = std::string(kKeyAbsent) + " (" + *rule.set_key + ")";
      return o;
    }
    plan::Change c;
    c.key = *rule.set_key;
    c.current = live_value(c.key, facts);
    c.configured_at = configured_at(c.key, facts, &c.configured);
    c.proposed = *rule.set_value;
    c.rule = rule.id;
    c.severity = rule.severity;
    c.reason = reason;
    c.message = message;
    c.references = rule.references;
    c.priority = rule.priority;
    Value now = key_value(c.key, facts);
    bool already = !now.is_unknown() && same_value(plain(now), c.proposed);
    o.kind = already ? Outcome::Kind::already_set : Outcome::Kind::change;
    o.change = std::move(c);
    return o;
  }
  plan::Finding fi;
  fi.rule = rule.id;
  fi.severity = rule.severity;
  fi.key = rule.key;
  fi.message = message;
  fi.reason = reason;
  fi.references = rule.references;
  if (rule.key) fi.at = configured_at(*rule.key, facts, nullptr);
  o.kind = Outcome::Kind::finding;
  o.finding = std::move(fi);
  return o;
}

plan::Plan evaluate(const RuleSet& rules, const Profile& profile, const Facts& facts) {
  plan::Plan p;
  p.profile = profile.name;
  p.kernel = facts.kernel;
  std::vector<plan::Proposal> proposals;
  for (const Rule* r : rules_for(rules, profile)) {
    Outcome o = evaluate_rule(*r, profile, facts);
    switch (o.kind) {
      case Outcome::Kind::silent: break;
      case Outcome::Kind::not_evaluated: p.not_evaluated.push_back({r->id, o.needs}); break;
      case Outcome::Kind::finding: p.findings.push_back(std::move(*o.finding)); break;
      case Outcome::Kind::change: proposals.push_back({std::move(*o.change), true}); break;
      case Outcome::Kind::already_set: proposals.push_back({std::move(*o.change), false}); break;
    }
  }
  plan::add_proposals(p, std::move(proposals));
  plan::sort_plan(p);
  return p;
}

}  // namespace sa::engine
