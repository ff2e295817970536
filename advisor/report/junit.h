// `check --format junit`: JUnit XML for CI systems that show test reports. One <testsuite> per
// host group; in it one <testcase> per file and rule (classname = the file, name = the rule id):
// every built-in lint for every file, plus each profile rule with a finding in that file. A
// testcase fails when a finding reaches --fail-on; findings below it go to <system-out>. Rules
// that need the live host are <skipped> testcases of the group. Pure.
#pragma once

#include <string>
#include <vector>

#include "advisor/plan/check_result.h"

namespace sa::report {

// `lints` are the ids run on every file (check::lint_ids() minus the ones that are not per file).
std::string render_junit(const plan::CheckResult& result, Severity fail_on, const std::vector<std::string>& lints);

// Escapes &, <, >, " and ' and drops characters XML 1.0 does not allow.
std::string xml_escape(const std::string& text);

}  // namespace sa::report
