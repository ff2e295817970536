// The registry of diagnostic codes (core/code_registry.h) against the lint registry
// (check/lint_ids.h): every row complete, ids kebab-case and unique, no id in both tables (one
// meaning per id), and the listing of every id explain knows.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "advisor/check/lint_ids.h"
#include "advisor/check/known_ids.h"
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

TEST_CASE("known_ids (rules --ids, explain's did-you-mean) lists every code and every lint once") {
  sa::engine::Knowledge k;
  auto ids = check::known_ids(k);
  CHECK(ids.size() == code_infos().size() + check::lint_ids().size() + 1);  // + other-writer
  std::set<std::string> seen;
  for (const auto& id : ids) {
    INFO(id.info.id);
    CHECK(seen.insert(id.info.id).second);
    if (const CodeInfo* c = code_info(id.info.id)) {
      CHECK(id.kind == "diagnostic");
      CHECK(id.info.title == c->title);
      CHECK(id.info.severity == c->severity);
    }
  }
  CHECK(seen.count(diag::kUnreadableInput));
  CHECK(seen.count("shadowed-key"));
  CHECK(seen.count("other-writer"));
}
