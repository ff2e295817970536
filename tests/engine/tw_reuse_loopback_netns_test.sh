#!/bin/sh
# On the real kernel, in a throwaway network namespace: a host that has used 60% of its local ports
# towards a loopback upstream. With tcp_tw_reuse=2 (the default since 4.18) the kernel already
# reuses those TIME_WAIT ports, so the plan must not propose 1 and says why; with 0 it proposes 1.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }

exec unshare -n sh -s "$BIN" <<'INNER'
set -eu
BIN=$1
T=${TEST_TMPDIR:-/tmp}
ip link set lo up
echo "40000 40999" > /proc/sys/net/ipv4/ip_local_port_range   # 1,000 ports: this namespace only
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
/usr/bin/python3 - <<'PY'
import socket
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 9000)); srv.listen(1024)
for _ in range(600):            # the client closes first: it holds TIME_WAIT
    c = socket.create_connection(("127.0.0.1", 9000)); a, _ = srv.accept()
    c.close(); a.close()
PY
plan() { "$BIN" plan --profile load-balancer --format json; }
check() {  # check JSON_FILE PYTHON_EXPR MESSAGE
  /usr/bin/python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" \
    || { echo "FAIL: $3"; cat "$1"; exit 1; }
  echo "ok: $3"
}
echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse
plan > $T/plan2.json || true
check $T/plan2.json 'not any(c["key"] == "net.ipv4.tcp_tw_reuse" for c in p["changes"])' \
  "tcp_tw_reuse=2 and a loopback upstream: no change proposed"
check $T/plan2.json 'any(f["rule"] == "tw-reuse-loopback-already" and "127.0.0.1:9000" in f["message"] for f in p["findings"])' \
  "the plan says 2 already reuses ports towards 127.0.0.1:9000"
check $T/plan2.json 'any(f["rule"] == "upstream-connection-reuse" and "tcp_tw_reuse, now 2 (2, the default since 4.18, already reuses TIME_WAIT ports towards a loopback upstream" in f["reason"] for f in p["findings"]) and not any("tcp_tw_reuse=1 on this host" in f["reason"] for f in p["findings"])' \
  "the connection-reuse advice does not send a loopback upstream's host to tcp_tw_reuse=1 (2 already reuses)"
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
plan > $T/plan0.json || true
check $T/plan0.json 'any(c["key"] == "net.ipv4.tcp_tw_reuse" and c["proposed"] == "1" and "600 TIME_WAIT sockets from 127.0.0.1 towards 127.0.0.1:9000" in c["reason"] for c in p["changes"])' \
  "tcp_tw_reuse=0: 1 proposed, quoting the 600 sockets"
echo PASS
INNER
