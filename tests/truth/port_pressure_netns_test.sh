#!/bin/sh
# Port pressure per destination counts every state (__inet_check_established() refuses a 4-tuple a
# socket in any state holds). In a throwaway namespace with 1,000 local ports: 600 ESTABLISHED and
# 250 TIME_WAIT connections towards one database port are 85% of its budget: the plan must say so
# and call it a pool too large, quoting the numbers. With the same total made of TIME_WAIT (churn)
# the pool finding stays away and the TIME_WAIT advice speaks.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
LIB=${TEST_SRCDIR:?}/sysctl_advisor/tests/truth/lib.sh
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }

unshare -n sh -s "$BIN" "$LIB" <<'INNER'
set -eu
BIN=$1; . "$2"
ulimit -n 8192
ip link set lo up
ip addr add 10.1.0.1/32 dev lo
echo "40000 40999" > /proc/sys/net/ipv4/ip_local_port_range   # 1,000 ports, this namespace only
sockets() {  # sockets ESTABLISHED TIME_WAIT: holds them open while plan runs, in the background
  /usr/bin/python3 - "$1" "$2" "$T/ready" <<'PY' &
import socket, sys, time
est, tw, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("10.1.0.1", 5432)); srv.listen(4096)
keep = []
for _ in range(tw):                      # the client closes first: TIME_WAIT on its port
    c = socket.create_connection(("10.1.0.1", 5432)); a, _ = srv.accept(); c.close(); a.close()
for _ in range(est):
    c = socket.create_connection(("10.1.0.1", 5432)); a, _ = srv.accept(); keep += [c, a]
open(ready, "w").close()
time.sleep(120)
PY
  PY_PID=$!
  while [ ! -e "$T/ready" ]; do sleep 0.1; done; rm -f "$T/ready"
}
sockets 600 250
plan $T/pool.json --profile web-behind-lb
kill $PY_PID
check $T/pool.json 'finding("destination-ports-held-by-pool") is not None' "85% of the ports towards one destination: a finding"
check $T/pool.json '"850 sockets towards 10.1.0.1:5432 hold 85.0% of the 1,000 local ports, 600 of them ESTABLISHED" in finding("destination-ports-held-by-pool")["message"]' \
  "the message quotes 850 sockets, 85.0% of 1000 ports, 600 ESTABLISHED"
check $T/pool.json '"python3 (pid '$PY_PID') holds 600 ESTABLISHED towards it" in finding("destination-ports-held-by-pool")["message"]' \
  "and names the process holding the pool, found by socket inode"
check $T/pool.json '"600 ESTABLISHED, 250 TIME_WAIT and 0 in other states" in " ".join(finding("destination-ports-held-by-pool")["reason"].split())' \
  "the reason splits the states"
check $T/pool.json '"pool" in finding("destination-ports-held-by-pool")["reason"] and change("net.ipv4.tcp_tw_reuse") is None' \
  "a pool too large, and tcp_tw_reuse (TIME_WAIT only) is not proposed"
INNER
rc=$?
[ $rc -eq 0 ] || exit $rc
# Churn: about as many ports, mostly TIME_WAIT (a fresh namespace: no leftovers from above).
exec unshare -n sh -s "$BIN" "$LIB" <<'INNER'
set -eu
BIN=$1; . "$2"
ulimit -n 8192
ip link set lo up
ip addr add 10.1.0.1/32 dev lo
echo "40000 40999" > /proc/sys/net/ipv4/ip_local_port_range
/usr/bin/python3 - <<'PY'
import socket
srv = socket.socket(); srv.bind(("10.1.0.1", 5432)); srv.listen(4096)
keep = []
for _ in range(700):
    c = socket.create_connection(("10.1.0.1", 5432)); a, _ = srv.accept(); c.close(); a.close()
PY
plan $T/churn.json --profile web-behind-lb
check $T/churn.json 'finding("destination-ports-held-by-pool") is None' "700 TIME_WAIT: churn, not a pool"
check $T/churn.json 'finding("upstream-connection-reuse") is not None and "700 TIME_WAIT sockets from 10.1.0.1 towards 10.1.0.1:5432" in finding("upstream-connection-reuse")["message"]' \
  "churn gets the connection-reuse advice"
echo PASS
INNER
