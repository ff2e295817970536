#!/bin/sh
# In a network namespace that shares the initial one's established hash table, tcp_ehash_entries
# reads negative (proc_tcp_ehash_entries()), and the namespace's tcp_max_tw_buckets starts at half
# of that table. A configuration that lowers tcp_max_tw_buckets must still get its finding there,
# quoting the real default; and `apply` there must say that the persisted file is read at boot for
# the initial namespace. unshare -n -m: a throwaway network and mount namespace, the sysctl.d
# folders replaced by empty ones (tmpfs) so the host's files are neither read nor touched.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
LIB=${TEST_SRCDIR:?}/sysctl_advisor/tests/truth/lib.sh
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n -m"; exit 0; }
[ -e /proc/sys/net/ipv4/tcp_ehash_entries ] || { echo "SKIP: kernel $(uname -r) has no tcp_ehash_entries (6.1+)"; exit 0; }

exec unshare -n -m --propagation private sh -s "$BIN" "$LIB" <<'INNER'
set -eu
BIN=$1; . "$2"
for d in /etc/sysctl.d /usr/lib/sysctl.d /run/sysctl.d /usr/local/lib/sysctl.d /lib/sysctl.d; do
  [ -d $d ] && mount -t tmpfs none $d
done
[ -e /etc/sysctl.conf ] && mount --bind /dev/null /etc/sysctl.conf
echo "net.ipv4.tcp_max_tw_buckets = 5000" > /etc/sysctl.d/50-old-guide.conf
EHASH=$(cat /proc/sys/net/ipv4/tcp_ehash_entries)
echo "kernel: tcp_ehash_entries $EHASH, tcp_max_tw_buckets $(cat /proc/sys/net/ipv4/tcp_max_tw_buckets)"
[ "$EHASH" -lt 0 ] || { echo "SKIP: this namespace has its own hash table (tcp_child_ehash_entries set)"; exit 0; }
DEFAULT=$(( -EHASH / 2 ))
[ "$(cat /proc/sys/net/ipv4/tcp_max_tw_buckets)" = "$DEFAULT" ] && echo "ok: kernel: tcp_max_tw_buckets here is half of |tcp_ehash_entries|"
plan $T/plan.json --profile generic
check $T/plan.json 'finding("tw-buckets-lowered") is not None' "a lowered tcp_max_tw_buckets is found in a child namespace"
check $T/plan.json '"is below the kernel default " + format('"$DEFAULT"', ",") in finding("tw-buckets-lowered")["message"]' \
  "quoting the default $DEFAULT (half of |$EHASH|)"
check $T/plan.json 'not any(n["rule"] == "tw-buckets-lowered" for n in p["not_evaluated"])' "not skipped"

# apply here: the persisted file is read at boot for the initial namespace, not this one.
echo 1 > /proc/sys/net/ipv4/tcp_syncookies; echo 0 > /proc/sys/net/ipv4/tcp_syncookies   # a change to apply
"$BIN" apply --yes --profile generic --persist-file $T/persist.conf --state-dir $T/state > $T/apply.out 2>&1 || true
grep -q "is read at boot for the initial namespace (the host), not for this one" $T/apply.out \
  || { echo "FAIL: apply in a child namespace says nothing about the persisted file"; cat $T/apply.out; exit 1; }
echo "ok: apply says the persisted file is read at boot for the initial namespace"
[ "$(cat /proc/sys/net/ipv4/tcp_syncookies)" = 1 ] && echo "ok: and applied in this namespace"
echo PASS
INNER
