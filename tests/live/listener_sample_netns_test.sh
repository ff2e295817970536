#!/bin/sh
# On the real kernel, in a throwaway network namespace: a listener with listen(4) that never
# accept()s is empty when `plan --sample 3` starts and is flooded by 40 connects a second later.
# The census at the start of the sample saw an empty queue; the plan must still name that listener
# as full, with the longest queue seen during the sample (5: backlog + 1, sk_acceptq_is_full()) and
# its start value, because the listeners are polled over netlink while the sample runs.
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
net_up
mkfifo $T/hold
/usr/bin/python3 "$HERE/port_load.py" listen-flood 127.0.0.1 8080 4 40 --later < $T/hold > $T/ready &
exec 3> $T/hold
while ! grep -q ready $T/ready; do sleep 0.1; done
PID=$(awk '/ready/ {print $2}' $T/ready)
"$BIN" plan --profile generic --sample 3 --format json > $T/plan.json &
PLAN=$!
sleep 1
echo go >&3   # the flood, while the sample runs
wait $PLAN || true
grep -q flooded $T/ready || { echo "FAIL: the flood did not finish during the sample"; exit 1; }
check $T/plan.json 'any(f["rule"] == "listener-full-own-backlog" and "127.0.0.1:8080 (python3 (pid '$PID'))" in f["message"] and "5 connections wait for accept() (the most seen during the" in f["message"] and "0 at its start) against its backlog 4" in f["message"] for f in p["findings"])' \
  "the listener filled during the sample is named, with the longest queue seen (5) and its start (0)"
"$BIN" snapshot --sample 2 --format json > $T/snap.json
check $T/snap.json 'any(l["local"] == "127.0.0.1:8080" and l["queue"] == 5 and l["peak_queue"] == 5 for l in p["sockets"]["listeners"])' \
  "a sampled snapshot records the peak queue of each listener"
exec 3>&-
wait
echo PASS
