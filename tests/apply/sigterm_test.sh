#!/bin/sh
# SIGTERM between the second and third live write: the two written keys are put back, exit 3.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

SYSCTL_ADVISOR_TEST_PAUSE_AFTER_WRITE=2 "$BIN" apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE" \
  >"$T/out" 2>"$T/err" </dev/null &
pid=$!
wait_for "$T/err" "test pause after write 2"
expect_eq "$(val net.ipv4.ip_local_port_range)" "1024 65000" "second key written before the signal"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "third key not written yet"
kill -TERM $pid
wait $pid; rc=$?
expect_eq "$rc" 3 "interrupted apply exits 3"
expect_contains "$T/out" "interrupted by signal 15" "says it was interrupted"
expect_defaults "after SIGTERM"
expect_absent "$PERSIST" "nothing persisted"
expect_contains "$(ls "$STATE"/*.json)" '"outcome": "interrupted"' "journal records the interruption"
run history --state-dir "$STATE"
expect_contains "$T/out" "interrupted (undone)" "history shows interrupted (undone)"
[ -s "$T/err" ] && fail "history warns although nothing is left to complete"
ok "no warning: nothing is left half-done"

# Ctrl-C is the same: SIGINT after the first write.
SYSCTL_ADVISOR_TEST_PAUSE_AFTER_WRITE=1 "$BIN" apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE" \
  >"$T/out" 2>"$T/err" </dev/null &
pid=$!
wait_for "$T/err" "test pause after write 1"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 1 "first key written before Ctrl-C"
kill -INT $pid
wait $pid; rc=$?
expect_eq "$rc" 3 "apply interrupted by SIGINT exits 3"
expect_contains "$T/out" "interrupted by signal 2" "says SIGINT"
expect_defaults "after SIGINT"
echo PASS
