// The registry of diagnostic codes (core/code_registry.h) against the lint registry
// (check/lint_ids.h): every row complete, ids kebab-case and unique, no id in both tables (one
// meaning per id), and check's report metadata (SARIF, JUnit) uses the rows.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "advisor/check/lint_ids.h"
#include "advisor/check/rule_info.h"
#include "advisor/core/code_registry.h"

using namespace sa;

TEST_CASE("every registered code is a complete row with a kebab-case id, sorted, unique") {
  const std::regex kebab("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  std::string previous;
  for (const CodeInfo& c : code_infos()) {
    INFO(c.id);
    CHECK(std::regex_match(std::string(c.id), kebab));
    CHECK(std::string(c.id) > previous);
    CHECK_FALSE(c.title.empty());
    CHECK_FALSE(c.reported_by.empty());
    CHECK(c.help.size() > c.title.size());
    CHECK(code_info(c.id) == &c);
    previous = std::string(c.id);
  }
  CHECK(code_infos().size() >= 60);
  CHECK(code_info("no-such-code") == nullptr);
}

TEST_CASE("no id is both a lint and a diagnostic code") {
  for (const std::string& id : check::lint_ids()) {
    INFO(id);
    CHECK(code_info(id) == nullptr);
  }
}

TEST_CASE("the codes check and plan report get their row in SARIF and JUnit metadata") {
  sa::engine::Knowledge k;
  plan::RuleInfo info = check::rule_info(diag::kUnreadableInput, k);
  CHECK(info.title == "Path given to check cannot be checked");
  CHECK(info.severity == Severity::error);
  CHECK(check::rule_info(diag::kGlobalKeyInNetns, k).references.size() == 2);
}
