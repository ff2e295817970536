#!/bin/sh
# SIGKILL between two writes cannot be caught: the journal stays in-progress, every later command
# warns, apply refuses to go on top of it, and rollback completes it.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

SYSCTL_ADVISOR_TEST_PAUSE_AFTER_WRITE=2 "$BIN" apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE" \
  >"$T/out" 2>"$T/err" </dev/null &
pid=$!
wait_for "$T/err" "test pause after write 2"
kill -KILL $pid
wait $pid
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 1 "half-applied: first key changed"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "half-applied: third key not"
entry=$(ls "$STATE"/*.json)
expect_contains "$entry" '"outcome": "in-progress"' "journal left in-progress"

run history --state-dir "$STATE"
expect_contains "$T/err" "did not finish" "history warns"
expect_contains "$T/err" "sysctl-advisor rollback --id $(basename "$entry" .json)" "the warning says how to complete it"
# plan, config and snapshot look in the default state folder: show them this one there (a tmpfs over
# /var/lib first, so nothing is created on the host; this mount namespace is private).
mount -t tmpfs tmpfs /var/lib && mkdir /var/lib/sysctl-advisor && mount --bind "$STATE" /var/lib/sysctl-advisor \
  || fail "could not mount the state folder at its default place"
for cmd in "plan --profile generic" "config" "snapshot --format json"; do
  run $cmd
  expect_contains "$T/err" "did not finish" "$cmd warns about the unfinished apply"
done
run apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE"
expect_eq "$rc" 2 "apply refuses on top of an unfinished one"
expect_contains "$T/err" "did not finish" "apply warns"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "the refused apply changed nothing"

run rollback --state-dir "$STATE"
expect_eq "$rc" 0 "rollback completes it"
expect_contains "$T/out" "net.ipv4.tcp_tw_reuse: 1 -> 2" "rollback restores the written keys"
expect_defaults "after rollback"
expect_absent "$PERSIST" "no persisted file"
run history --state-dir "$STATE"
[ -s "$T/err" ] && fail "history still warns after rollback: $(cat "$T/err")"
ok "no more warning"
expect_contains "$T/out" "rolled-back by" "the entry is rolled back"
echo PASS
