# Shared by the packaging tests: where things are, and how a failure is reported.
set -u
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
BIN="$RUNFILES/sysctl-advisor"
T="${TEST_TMPDIR:-$(mktemp -d)}"
# A host tree the shipped rules have findings on, copied: runfiles are symlinks out of the tree,
# which --root (a jail) does not follow.
LB_ROOT="$T/lb-root"
if [ -d "$RUNFILES/tests/scenarios/lb-nginx-upstream-churn/root" ]; then
  rm -rf "$LB_ROOT" && cp -rL "$RUNFILES/tests/scenarios/lb-nginx-upstream-churn/root" "$LB_ROOT"
fi
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_in() {  # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/    | /' "$1" | head -40; }
}
expect_not_in() {  # expect_not_in FILE TEXT
  if grep -qF -- "$2" "$1"; then fail "$1 has: $2"; fi
}
# Runs an installed copy as a user would: no Bazel runfiles variables, from an unrelated folder.
outside_bazel() { (cd / && env -u RUNFILES_DIR -u TEST_SRCDIR -u RUNFILES_MANIFEST_FILE -u JAVA_RUNFILES "$@"); }
finish() {
  [ "$fails" = 0 ] && echo "PASS" || echo "$fails failure(s)"
  exit $((fails > 0))
}
