#!/bin/sh
# rules/known-keys.txt is data an operator can extend: a real key listed there is never called a
# typo of a catalog key; taken out, the same key is; a bad line in it is an input error.
set -u
RUNFILES=${TEST_SRCDIR:?}/sysctl_advisor
BIN=$RUNFILES/sysctl-advisor
T=${TEST_TMPDIR:?}
fail() { echo "FAIL: $*"; cat "$T/out" "$T/err" 2>/dev/null; exit 1; }
printf 'net.ipv4.tcp_dsack = 1\n' > "$T/a.conf"
check() { "$BIN" check --profile generic --kernel 6.1 --format text "$@" "$T/a.conf" >"$T/out" 2>"$T/err"; rc=$?; }

check
grep -q "unknown-key" "$T/out" && fail "tcp_dsack (listed in rules/known-keys.txt) reported as unknown"
echo "ok: a listed real key is not a typo"

cp -rL "$RUNFILES/rules" "$T/rules" && chmod -R u+w "$T/rules"
grep -v '^net.ipv4.tcp_dsack$' "$RUNFILES/rules/known-keys.txt" > "$T/rules/known-keys.txt"
check --rules "$T/rules"
grep -q "did you mean 'net.ipv4.tcp_sack'" "$T/out" || fail "without the list, tcp_dsack should look like a typo of tcp_sack"
echo "ok: the list is what decides"

printf 'net.ipv4.tcp_dsack\nnot a key\n' > "$T/rules/known-keys.txt"
check --rules "$T/rules"
[ "$rc" = 2 ] || fail "a bad known-keys line: expected exit 2, got $rc"
grep -q "known-keys.txt:2:1" "$T/err" || fail "the error names known-keys.txt:2:1"
echo "ok: a bad line is an input error with file:line:col"
echo PASS
