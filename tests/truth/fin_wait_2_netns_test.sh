#!/bin/sh
# tcp_fin_timeout reaches only orphaned FIN_WAIT_2 sockets: tcp_rcv_state_process() arms the
# timeout only for a SOCK_DEAD socket. In a throwaway namespace: 2,500 FIN_WAIT_2 sockets an
# application keeps after shutdown() (inode set, sockstat orphan 0): the plan must name the
# application, propose no tcp_fin_timeout, and not say they take a TIME_WAIT slot. Then the
# application close()s 2,100 of them: those are orphans, and tcp_fin_timeout=30 is proposed with
# orphaned and held counted apart.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
LIB=${TEST_SRCDIR:?}/sysctl_advisor/tests/truth/lib.sh
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }

exec unshare -n sh -s "$BIN" "$LIB" <<'INNER'
set -eu
BIN=$1; . "$2"
ulimit -n 16384
ip link set lo up
mkfifo $T/go $T/ready $T/ready2
/usr/bin/python3 - "$T" <<'PY' &
import socket, sys, time
t = sys.argv[1]
srv = socket.socket(); srv.bind(("127.0.0.1", 7000)); srv.listen(4096)
held, peers = [], []
for _ in range(2500):   # the client ends its side with shutdown() and keeps the socket
    c = socket.create_connection(("127.0.0.1", 7000)); a, _ = srv.accept()
    c.shutdown(socket.SHUT_WR); held.append(c); peers.append(a)   # the peer never closes
time.sleep(0.5)
open(t + "/ready", "w").close()
open(t + "/go").read()
for c in held[:2100]:   # now the application closes most of them: orphans
    c.close()
time.sleep(0.5)
open(t + "/ready2", "w").close()
time.sleep(120)
PY
PY_PID=$!
cat $T/ready > /dev/null
grep -q "orphan 0 " /proc/net/sockstat && echo "ok: kernel: sockstat counts no orphans for 2,500 held FIN_WAIT_2 sockets"
plan $T/held.json --profile web-behind-lb
check $T/held.json 'change("net.ipv4.tcp_fin_timeout") is None' "held FIN_WAIT_2: no tcp_fin_timeout proposed"
check $T/held.json 'finding("fin-wait-2-held-by-application") is not None' "held FIN_WAIT_2: the application is named"
check $T/held.json '"2,500 of the 2,500 FIN_WAIT_2 sockets still belong to a process" in " ".join(finding("fin-wait-2-held-by-application")["reason"].split())' \
  "its reason counts 2500 held of 2500"
check $T/held.json 'not any("TIME_WAIT slot" in text(x) for x in p["changes"] + p["findings"])' "no sentence says they take a TIME_WAIT slot"
echo > $T/go
cat $T/ready2 > /dev/null
plan $T/orphans.json --profile web-behind-lb
kill $PY_PID
check $T/orphans.json 'change("net.ipv4.tcp_fin_timeout") is not None and change("net.ipv4.tcp_fin_timeout")["proposed"] == "30"' \
  "2100 orphaned FIN_WAIT_2: tcp_fin_timeout=30 proposed"
check $T/orphans.json '"2,100 of the 2,500 FIN_WAIT_2 sockets are orphaned" in " ".join(change("net.ipv4.tcp_fin_timeout")["reason"].split())' \
  "its reason counts 2100 orphaned of 2500"
check $T/orphans.json '"does not reach the 400 FIN_WAIT_2 sockets a process still holds" in " ".join(change("net.ipv4.tcp_fin_timeout")["reason"].split())' \
  "and says the 400 held ones are out of its reach"
echo PASS
INNER
