#!/bin/sh
# On the real kernel, in a throwaway network namespace: a server (python3) that never closes the
# connections its clients closed holds 150 CLOSE_WAIT sockets on 127.0.0.1:8088. The finding names
# the process, its pid and the local port. Under --root the same census has no processes: the
# owner is "an unidentified process", never a guess.
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
net_up
mkfifo $T/hold
/usr/bin/python3 "$HERE/port_load.py" close-wait 127.0.0.1 8088 150 < $T/hold > $T/ready &
exec 3> $T/hold
while ! grep -q ready $T/ready; do sleep 0.1; done
PID=$(awk '{print $2}' $T/ready)
"$BIN" plan --profile generic --format json > $T/plan.json || true
check $T/plan.json 'any(f["rule"] == "close-wait-application-bug" and "python3 (pid '$PID') holds 150 on 127.0.0.1:8088" in f["message"] for f in p["findings"])' \
  "the CLOSE_WAIT finding names python3 (pid $PID) and 127.0.0.1:8088"
# The same sockets read from a copy of /proc (as --root does): no process is named.
mkdir -p $T/root/proc/net $T/root/proc/sys/net/ipv4
cat /proc/net/tcp > $T/root/proc/net/tcp
cat /proc/sys/net/ipv4/ip_local_port_range > $T/root/proc/sys/net/ipv4/ip_local_port_range
"$BIN" plan --root $T/root --profile generic --format json > $T/rooted.json || true
check $T/rooted.json 'any(f["rule"] == "close-wait-application-bug" and "an unidentified process holds 150 on 127.0.0.1:8088" in f["message"] for f in p["findings"])' \
  "under --root the owner is not guessed"
exec 3>&-
wait
echo PASS
