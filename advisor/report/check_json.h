// `check --format json` ("schema": "sysctl-advisor/check/v1"): the findings in the plan finding
// shape of DESIGN.md plus col, group and open, the host groups checked, and a summary.
//   { "schema": "sysctl-advisor/check/v1", "fail_on": str, "failed": bool,
//     "groups": [ { "name": str, "profile": str, "kernel": str|null, "loader": str, "files": [str] } ],
//     "findings": [ { "rule": str, "severity": str, "key": str|null, "message": str, "reason": str,
//                     "file": str|null, "line": int|null, "col": int|null, "group": str,
//                     "open": bool, "references": [str] } ],
//     "summary": { "error": n, "warning": n, "notice": n, "info": n, "not_evaluated": n,
//                  "suppressed": n, "files": n } }
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "advisor/plan/check_result.h"

namespace sa::report {

inline constexpr std::string_view kCheckSchema = "sysctl-advisor/check/v1";

nlohmann::ordered_json check_to_json(const plan::CheckResult& result, Severity fail_on);

}  // namespace sa::report
