// Mapping-file globs: what a platform team writes in .sysctl-advisor.toml.
#include <doctest/doctest.h>

#include "advisor/check/glob.h"

using sa::check::glob_match;

TEST_CASE("globs match path segments like a shell, ** spans folders") {
  struct Case {
    const char* pattern;
    const char* path;
    bool match;
  } cases[] = {
      {"hosts/web", "hosts/web", true},
      {"hosts/web/", "hosts/web", true},
      {"./hosts/web", "hosts/web", true},
      {"hosts/*", "hosts/web", true},
      {"hosts/*", "hosts/web/etc", false},        // '*' stays in one segment
      {"hosts/web-?", "hosts/web-1", true},
      {"hosts/web-?", "hosts/web-10", false},
      {"hosts/web-[0-9]", "hosts/web-7", true},
      {"hosts/web-[!0-9]", "hosts/web-7", false},
      {"legacy/db/*.conf", "legacy/db/10-db.conf", true},
      {"legacy/db/*.conf", "legacy/db/README", false},
      {"**/*.conf", "a/b/c/x.conf", true},
      {"**/*.conf", "x.conf", true},               // ** matches zero folders
      {"hosts/**", "hosts/web/etc/sysctl.conf", true},
      {"hosts/**/sysctl.d", "hosts/web/etc/sysctl.d", true},
      {"hosts/**/sysctl.d", "hosts/sysctl.d", true},
      {"hosts/**/sysctl.d", "other/web/etc/sysctl.d", false},
      {"*", "hosts/web", false},
      {"*web*", "my-web-host", true},
      {"hosts", "hosts/web", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.path);
    CHECK(glob_match(c.pattern, c.path) == c.match);
  }
}

TEST_CASE("a plain path is literal") {
  CHECK(sa::check::is_literal("hosts/web"));
  CHECK_FALSE(sa::check::is_literal("hosts/web-*"));
  CHECK_FALSE(sa::check::is_literal("hosts/web-[12]"));
}
