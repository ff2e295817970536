// Plan <-> JSON, the contract of DESIGN.md ("schema": "sysctl-advisor/plan/v1"). `plan --format json`
// renders with to_json; `apply --plan FILE` reads the reviewed file back with plan_from_json.
//
// Shape (every field always present; null where a value is not known):
//   { "schema": "sysctl-advisor/plan/v1", "profile": str, "profile_reason": str, "kernel": str,
//     "host": { "hostname": str, "boot_id": str, "kernel": str, "netns": str } | null,
//     "changes": [ { "key": str, "current": str|null,
//                    "configured": { "value": str, "file": str|null, "line": int|null } | null,
//                    "proposed": str, "rule": str, "severity": "error|warning|notice|info",
//                    "reason": str, "message": str, "also_rules": [str], "priority": int,
//                    "references": [str] } ],
//     "findings": [ { "rule": str, "severity": str, "key": str|null, "message": str, "reason": str,
//                     "file": str|null, "line": int|null, "col": int|null, "references": [str] } ],
//     "not_evaluated": [ { "rule": str, "needs": str } ],
//     "conflicts": [ { "key": str, "winner_rule": str, "winner_value": str,
//                      "loser_rule": str, "loser_value": str,
//                      "winner_priority": int, "loser_priority": int } ] }
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "advisor/core/diagnostic.h"
#include "advisor/plan/plan.h"

namespace sa::plan {

inline constexpr std::string_view kPlanSchema = "sysctl-advisor/plan/v1";

nlohmann::json to_json(const Plan& plan);

// Reads a plan back. Every problem is appended to `errors` (code "invalid-plan", message naming
// the JSON path, e.g. "changes[2].proposed: expected a string, got number"), and all of them are
// collected before giving up; returns nullopt when there is any. `references`, `col`, `message`,
// `also_rules`, `priority`, `not_evaluated`, `conflicts` and `host` may be absent (older or hand-written plans); the rest is required.
// Keys are NOT checked against sa::is_valid_key here: the caller that turns them into paths does.
std::optional<Plan> plan_from_json(const nlohmann::json& j, std::vector<Diagnostic>& errors);

}  // namespace sa::plan
