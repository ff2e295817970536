#include "advisor/report/display.h"

namespace sa::report {
namespace {

void line(std::string& s) { s = printable_line(s); }
void text(std::string& s) { s = printable_text(s); }
void line(std::optional<std::string>& s) {
  if (s) line(*s);
}
void line(std::optional<plan::Origin>& o) {
  if (o) line(o->file);
}
void lines(std::vector<std::string>& v) {
  for (auto& s : v) line(s);
}

}  // namespace

plan::Plan displayable(const plan::Plan& p) {
  plan::Plan d = p;
  line(d.profile);
  text(d.profile_reason);
  line(d.kernel);
  for (auto& c : d.changes) {
    line(c.key);
    line(c.current);
    line(c.configured);
    line(c.configured_at);
    line(c.proposed);
    line(c.rule);
    text(c.reason);
    lines(c.references);
    line(c.message);
    lines(c.also_rules);
  }
  for (auto& f : d.findings) {
    line(f.rule);
    line(f.key);
    line(f.message);
    text(f.reason);
    line(f.at);
    lines(f.references);
  }
  for (auto& n : d.not_evaluated) {
    line(n.rule);
    line(n.needs);
  }
  for (auto& c : d.conflicts) {
    line(c.key);
    line(c.winner_rule);
    line(c.winner_value);
    line(c.loser_rule);
    line(c.loser_value);
  }
  return d;
}

}  // namespace sa::report
