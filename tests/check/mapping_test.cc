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
