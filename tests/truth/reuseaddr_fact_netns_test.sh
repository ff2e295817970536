#!/bin/sh
# A reason states only what its facts show. so-reuseaddr-for-restarts used to say "this host closes
# its accepted connections first" from the profile alone. In a throwaway namespace, with a profile
# that expects this host to close first (internet-edge):
# 1. 1,200 TIME_WAIT sockets all from this host's own outgoing connections (the client closes
#    first): no finding;
# 2. 1,200 accepted connections this host closed first, TIME_WAIT on the listening port: the
#    finding quotes that count, and the kernel really refuses bind() without SO_REUSEADDR.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
LIB=${TEST_SRCDIR:?}/sysctl_advisor/tests/truth/lib.sh
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }
. "$LIB"

run() {  # run client|server OUT
unshare -n sh -s "$BIN" "$LIB" "$@" <<'INNER'
set -eu
BIN=$1; . "$2"; WHO=$3; OUT=$4
ip link set lo up
rm -f $T/ready
/usr/bin/python3 - "$WHO" "$T/ready" <<'PY' &
import errno, socket, sys, time
server_closes, ready = sys.argv[1] == "server", sys.argv[2]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 8443)); srv.listen(4096)
for _ in range(1200):
    c = socket.create_connection(("127.0.0.1", 8443)); a, _ = srv.accept()
    first, second = (a, c) if server_closes else (c, a)
    first.close(); second.close()
if server_closes:   # what the finding says: a restart without SO_REUSEADDR cannot bind
    srv.close()
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", 8443)); print("FAIL: bind() succeeded"); sys.exit(1)
    except OSError as e:
        assert e.errno == errno.EADDRINUSE, e
        print("ok: kernel: bind() without SO_REUSEADDR after the restart: EADDRINUSE")
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 8443)); srv.listen(16)   # the restarted server, with SO_REUSEADDR
open(ready, "w").close()
time.sleep(120)
PY
PY_PID=$!
while [ ! -e $T/ready ]; do sleep 0.1; done
plan $OUT --profile internet-edge
kill $PY_PID
INNER
}

run client $T/outgoing.json
check $T/outgoing.json 'finding("so-reuseaddr-for-restarts") is None' "TIME_WAIT only from outgoing connections: no SO_REUSEADDR finding"
run server $T/accepted.json
check $T/accepted.json 'finding("so-reuseaddr-for-restarts") is not None' "TIME_WAIT on the listening port: the finding"
check $T/accepted.json '"1,200 of the 1,200 TIME_WAIT sockets are on ports this host listens on" in " ".join(finding("so-reuseaddr-for-restarts")["reason"].split())' \
  "its reason quotes 1200 TIME_WAIT sockets on the listening port"
echo PASS
