#!/bin/sh
# Two applies at once: the second waits (bounded), then fails naming the holder; nothing interleaves.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

SYSCTL_ADVISOR_TEST_PAUSE_AFTER_WRITE=1 "$BIN" apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE" \
  >"$T/out1" 2>"$T/err1" </dev/null &
pid=$!
wait_for "$T/err1" "test pause after write 1"
start=$(date +%s)
run apply --plan "$(stamped second-plan.json)" --yes --state-dir "$STATE" --lock-wait 1
end=$(date +%s)
expect_eq "$rc" 3 "second apply fails"
expect_contains "$T/err" "another sysctl-advisor holds" "says the lock is held"
expect_contains "$T/err" "pid $pid" "names the holder's pid"
expect_contains "$T/err" "apply since" "says what the holder is doing"
[ $((end - start)) -le 5 ] || fail "waited $((end - start)) s, not about 1"
ok "bounded wait"
expect_eq "$(val net.core.somaxconn)" 4096 "second apply wrote nothing"
# A second apply that may wait long enough gets the lock as soon as the first one ends.
"$BIN" apply --plan "$(stamped second-plan.json)" --yes --state-dir "$STATE" --lock-wait 20 >"$T/out2" 2>"$T/err2" </dev/null &
pid2=$!
sleep 0.3
kill -0 $pid2 2>/dev/null || fail "the waiting apply did not wait"
expect_eq "$(val net.core.somaxconn)" 4096 "the waiting apply has written nothing yet"
kill -TERM $pid; wait $pid
expect_eq "$?" 3 "the first apply, interrupted, exits 3"
wait $pid2; rc=$?
expect_eq "$rc" 0 "once the first is done, the waiting one applies"
expect_eq "$(val net.core.somaxconn)" 16384 "second plan applied"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "the first plan's key was undone, not left behind"
echo PASS
