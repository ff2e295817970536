// Bazel's runfiles are a symlink farm: each fixture file is a link to the source tree, outside the
// fixture's folder. `--root` is a jail that follows no link out of its tree (core/safe_open.h), so
// tests read a copy with the links dereferenced, as an operator's copy of a host would be.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

inline std::string fixture_root(const std::string& rel) {
  namespace fs = std::filesystem;
  if (!fs::exists(rel)) return rel;  // a missing root stays missing
  const char* tmp = std::getenv("TEST_TMPDIR");
  fs::path dst = fs::path(tmp ? tmp : "/tmp") / "fixture-copies" / rel;
  if (!fs::exists(dst)) {
    fs::create_directories(dst.parent_path());
    fs::copy(rel, dst, fs::copy_options::recursive);  // links followed: their targets are copied
  }
  return dst.string();
}
