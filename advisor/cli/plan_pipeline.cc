// PLACEHOLDER until the engine lands.
#include "advisor/cli/plan_pipeline.h"

namespace sa::cli {

void add_plan_selection_options(boost::program_options::options_description&, PlanSelection&) {}

std::optional<plan::Plan> make_plan(const PlanSelection&, std::ostream& err) {
  err << "planning is not implemented yet\n";
  return std::nullopt;
}

}  // namespace sa::cli
