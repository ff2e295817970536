// Evaluates compiled expressions and templates against the facts, with three-valued logic.
#pragma once

#include <optional>
#include <string>

#include "advisor/engine/expr.h"
#include "advisor/engine/facts.h"
#include "advisor/engine/profile.h"
#include "advisor/engine/value.h"

namespace sa::engine {

// profile may be null (inference runs before a profile is chosen): traits are then unknown.
Value eval(const Expr& e, const Facts& facts, const Profile* profile);
// Holes render with render(); an unknown hole renders as "unknown".
// `missing`, when given, receives what the first unknown quoted without a shown text needs: the
// sentence cannot be written truthfully (evaluate_rule then reports the rule as not evaluated).
std::string render_template(const Template& t, const Facts& facts, const Profile* profile, std::string* missing = nullptr);

// The live value of a key (`sysctl("k")`), and its effective configured value (`configured("k")`).
Value sysctl_value(const std::string& key, const Facts& facts);
Value configured_value(const std::string& key, const Facts& facts);
// The value of a key the way `value("k")` sees it: live, else configured, else the catalog default.
Value key_value(const std::string& key, const Facts& facts);
// For a global key (catalog: per_netns_since "never") read from a non-initial network namespace,
// where it has no /proc/sys file: the kGlobalKey reason; nullopt otherwise.
std::optional<std::string> global_key_elsewhere(const std::string& key, const Facts& facts);

}  // namespace sa::engine
