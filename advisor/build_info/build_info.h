// What `sysctl-advisor --version` says about the build itself. Two libraries define these:
// :unstamped (every `bazel build`/`test`, so a commit does not rebuild the tests) and :stamped
// (the packaged binary, with the commit from tools/workspace_status.sh).
#pragma once

namespace sa::build_info {

extern const char kVersion[];  // packaging/version.bzl
extern const char kCommit[];   // short git commit, "-dirty" when the tree had changes; or why unknown

}  // namespace sa::build_info
