#!/bin/sh
# apply + rollback of a 4-key load-balancer plan, against the real peer doing the bare minimum:
# procps `sysctl -p` of the same four values and then of the old ones (no journal, no fsync, no
# read-back, no lock, no boot-order check). Runs as root in a throwaway network namespace with
# tmpfs over sysctl.d and the state folder (the host is never touched), or prints SKIP.
# usage: bench/apply.sh [BINARY] [ITERATIONS]
set -u
BIN=${1:-$(bazel info bazel-bin 2>/dev/null)/sysctl-advisor}
N=${2:-50}
HERE=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then echo "SKIP: needs root for unshare -n -m"; exit 0; fi
if [ -z "${SA_IN_NS:-}" ]; then SA_IN_NS=1 exec unshare -n -m sh "$0" "$@"; fi
mount --make-rprivate /
T=$(mktemp -d /tmp/bench-apply.XXXXXX); mount -t tmpfs tmpfs "$T"
for d in /etc/sysctl.d /run/sysctl.d /usr/lib/sysctl.d; do [ -d $d ] && mount -t tmpfs tmpfs $d; done
PLAN=$HERE/tests/apply/fixtures/lb-plan.json
printf 'net.ipv4.tcp_tw_reuse = 1\nnet.ipv4.ip_local_port_range = 1024 65000\nnet.ipv4.tcp_fin_timeout = 30\nnet.core.somaxconn = 8192\n' > "$T/new.conf"
printf 'net.ipv4.tcp_tw_reuse = 2\nnet.ipv4.ip_local_port_range = 32768 60999\nnet.ipv4.tcp_fin_timeout = 60\nnet.core.somaxconn = 4096\n' > "$T/old.conf"

now() { date +%s%N; }
t0=$(now)
i=0; while [ $i -lt $N ]; do
  "$BIN" apply --plan "$PLAN" --yes --state-dir "$T/state" >/dev/null || { echo "apply failed"; exit 1; }
  "$BIN" rollback --state-dir "$T/state" >/dev/null || { echo "rollback failed"; exit 1; }
  i=$((i + 1))
done
t1=$(now)
i=0; while [ $i -lt $N ]; do
  sysctl -q -p "$T/new.conf" >/dev/null && cp "$T/new.conf" /etc/sysctl.d/90-x.conf
  sysctl -q -p "$T/old.conf" >/dev/null && rm /etc/sysctl.d/90-x.conf
  i=$((i + 1))
done
t2=$(now)
ours=$(( (t1 - t0) / N / 1000 ))
peer=$(( (t2 - t1) / N / 1000 ))
echo "apply+rollback of 4 keys, $N rounds, tmpfs state folder (fsync is cheap on tmpfs):"
echo "  sysctl-advisor apply --plan + rollback: ${ours} us per round"
echo "  procps sysctl -p new + sysctl -p old (+cp/rm): ${peer} us per round"
echo "  ratio ours/peer: $(awk "BEGIN{printf \"%.1f\", $ours/$peer}")"
echo "  journal entries written: $(ls "$T/state" | grep -c json)"
umount "$T" && rmdir "$T"
