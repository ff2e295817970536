#!/bin/bash
# Named thresholds ([[define]]) as an operator meets them with the shipped rules: explain shows a
# name, its value and the rules using it; /etc/sysctl-advisor/rules (here $SYSCTL_ADVISOR_ETC) or
# --local-rules replaces the value without editing the shipped files; a typo there is an error.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
T="${TEST_TMPDIR:-$(mktemp -d)}"
export SYSCTL_ADVISOR_ETC="$T/etc"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_in() {  # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/    | /' "$1"; }
}

"$BIN" explain tw_pressure_share > "$T/shipped.txt" 2>&1 || fail "explain tw_pressure_share: exit $?"
expect_in "$T/shipped.txt" "  value       0.25"
expect_in "$T/shipped.txt" "upstream-connection-reuse"
"$BIN" explain profile-mismatch-connects-out > "$T/rule.txt" 2>&1 || fail "explain rule: exit $?"
expect_in "$T/rule.txt" "    upstream_port_pressure = top_peer_share(\"time-wait\") >= tw_pressure_share"

# The override layer in /etc: one file, one value.
mkdir -p "$T/etc/rules"
printf '[[define]]\nname = "tw_pressure_share"\nvalue = 0.4\n' > "$T/etc/rules/local.toml"
"$BIN" explain tw_pressure_share > "$T/etc.txt" 2>&1 || fail "explain with /etc override: exit $?"
expect_in "$T/etc.txt" "  value       0.4"
expect_in "$T/etc.txt" "  overridden  by $T/etc/rules/local.toml:1"
rm -r "$T/etc/rules"

# --local-rules, with a typo: exit 2, the place and the nearest name.
printf '[[define]]\nname = "tw_presure_share"\nvalue = 0.4\n' > "$T/typo.toml"
"$BIN" rules --local-rules "$T/typo.toml" > /dev/null 2> "$T/typo.err"; rc=$?
[ "$rc" = 2 ] || fail "typo in --local-rules: exit $rc, expected 2"
expect_in "$T/typo.err" "$T/typo.toml:2:8: error: define 'tw_presure_share' overrides no shipped definition; did you mean 'tw_pressure_share'?"

[ "$fails" = 0 ] && echo PASS
exit "$fails"
