// The registry of diagnostic codes (diagnostic_codes.h): one row per code with the severity it is
// reported with, a title, what it means, why it matters and what to do, and the sources that
// apply. `explain ID` renders a row; tests/check/explain_ids_test.sh runs `explain` on every id
// `rules --ids` lists and scans the sources for a code written as a bare literal.
#pragma once

#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa {

struct CodeInfo {
  std::string_view id;
  Severity severity;                         // as reported (the usual one where it varies)
  std::string_view reported_by;              // the commands and inputs that report it
  std::string_view title;                    // one line
  std::string_view help;                     // what it means, why it matters, what to do
  std::vector<std::string_view> references;  // sources, where one applies
};

// The row of a registered code; nullptr for any other word.
const CodeInfo* code_info(std::string_view id);
// Every row, sorted by id.
const std::vector<CodeInfo>& code_infos();

}  // namespace sa
