// Every rule of the profile, evaluated on the configured values for the target kernel: a change
// the profile wants becomes a finding on the line that sets the key (or on the group when the key
// is not configured); a rule that needs live facts is an "open" info finding, never a failure.
#pragma once

#include <string>
#include <vector>

#include "advisor/check/lints.h"
#include "advisor/engine/engine.h"

namespace sa::check {

void evaluate_profile_rules(const config::ConfigSet& cs, const engine::Knowledge& knowledge,
                            const engine::Profile& profile, const std::string& kernel, std::vector<Raw>& out);

}  // namespace sa::check
