#!/bin/sh
# The kernel refuses the third value: ipv4_local_port_range() (net/ipv4/sysctl_net_ipv4.c) returns EINVAL when
# the low end is below ip_unprivileged_port_start (80 < 1024 in a fresh namespace; seen here). The two keys already
# written are put back, the fourth is never written, nothing is persisted, exit 3.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

run apply --plan "$(stamped reject-plan.json)" --yes --state-dir "$STATE"
expect_eq "$rc" 3 "apply exits 3"
expect_contains "$T/err" "the kernel refused 80 60999 for net.ipv4.ip_local_port_range: Invalid argument" "says what failed and why"
expect_contains "$T/err" "every change was undone" "says the host is as it was"
expect_contains "$T/out" "restored net.ipv4.tcp_fin_timeout = 60" "restores the second key"
expect_contains "$T/out" "restored net.ipv4.tcp_tw_reuse = 2" "restores the first key"
# Reverse order: the key written last is restored first.
first_restore=$(grep -n "restored net.ipv4.tcp_fin_timeout" "$T/out" | cut -d: -f1)
second_restore=$(grep -n "restored net.ipv4.tcp_tw_reuse" "$T/out" | cut -d: -f1)
[ "$first_restore" -lt "$second_restore" ] || fail "not restored in reverse order"
ok "restored in reverse order"
expect_defaults "after the refused value"
expect_absent "$PERSIST" "nothing persisted"
expect_contains "$(ls "$STATE"/*.json)" '"outcome": "failed"' "journal records the failure"
expect_contains "$(ls "$STATE"/*.json)" '"restored": true' "journal records that it was undone"
run history --state-dir "$STATE"
expect_contains "$T/out" "failed (undone)" "history shows failed (undone)"
run rollback --state-dir "$STATE"
expect_eq "$rc" 0 "rollback after an undone failure exits 0"
expect_contains "$T/out" "Nothing to roll back" "nothing to roll back"
echo PASS
