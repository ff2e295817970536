// Stages 2 and 3 for [[define]]s (docs/rule-format.md, "Named thresholds and conditions"):
//   collect  the shipped definitions (a name once) and the operator's local files, whose
//            definitions replace shipped values of the same name (and may define nothing new, so a
//            typo in a local file is an error, not a silently ignored threshold);
//   compile  each value as an expression; a definition may use other names; a cycle is an error.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "advisor/engine/checker.h"
#include "advisor/engine/rule.h"
#include "advisor/engine/rule_reader.h"

namespace sa::engine {

// The bound expression of every definition that compiled, by name, for CheckContext::defines;
// `defines` gets each one's description and where its value came from, sorted by name.
std::map<std::string, ExprPtr> compile_defines(const std::vector<RawDefine>& shipped, const std::vector<RawDefine>& local,
                                               const CheckContext& base, std::vector<Define>& defines,
                                               std::vector<Diagnostic>& out);

}  // namespace sa::engine
