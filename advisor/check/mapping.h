// The repository mapping file `.sysctl-advisor.toml`: which files form which host group, and the
// profile, target kernel and loader each group runs. Pure: text in, groups out; every mistake names
// file:line:col and what was expected.
//
//   [defaults]                      # optional: inherited by every group
//   kernel = "6.1"
//   loader = "systemd"
//   [[group]]
//   name = "edge-lb"                # optional: defaults to the first path
//   paths = ["hosts/edge-lb"]       # globs relative to the file's folder: host roots or files
//   profile = "load-balancer"
//   kernel = "5.15"                 # optional
//   loader = "procps"               # optional
//   [check]                         # optional
//   fail_on = "warning"             # optional: the default for --fail-on
//   exclude = ["vendor/**"]         # optional: never read these (YAML of vendored charts, ...)
//   [kubernetes]                    # optional: for manifests (spec.securityContext.sysctls)
//   version = "1.29"                # the safe sysctls of this release (default: the newest known)
//   allowed_unsafe_sysctls = ["net.core.somaxconn", "net.ipv4.tcp_*"]  # kubelet --allowed-unsafe-sysctls
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::check {

inline constexpr std::string_view kMappingFileName = ".sysctl-advisor.toml";

struct GroupSpec {
  std::string name;
  std::vector<std::string> paths;  // globs, relative to the mapping file's folder
  std::vector<Location> path_at;   // where each glob is written (for "matches nothing")
  std::string profile;             // empty: not set here (the command line must give one)
  std::string kernel;              // empty: unknown
  std::string loader;              // empty: the host root's boot loader
  Location where;                  // the [[group]] header
};

struct Mapping {
  std::string file;  // as displayed
  std::vector<GroupSpec> groups;
  std::string fail_on;  // empty: not set
  std::vector<std::string> exclude;  // [check] exclude: globs of files and folders never read (vendored, generated)
  // [kubernetes]: the release manifests are checked against and the kubelet's allowed unsafe sysctls.
  std::string kubernetes_version;
  std::vector<std::string> allowed_unsafe_sysctls;
  std::vector<Diagnostic> diagnostics;  // errors make the mapping unusable (exit 2)
};

Mapping parse_mapping(std::string_view text, const std::string& file);

}  // namespace sa::check
