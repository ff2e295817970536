#include "advisor/check/rule_info.h"

#include "advisor/check/known_ids.h"
#include "advisor/check/lint_ids.h"
#include "advisor/engine/other_writers.h"

namespace sa::check {

std::string template_as_help(const std::string& t) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if ((t[i] == '{' || t[i] == '}') && i + 1 < t.size() && t[i + 1] == t[i]) {
      out += t[i++];
    } else if (t[i] == '{') {
      out += '<';
    } else if (t[i] == '}') {
      out += '>';
    } else {
      out += t[i];
    }
  }
  return out;
}

plan::RuleInfo rule_info(const std::string& id, const engine::Knowledge& k) {
  if (const plan::RuleInfo* l = lint_info(id)) return *l;
  if (id == engine::kOtherWriter) return engine::other_writer_info();
  if (const engine::Rule* r = k.rules.find(id)) {
    std::string help = template_as_help(r->reason_text);
    while (!help.empty() && (help.back() == '\n' || help.back() == ' ')) help.pop_back();
    while (!help.empty() && (help.front() == '\n' || help.front() == ' ')) help.erase(0, 1);
    return {r->id, r->title, help, r->references, r->severity, false};
  }
  if (const CodeInfo* c = code_info(id)) return code_rule_info(*c);
  return {id, id, "", {}, Severity::warning, true};
}

}  // namespace sa::check
