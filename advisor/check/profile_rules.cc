#include "advisor/check/profile_rules.h"

namespace sa::check {
namespace {

// Attach a finding to the line that configures its key, when it has none of its own.
void locate_by_key(const config::ConfigSet& cs, Raw& r) {
  if (r.finding.at || !r.finding.key) return;
  if (const config::EffectiveKey* k = cs.find(*r.finding.key)) {
    const config::Assignment& a = cs.winner(*k);
    r.finding.at = plan::Origin{cs.file_of(a), a.line};
    r.column = Column::value;
  }
}

}  // namespace

void evaluate_profile_rules(const config::ConfigSet& cs, const engine::Knowledge& knowledge,
                            const engine::Profile& profile, const std::string& kernel, std::vector<Raw>& out) {
  engine::Facts facts = engine::offline_facts(cs, kernel, knowledge.catalog);
  for (const engine::Rule* rule : engine::rules_for(knowledge.rules, profile)) {
    engine::Outcome o = engine::evaluate_rule(*rule, profile, facts);
    Raw r;
    r.finding.rule = rule->id;
    r.finding.references = rule->references;
    switch (o.kind) {
      case engine::Outcome::Kind::silent:
      case engine::Outcome::Kind::already_set:
        continue;
      case engine::Outcome::Kind::change: {
        const plan::Change& c = *o.change;
        r.finding.severity = c.severity;
        r.finding.key = c.key;
        std::string now = c.configured ? c.key + " = " + *c.configured : c.key + " is not configured";
        if (!c.configured && c.current) now += " (default " + *c.current + ")";
        r.finding.message = now + "; profile " + profile.name + " wants " + c.proposed + ": " + rule->title;
        r.finding.reason = c.reason;
        if (c.configured_at) {
          r.finding.at = plan::Origin{c.configured_at->file, c.configured_at->line};
          r.column = Column::value;
        }
        if (!c.references.empty()) r.finding.references = c.references;
        break;
      }
      case engine::Outcome::Kind::finding: {
        static_cast<plan::Finding&>(r.finding) = *o.finding;
        if (r.finding.rule.empty()) r.finding.rule = rule->id;
        if (r.finding.references.empty()) r.finding.references = rule->references;
        if (r.finding.message.empty()) r.finding.message = rule->title;
        if (r.finding.at) r.column = r.finding.col ? Column::none : Column::value;
        break;
      }
      case engine::Outcome::Kind::not_evaluated:
        r.finding.severity = Severity::info;
        r.finding.open = true;
        r.finding.key = rule->subject_key();
        r.finding.message = "not evaluated (" + o.needs + "): " + rule->title;
        r.finding.reason = "Profile " + profile.name + " applies this rule, but it depends on facts `check` cannot know "
                           "offline (" + o.needs + "). Run `sysctl-advisor plan` on the host to evaluate it.";
        break;
    }
    // Open findings stay group-wide: they are about the live host, not a line.
    if (!r.finding.open) locate_by_key(cs, r);
    out.push_back(std::move(r));
  }
}

}  // namespace sa::check
