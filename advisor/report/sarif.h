// `check --format sarif`: SARIF 2.1.0 for code-scanning services. One run; tool.driver.rules holds
// every rule a result names (id, name, title, help from the reasoning and references, default
// level); results carry level (error/warning/note), the message with its reason, and a physical
// location relative to the repository (uriBaseId SRCROOT). Rules `check` could not judge offline
// are results of kind "open" (level "none"). Validated against the official schema in
// tests/check (tests/schemas/sarif-schema-2.1.0.json). Pure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "advisor/plan/check_result.h"

namespace sa::report {

inline constexpr const char* kToolVersion = "0.1.0";

nlohmann::ordered_json check_to_sarif(const plan::CheckResult& result);

// error -> "error", warning -> "warning", notice and info -> "note".
const char* sarif_level(Severity s);
// A relative path as a URI reference: percent-encodes what RFC 3986 does not allow in a path.
std::string uri_path(const std::string& path);

}  // namespace sa::report
