#!/bin/sh
# On the real kernel, in a throwaway network namespace: a listener with listen(4) that never
# accept()s, under a flood of 40 connects. Its accept queue fills past its backlog and
# TcpExt.ListenOverflows rises (per namespace). The plan names the listener, its process and its
# backlog, and says the limit is the application's own listen() argument (below somaxconn).
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
net_up
mkfifo $T/hold
/usr/bin/python3 "$HERE/port_load.py" listen-flood 127.0.0.1 8080 4 40 < $T/hold > $T/ready &
exec 3> $T/hold
while ! grep -q ready $T/ready; do sleep 0.1; done
PID=$(awk '{print $2}' $T/ready)
ss -ltn 'sport = :8080'
"$BIN" snapshot --format json > $T/snap.json
check $T/snap.json 'any(l["local"] == "127.0.0.1:8080" and l["backlog"] == 4 and l["queue"] == 5 and l["process"] == {"pid": '$PID', "comm": "python3"} for l in p["sockets"]["listeners"])' \
  "the snapshot has the listener: queue 5 (backlog + 1), backlog 4, python3 (pid $PID)"
"$BIN" plan --profile generic --format json > $T/plan.json || true
check $T/plan.json 'any(f["rule"] == "listener-full-own-backlog" and "127.0.0.1:8080 (python3 (pid '$PID'))" in f["message"] and "against its backlog 4" in f["message"] and "own listen() argument" in f["message"] for f in p["findings"])' \
  "the plan names 127.0.0.1:8080, python3 (pid $PID) and its backlog 4, the application's own"
check $T/plan.json 'not any(f["rule"] == "listener-full-at-somaxconn" for f in p["findings"])' \
  "and does not blame somaxconn"
exec 3>&-
wait
echo PASS
