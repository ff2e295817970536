#include "advisor/apply/plan_trust.h"

#include "advisor/apply/live_values.h"
#include "advisor/core/sysctl_key.h"

namespace sa::apply {

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

Verdict verify_provenance(const plan::Plan& plan, const engine::Knowledge& k, const engine::DenyList& deny,
                          const std::set<std::string>& allow_keys) {
  Verdict v;
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const plan::Change& c = plan.changes[i];
    const std::string where = "changes[" + std::to_string(i) + "]";
    const std::string key = normalize_key(c.key);
    if (const engine::DenyEntry* d = deny.match(key)) {
      v.refusals.push_back(where + ".key: " + c.key + " is never written by apply (denied by " + d->key + " in " +
                           d->where.file + ":" + std::to_string(d->where.line) + ": " + d->reason + ")" +
                           (allow_keys.count(key) ? "; --allow-key does not lift the deny list" : ""));
      continue;
    }
    for (const auto& also : c.also_rules)
      if (!k.rules.find(also))
        v.refusals.push_back(where + ".also_rules: no rule " + quoted(also) + " in the loaded rules");

    // The rule named must exist and propose this key; proposing this value settles it.
    bool rule_ok = false;
    if (!c.rule.empty()) {
      const engine::Rule* r = k.rules.find(c.rule);
      if (!r) {
        v.refusals.push_back(where + ".rule: no rule " + quoted(c.rule) + " in the loaded rules (a plan may only "
                             "carry changes the rules propose; `sysctl-advisor rules` lists them)");
        continue;
      }
      if (!r->is_change()) {
        v.refusals.push_back(where + ".rule: rule " + quoted(c.rule) + " proposes no change (it only reports a finding)");
        continue;
      }
      if (normalize_key(*r->set_key) != key) {
        v.refusals.push_back(where + ".key: rule " + quoted(c.rule) + " sets " + *r->set_key + ", not " + c.key);
        continue;
      }
      rule_ok = same_value(*r->set_value, c.proposed);
      if (!rule_ok && k.catalog.find(key))
        v.notes.push_back(where + ": " + c.key + " = " + c.proposed + " is not what rule " + quoted(c.rule) +
                          " proposes (" + *r->set_value + "): an edited value, accepted only inside the catalog's range");
    }
    if (rule_ok) continue;
    if (const engine::KeyInfo* info = k.catalog.find(key)) {
      std::string bad = engine::check_value(*info, c.proposed);
      if (!bad.empty()) v.refusals.push_back(where + ".proposed: " + bad + " (rules/keys.toml)");
      continue;
    }
    if (allow_keys.count(key)) {
      v.notes.push_back(where + ": " + c.key + " is not in the key catalog; applied because of --allow-key " + key);
      continue;
    }
    v.refusals.push_back(where + ".key: " + c.key + " is not in the key catalog (rules/keys.toml)" +
                         (c.rule.empty() ? "" : " and rule " + quoted(c.rule) + " does not propose it") +
                         "; to apply it anyway pass --allow-key " + key);
  }
  return v;
}

Staleness compare_with_host(const plan::Plan& plan, const HostIdentity& here,
                            const std::map<std::string, std::string>& live_values) {
  Staleness s;
  if (!plan.host) {
    s.differences.push_back("the plan does not record the host it was made on (made from a snapshot, by hand, or by "
                            "an older sysctl-advisor)");
  } else {
    const HostIdentity& then = *plan.host;
    auto field = [&](const char* what, const std::string& a, const std::string& b) {
      if (a == b) return false;
      s.differences.push_back(std::string(what) + ": the plan says " + (a.empty() ? "(not recorded)" : quoted(a)) +
                              ", this host " + (b.empty() ? "(unknown)" : quoted(b)));
      return true;
    };
    if (field("hostname", then.hostname, here.hostname) && !then.hostname.empty()) s.foreign = true;
    bool same_boot = !then.boot_id.empty() && then.boot_id == here.boot_id;
    field("boot id (the host rebooted since)", then.boot_id, here.boot_id);
    field("kernel", then.kernel, here.kernel);
    // The same boot with another namespace is another network stack (another container).
    if (field("network namespace", then.netns, here.netns) && same_boot && !then.netns.empty()) s.foreign = true;
  }
  for (const auto& c : plan.changes) {
    auto it = live_values.find(c.key);
    if (it == live_values.end()) continue;  // absent keys are refused on their own
    if (!c.current)
      s.differences.push_back(c.key + ": the plan does not record the value it was made against (it is " + it->second +
                              " now)");
    else if (!same_value(*c.current, it->second))
      s.differences.push_back(c.key + ": the plan was made when it was " + *c.current + "; it is " + it->second + " now");
  }
  return s;
}

}  // namespace sa::apply
