// `check --format github`: GitHub Actions workflow commands, which the runner turns into inline
// annotations on the pull request: `::error file=F,line=L,col=C,title=T::MESSAGE`. error, warning
// and notice findings become annotations of that level; info findings (and rules not evaluated
// offline) are `::debug::` lines; a last plain line summarises. Escaping follows the workflow
// command spec (actions/toolkit command.ts): data escapes % CR LF, properties also ':' and ','.
#pragma once

#include <string>

#include "advisor/plan/check_result.h"

namespace sa::report {

std::string render_github(const plan::CheckResult& result, Severity fail_on);

std::string escape_github_data(const std::string& text);
std::string escape_github_property(const std::string& text);

}  // namespace sa::report
