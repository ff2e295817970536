#!/bin/sh
# A --root copy without /proc/net/netstat and /proc/net/snmp (a tree of config and /proc/sys only):
# the counter rules are not evaluated because those files could not be read, not because "this
# kernel" lacks the counter: the kernel was never asked. The same from a snapshot of that tree.
set -u
R=${TEST_SRCDIR:?}/sysctl_advisor
BIN=$R/sysctl-advisor
T=${TEST_TMPDIR:?}
fail() { echo "FAIL: $*" >&2; [ -f "$T/out" ] && cat "$T/out" >&2; exit 1; }
ok() { echo "ok: $*"; }

ROOT=$T/root
mkdir -p "$ROOT/proc/sys/net/ipv4" "$ROOT/proc/sys/net/core" "$ROOT/proc/sys/kernel" "$ROOT/etc/sysctl.d"
printf '2\n' > "$ROOT/proc/sys/net/ipv4/tcp_tw_reuse"
printf '1\n' > "$ROOT/proc/sys/net/ipv4/tcp_syncookies"
printf '4096\n' > "$ROOT/proc/sys/net/core/somaxconn"
printf '6.18.0\n' > "$ROOT/proc/sys/kernel/osrelease"

for src in "--root $ROOT" "--snapshot $T/snap.json"; do
  [ "$src" = "--snapshot $T/snap.json" ] && { "$BIN" snapshot --root "$ROOT" --format json -o "$T/snap.json" 2>/dev/null || fail "snapshot"; }
  "$BIN" plan $src --profile load-balancer > "$T/out" 2>&1 < /dev/null; rc=$?
  [ "$rc" = 0 ] || fail "plan $src: exit $rc"
  grep -q "listen-overflows-since-boot *counter TcpExt.ListenOverflows is unknown: /proc/net/netstat could not be read" "$T/out" \
    || fail "plan $src: the not-evaluated reason does not name the unread /proc/net/netstat"
  grep -q "is not reported by this kernel" "$T/out" && fail "plan $src: blames the kernel for a file that was not read"
  ok "plan $src: counters unknown because /proc/net/netstat could not be read, not 'not reported by this kernel'"
done
echo PASS
