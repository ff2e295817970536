// `sysctl-advisor drift` as text (the drifting keys, or --all) and JSON (schema sysctl-advisor/drift/v1).
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "advisor/apply/drift.h"

namespace sa::report {

inline constexpr const char* kDriftSchema = "sysctl-advisor/drift/v1";

// netns: "" for the host's namespace, else "net:[4026532801] (PID 4242)".
void drift_text(const apply::Drift& d, const std::string& netns, bool all, std::ostream& out);
nlohmann::ordered_json drift_json(const apply::Drift& d, const std::string& netns);

}  // namespace sa::report
