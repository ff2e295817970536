// The lints `check` runs on one configuration (a host group's sysctl.d set, or the settings one
// YAML unit writes): one list, run in its order by every caller.
//
// Adding a lint: its function (in lints.cc, or a file of its own), its ids with their title and
// explanation in lint_ids.cc (SARIF, JUnit and `explain` read them there), and one row in
// lint_passes.cc. Nothing else names it.
#pragma once

#include <string>
#include <vector>

#include "advisor/check/lints.h"
#include "advisor/check/near_miss.h"
#include "advisor/config/config_set.h"
#include "advisor/engine/catalog.h"

namespace sa::check {

// What a lint may look at.
struct LintInput {
  const config::ConfigSet& cs;
  const engine::Catalog& catalog;
  const std::string& kernel;  // the target's kernel; empty = unknown (kernel-dependent lints stay quiet)
  NearMiss& near_miss;        // "did you mean" over the catalog, shared by a worker's targets
  const ShownPath& shown;     // ConfigSet path -> the path the user sees; may be empty (as given)
};

struct LintPass {
  const char* name;  // what it judges, for a reader of the list
  void (*run)(const LintInput&, std::vector<Raw>&);
};

const std::vector<LintPass>& lint_passes();

// Every pass of lint_passes(), in order, appending to `out`.
void run_lints(const LintInput& in, std::vector<Raw>& out);

}  // namespace sa::check
