#!/bin/sh
# ListenOverflows counts SYNs dropped at a full accept queue (tcp_conn_request(), before any
# handshake, and again for each retransmitted SYN) and handshakes completed at a full queue
# (tcp_v4_syn_recv_sock()). somaxconn only matters when it caps a listener's backlog
# (__sys_listen() takes the minimum). In a throwaway namespace with somaxconn 128:
# 1. a listener that asked for 4 and accepts nothing overflows: no somaxconn proposal; the plan
#    names the listener and its backlog 4, and describes what the counter counted;
# 2. a listener that asked for 1000 (cut to 128) overflows: somaxconn=4096 is proposed, saying so.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
LIB=${TEST_SRCDIR:?}/sysctl_advisor/tests/truth/lib.sh
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }
. "$LIB"

run() {  # run BACKLOG CLIENTS OUT
unshare -n sh -s "$BIN" "$LIB" "$@" <<'INNER'
set -eu
BIN=$1; . "$2"; BACKLOG=$3; CLIENTS=$4; OUT=$5
ulimit -n 4096
ip link set lo up
echo 128 > /proc/sys/net/core/somaxconn
rm -f $T/ready
/usr/bin/python3 - "$BACKLOG" "$CLIENTS" "$T/ready" <<'PY' &
import socket, sys, time
backlog, clients, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
srv = socket.socket(); srv.bind(("127.0.0.1", 8081)); srv.listen(backlog)   # never accept()s
keep = []
for _ in range(clients):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", 8081))
    except BlockingIOError: pass
    keep.append(c)
time.sleep(0.5)
open(ready, "w").close()
time.sleep(120)
PY
PY_PID=$!
while [ ! -e $T/ready ]; do sleep 0.1; done
echo "kernel: ListenOverflows $(netstat_counter ListenOverflows); $(ss -Hltn 'sport = :8081')"
plan $OUT --profile web-behind-lb
kill $PY_PID
INNER
}

run 4 20 $T/small.json
check $T/small.json 'change("net.core.somaxconn") is None' "backlog 4 under somaxconn 128: no somaxconn proposal"
check $T/small.json '"is full: 5 connections wait for accept() against its backlog 4, the application\x27s own listen() argument (somaxconn is 128)" in finding("listener-full-own-backlog")["message"]' \
  "the listener is named with its accept queue 5 and backlog 4"
check $T/small.json '"before any handshake" in finding("listen-overflows-since-boot")["reason"] and "connections dropped" not in text(finding("listen-overflows-since-boot"))' \
  "ListenOverflows is described as what it counts"

run 1000 200 $T/capped.json
check $T/capped.json 'change("net.core.somaxconn") is not None and change("net.core.somaxconn")["proposed"] == "4096"' \
  "backlog 1000 cut to 128: somaxconn=4096 proposed"
check $T/capped.json '"1 listener(s) have a backlog of at least that" in " ".join(change("net.core.somaxconn")["reason"].split())' \
  "its reason counts the 1 capped listener"
check $T/capped.json '"ListenOverflows does not say which listener overflowed" in " ".join(change("net.core.somaxconn")["reason"].split())' \
  "and says the counter does not name the listener that overflowed"
check $T/capped.json 'finding("listener-full-own-backlog") is None' "a capped listener is not blamed on the application"
echo PASS
