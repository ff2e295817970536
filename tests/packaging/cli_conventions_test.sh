#!/bin/bash
# --version, --quiet and colour as a user on a terminal or in a pipe sees them.
source "$TEST_SRCDIR/sysctl_advisor/tests/packaging/lib.sh"

# --version: program version (packaging/version.bzl), commit (this binary is the unstamped
# development build), rules version from the rules folder it loads.
"$BIN" --version > "$T/version.txt"; rc=$?
[ "$rc" = 0 ] || fail "--version exit $rc"
want_version=$(sed -n 's/^VERSION = "\(.*\)"/\1/p' "$RUNFILES/packaging/version.bzl")
expect_in "$T/version.txt" "sysctl-advisor $want_version"
expect_in "$T/version.txt" "commit: unknown (unstamped development build)"
expect_in "$T/version.txt" "rules: $(cat "$RUNFILES/rules/VERSION") ("

# --quiet: nothing on stdout, same exit status; before or after the command.
"$BIN" plan --root "$LB_ROOT" --profile load-balancer > "$T/loud.txt"; loud_rc=$?
[ -s "$T/loud.txt" ] || fail "plan printed nothing without --quiet"
"$BIN" --quiet plan --root "$LB_ROOT" --profile load-balancer > "$T/quiet.txt"; rc=$?
[ "$rc" = "$loud_rc" ] || fail "--quiet changed the exit status: $rc, not $loud_rc"
[ -s "$T/quiet.txt" ] && fail "--quiet plan wrote to stdout: $(head -3 "$T/quiet.txt")"
"$BIN" plan --quiet --root /nonexistent-root --snapshot /nonexistent.json > "$T/q2.txt" 2> "$T/q2.err"; rc=$?
[ "$rc" = 2 ] || fail "--quiet on a bad input: exit $rc, want 2"
[ -s "$T/q2.err" ] || fail "--quiet hid the error on stderr"
"$BIN" apply --quiet --root "$T" > /dev/null 2> "$T/apply.err" < /dev/null; rc=$?
[ "$rc" = 2 ] || fail "apply --quiet without --yes: exit $rc, want 2"
expect_in "$T/apply.err" "add --yes"

# A bare word is refused, not dropped: `plan load-balancer` (meant as --profile) used to plan with
# the inferred profile, and `apply load-balancer --yes` to apply it.
for cmd in plan apply snapshot drift; do
  "$BIN" $cmd load-balancer --root "$LB_ROOT" > "$T/stray.out" 2> "$T/stray.err" < /dev/null; rc=$?
  [ "$rc" = 2 ] || fail "$cmd with a stray argument: exit $rc, want 2"
  expect_in "$T/stray.err" "sysctl-advisor $cmd: unexpected argument 'load-balancer' (this command takes only options)"
  [ -s "$T/stray.out" ] && fail "$cmd with a stray argument printed a result: $(head -3 "$T/stray.out")"
done

# plan --help says what the profile is inferred from now (it named the counters of the old inference).
"$BIN" plan --help > "$T/plan-help.txt"
expect_in "$T/plan-help.txt" "Without --profile the profile is inferred from who holds"
expect_not_in "$T/plan-help.txt" "active vs passive opens"

# drift --help tells a monitoring author that --format prometheus exits 0 with drift.
"$BIN" drift --help > "$T/drift-help.txt"
expect_in "$T/drift-help.txt" "with --format prometheus 0 with drift too"

# Colour: on a terminal (script(1) gives the command a pty), not in a pipe, never with NO_COLOR.
if command -v script > /dev/null; then
  TERM=xterm script -qec "'$BIN' plan --root '$LB_ROOT' --profile load-balancer" /dev/null > "$T/tty.txt"
  grep -q $'\033\[' "$T/tty.txt" || fail "no colour on a terminal"
  NO_COLOR=1 TERM=xterm script -qec "'$BIN' plan --root '$LB_ROOT' --profile load-balancer" /dev/null > "$T/nocolor.txt"
  grep -q $'\033\[' "$T/nocolor.txt" && fail "colour on a terminal although NO_COLOR=1"
  grep -q "tw-recycle-set-on-kernel-without-it" "$T/nocolor.txt" || fail "NO_COLOR run printed no plan"
else
  echo "SKIP colour checks: script(1) missing"
fi
grep -q $'\033\[' "$T/loud.txt" && fail "colour written to a pipe"
finish
