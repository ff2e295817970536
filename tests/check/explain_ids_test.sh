#!/bin/bash
# `explain ID` works for every id a command prints: every rule of `rules`, and every rule or lint id
# `check` reports on the fixture repository (before, `explain shadowed-key` exited 2).
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
REPO="$TEST_TMPDIR/repo"
rm -rf "$REPO" && mkdir -p "$REPO" && cp -rL "$TEST_SRCDIR/sysctl_advisor/tests/fixtures/repo/." "$REPO/"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cd "$REPO"
ids=$( { "$BIN" rules | awk '{print $1}'
         "$BIN" check --format json | /usr/bin/python3 -c 'import json, sys; [print(f["rule"]) for f in json.load(sys.stdin)["findings"]]'
       } | sort -u)
n=0
for id in $ids; do
  n=$((n + 1))
  "$BIN" explain "$id" > "$TEST_TMPDIR/explain.out" 2> "$TEST_TMPDIR/explain.err" || { fail "explain $id: exit $?"; cat "$TEST_TMPDIR/explain.err"; continue; }
  head -1 "$TEST_TMPDIR/explain.out" | grep -qxF "$id" || fail "explain $id: first line is $(head -1 "$TEST_TMPDIR/explain.out")"
done
[ "$n" -gt 30 ] || fail "only $n ids found"
for lint in shadowed-key duplicate-key unknown-key missing-equals unused-suppression; do
  echo "$ids" | grep -qxF "$lint" || fail "check on the fixture did not print $lint"
done
"$BIN" explain shadowed-key | grep -qF "reported by  sysctl-advisor check (a built-in lint)" || fail "explain shadowed-key: not described as a lint"
[ "$fails" = 0 ] && echo "PASS: $n ids"
exit "$fails"
