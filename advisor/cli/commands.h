// The subcommands. Each lives in its own cmd_<name>.cc: parse its options, call the stages,
// render. `args` excludes the program and subcommand names. Returns the exit status (DESIGN.md).
#pragma once

#include <string>
#include <vector>

namespace sa::cli {

using Args = std::vector<std::string>;

int run_config(const Args& args);
int run_snapshot(const Args& args);
int run_plan(const Args& args);
int run_apply(const Args& args);
int run_rollback(const Args& args);
int run_history(const Args& args);
int run_drift(const Args& args);
int run_check(const Args& args);
int run_explain(const Args& args);
int run_profiles(const Args& args);
int run_rules(const Args& args);
int run_report(const Args& args);
// --version: version and commit come from the binary's build_info (stamped or not).
int run_version(const char* version, const char* commit);

}  // namespace sa::cli
