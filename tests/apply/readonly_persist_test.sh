#!/bin/sh
# The persist folder is read-only (a remounted tmpfs): every live value is put back, exit 3.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

mount -o remount,ro /etc/sysctl.d || fail "remount /etc/sysctl.d read-only"
run apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE"
expect_eq "$rc" 3 "apply exits 3"
expect_contains "$T/err" "could not persist" "says persisting failed"
expect_contains "$T/err" "Read-only file system" "says why"
expect_contains "$T/err" "every change was undone" "says it was undone"
expect_defaults "after the read-only folder"
expect_absent "$PERSIST" "nothing persisted"
expect_contains "$(ls "$STATE"/*.json)" '"outcome": "failed"' "journal records the failure"
echo PASS
