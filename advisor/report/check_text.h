// `check --format text`: one line per finding the way compilers print them, so editors and CI
// logs link to the line: `file:line:col: severity: message [rule-id]`, the reason indented under it.
// Group-wide findings print the host group in place of the file. Pure: result in, text out.
#pragma once

#include <string>

#include "advisor/plan/check_result.h"

namespace sa::report {

struct CheckTextOptions {
  Severity fail_on = Severity::error;
  bool reasons = true;  // the indented reason under each finding
};

std::string render_check_text(const plan::CheckResult& result, const CheckTextOptions& options = {});

}  // namespace sa::report
