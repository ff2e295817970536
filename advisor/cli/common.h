// What every subcommand shares: paths a user typed, where rules and profiles live (and the exit codes, by include).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "advisor/core/exit_codes.h"

namespace sa::cli {

// The exit codes (kOk, kFindings, kUsage, kApplyFailed) are sa::Exit, advisor/core/exit_codes.h.

// `bazel run` starts the binary in its runfiles folder; a relative path the user typed is relative
// to where they typed it (BUILD_WORKING_DIRECTORY), not to the runfiles.
std::filesystem::path user_path(const std::string& typed);
std::vector<std::filesystem::path> user_paths(const std::vector<std::string>& typed);

// --local-rules FILE (repeatable): an operator's own rule file, loaded after the shipped rules.
inline constexpr const char* kLocalRulesHelp =
    "an operator's rule file (repeatable): more [[rule]]s, and [[define]]s that replace shipped thresholds of the "
    "same name (docs/rule-format.md)";

// Where rules/ and profiles/ are: --rules/--profiles when given, else $SYSCTL_ADVISOR_DATA,
// else beside the binary (runfiles under `bazel run`/`bazel test`, or ../share/sysctl-advisor).
std::filesystem::path data_dir(const std::string& kind /* "rules" | "profiles" */, const std::string& override_dir);
// The layers to load, shipped first: data_dir(kind), then the operator's overrides in
// /etc/sysctl-advisor/KIND ($SYSCTL_ADVISOR_ETC/KIND) whose files, rules, keys and profiles win
// over the shipped ones of the same name. An explicit --rules/--profiles is the only layer.
std::vector<std::filesystem::path> data_dirs(const std::string& kind, const std::string& override_dir);

// Parses args against desc (plus positionals); on error prints "sysctl-advisor NAME: error" and
// the usage to stderr and returns false. `--help` prints usage and sets *help.
bool parse_args(const std::string& command, const std::vector<std::string>& args,
                const boost::program_options::options_description& desc,
                const boost::program_options::positional_options_description* positionals,
                boost::program_options::variables_map& vm, const std::string& usage, bool* help);

// True when stdout is a terminal that takes colour (NO_COLOR unset, TERM not "dumb").
bool stdout_wants_color();

}  // namespace sa::cli
