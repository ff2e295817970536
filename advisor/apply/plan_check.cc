#include "advisor/apply/plan_check.h"

#include <set>

#include "advisor/core/sysctl_key.h"

namespace sa::apply {

std::vector<std::string> check_plan_for_apply(const plan::Plan& plan) {
  std::vector<std::string> problems;
  std::set<std::string> seen;
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const auto& c = plan.changes[i];
    std::string where = "changes[" + std::to_string(i) + "]";
    if (!sa::is_valid_key(c.key) || !sa::proc_sys_path("/", c.key)) {
      problems.push_back(where + ".key: '" + c.key +
                         "' is not a valid sysctl key (expected dotted names of letters, digits and _ - / : @ +, "
                         "no '..', no empty part, no glob)");
      continue;
    }
    if (!seen.insert(c.key).second) problems.push_back(where + ".key: " + c.key + " appears twice in the plan");
    if (c.proposed.empty()) problems.push_back(where + ".proposed: empty value for " + c.key);
    if (c.proposed.size() > 4096) problems.push_back(where + ".proposed: value for " + c.key + " is longer than 4096 bytes");
    for (char ch : c.proposed) {
      // A newline would smuggle a second assignment into the persisted file.
      if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') {
        problems.push_back(where + ".proposed: value for " + c.key + " contains a control character (newline, NUL, ...)");
        break;
      }
    }
  }
  return problems;
}

}  // namespace sa::apply
