// .sysctl-advisor.toml: host groups with their profile, kernel and loader; every mistake at its line.
#include <doctest/doctest.h>

#include "advisor/check/mapping.h"

using namespace sa::check;

TEST_CASE("groups inherit [defaults] and override them") {
  Mapping m = parse_mapping(R"(
[defaults]
kernel = "6.1"
loader = "systemd"

[[group]]
name = "edge"
paths = ["hosts/edge-*"]
profile = "load-balancer"

[[group]]
paths = ["legacy/db/*.conf", "legacy/db2"]
profile = "database"
kernel = "4.9"
loader = "procps"

[check]
fail_on = "warning"
)",
                            ".sysctl-advisor.toml");
  REQUIRE(m.diagnostics.empty());
  REQUIRE(m.groups.size() == 2);
  CHECK(m.groups[0].name == "edge");
  CHECK(m.groups[0].kernel == "6.1");
  CHECK(m.groups[0].loader == "systemd");
  CHECK(m.groups[0].paths == std::vector<std::string>{"hosts/edge-*"});
  CHECK(m.groups[0].path_at[0].line == 8);
  CHECK(m.groups[1].name == "legacy/db/*.conf");  // no name: its first path
  CHECK(m.groups[1].kernel == "4.9");
  CHECK(m.groups[1].loader == "procps");
  CHECK(m.groups[1].paths.size() == 2);
  CHECK(m.fail_on == "warning");
}

TEST_CASE("mistakes name the line and what was expected") {
  Mapping m = parse_mapping(R"([[group]]
name = "web"
pathz = ["hosts/web"]
profile = "web-behind-lb"
loader = "upstart"
kernel = "latest"
)",
                            "m.toml");
  REQUIRE(m.diagnostics.size() == 4);
  CHECK(sa::format_diagnostic(m.diagnostics[0]) ==
        "m.toml:3:9: error: unknown key 'pathz' in [[group]]; expected one of: name, paths, profile, kernel, loader [bad-mapping]");
  CHECK(m.diagnostics[1].message == "loader 'upstart' is not one of: systemd, procps");
  CHECK(m.diagnostics[2].message == "kernel 'latest' is not a version like \"6.1\" or \"4.19.0\"");
  CHECK(m.diagnostics[3].message == "a [[group]] needs 'paths', a list of globs such as [\"hosts/web\"]");
  CHECK(m.diagnostics[3].where.line == 1);
}

TEST_CASE("TOML syntax errors and an empty mapping are reported at their position") {
  Mapping bad = parse_mapping("[[group]\nname = 1\n", "m.toml");
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].where.line == 1);
  Mapping empty = parse_mapping("# nothing yet\n", "m.toml");
  REQUIRE(empty.diagnostics.size() == 1);
  CHECK(empty.diagnostics[0].message == "no host groups; expected at least one [[group]] with 'paths' and 'profile'");
  Mapping twice = parse_mapping("[[group]]\nname='a'\npaths=['x']\n[[group]]\nname='a'\npaths=['y']\n", "m.toml");
  REQUIRE(twice.diagnostics.size() == 1);
  CHECK(twice.diagnostics[0].message == "group name 'a' is used twice");
  CHECK(twice.diagnostics[0].where.line == 4);
}

TEST_CASE("[kubernetes] and [check] exclude, and their mistakes at their lines") {
  Mapping m = parse_mapping(R"([kubernetes]
version = "1.29"
allowed_unsafe_sysctls = ["net.core.somaxconn", "net.ipv4.tcp_*"]
[check]
exclude = ["vendor/**", "charts/*/templates"]
[[group]]
paths = ["k8s"]
profile = "web-behind-lb"
)",
                            ".sysctl-advisor.toml");
  REQUIRE(m.diagnostics.empty());
  CHECK(m.kubernetes_version == "1.29");
  CHECK(m.allowed_unsafe_sysctls == std::vector<std::string>{"net.core.somaxconn", "net.ipv4.tcp_*"});
  CHECK(m.exclude == std::vector<std::string>{"vendor/**", "charts/*/templates"});

  Mapping bad = parse_mapping("[kubernetes]\nversion = \"v1.29\"\nallowed_unsafe_sysctls = [1]\nkubelet = true\n[[group]]\npaths = [\"k8s\"]\n", "m.toml");
  REQUIRE(bad.diagnostics.size() == 3);
  CHECK(bad.diagnostics[0].where.line == 4);  // unknown key, with the allowed ones
  std::string all;
  for (const auto& d : bad.diagnostics) all += std::to_string(d.where.line) + ": " + d.message + "\n";
  CHECK(all.find("version 'v1.29' is not a Kubernetes release like \"1.29\"") != std::string::npos);
  CHECK(all.find("3: each allowed_unsafe_sysctls entry is a sysctl name or a pattern ending in '*'") != std::string::npos);
}
