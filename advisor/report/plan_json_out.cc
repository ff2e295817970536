#include "advisor/plan/plan_json.h"
#include "advisor/report/plan_formats.h"

namespace sa::report {

std::string plan_json(const plan::Plan& p) {
  nlohmann::json j = plan::to_json(p);
  if (!j.contains("schema")) j["schema"] = std::string(plan::kPlanSchema);
  return j.dump(2) + "\n";
}

}  // namespace sa::report
