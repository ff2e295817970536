#!/bin/sh
# On the real kernel, in a throwaway network namespace: the port-pressure findings name the process
# holding connections towards the congested destination, found by socket inode as `ss -p` does.
# - 600 TIME_WAIT sockets from 10.0.1.1 towards 10.0.0.7:9000 (60% of a 1,000-port range), and a
#   process renamed upstream-pool holding 40 ESTABLISHED connections there: the reuse finding says
#   the connections there are held now by upstream-pool (pid P). TIME_WAIT sockets have no inode
#   (inet_diag reports 0 for a timewait socket), so that is all it claims.
# - A process renamed db-pool holding 850 ESTABLISHED connections from 10.0.1.2 towards
#   10.0.0.8:5432 (85%): the pool finding says "db-pool (pid Q) holds 850 ESTABLISHED towards it".
# A snapshot keeps both names; under --root, or from a snapshot that recorded no owners, the owner
# is "an unidentified process", never a guess.
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
net_up 10.0.0.7 10.0.0.8 10.0.1.1 10.0.1.2
echo "40000 40999" > /proc/sys/net/ipv4/ip_local_port_range   # 1,000 usable ports: this namespace only
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
/usr/bin/python3 "$HERE/port_load.py" connect 10.0.1.1 10.0.0.7 9000 600
mkfifo $T/hold
/usr/bin/python3 "$HERE/port_load.py" pool 10.0.1.1 10.0.0.7 9000 40 upstream-pool < $T/hold > $T/ready1 &
/usr/bin/python3 "$HERE/port_load.py" pool 10.0.1.2 10.0.0.8 5432 850 db-pool < $T/hold > $T/ready2 &
exec 3> $T/hold
while ! grep -q ready $T/ready1 || ! grep -q ready $T/ready2; do sleep 0.1; done
UP=$(awk '{print $2}' $T/ready1) DB=$(awk '{print $2}' $T/ready2)

flat='" ".join(f["reason"].split())'
"$BIN" plan --profile load-balancer --format json > $T/plan.json || true
check $T/plan.json 'any(f["rule"] == "upstream-connection-reuse" and "towards 10.0.0.7:9000" in f["message"] and "held now by upstream-pool (pid '$UP')" in f["message"] and "now: 40 ESTABLISHED, held by upstream-pool (pid '$UP')" in '"$flat"' for f in p["findings"])' \
  "the TIME_WAIT finding says connections to 10.0.0.7:9000 are held now by upstream-pool (pid $UP), 40 ESTABLISHED"
check $T/plan.json 'any(f["rule"] == "destination-ports-held-by-pool" and "towards 10.0.0.8:5432" in f["message"] and "db-pool (pid '$DB') holds 850 ESTABLISHED towards it" in f["message"] for f in p["findings"])' \
  "the pool finding names db-pool (pid $DB) and its 850 ESTABLISHED towards 10.0.0.8:5432"

# A snapshot keeps what it recorded: the same names when planned elsewhere.
"$BIN" snapshot -o $T/snap.json
check $T/snap.json 'any(d["remote"] == "10.0.0.8:5432" and d["owner"] == {"pid": '$DB', "comm": "db-pool"} and d["owner_established"] == 850 for d in p["sockets"]["destinations"])' \
  "the snapshot records db-pool as the owner of the connections to 10.0.0.8:5432"
"$BIN" plan --snapshot $T/snap.json --profile load-balancer --format json > $T/from-snap.json || true
check $T/from-snap.json 'any(f["rule"] == "upstream-connection-reuse" and "held now by upstream-pool (pid '$UP')" in f["message"] for f in p["findings"]) and any(f["rule"] == "destination-ports-held-by-pool" and "db-pool (pid '$DB') holds 850" in f["message"] for f in p["findings"])' \
  "plan --snapshot names the same processes"
# A snapshot that recorded no owners (as those written before): unknown, not a guess.
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for g in d["sockets"]["peers"] + d["sockets"]["destinations"]:
    g.pop("owner"); g.pop("owner_established")
json.dump(d, open(sys.argv[2], "w"))' $T/snap.json $T/old-snap.json
"$BIN" plan --snapshot $T/old-snap.json --profile load-balancer --format json > $T/from-old.json || true
check $T/from-old.json 'any(f["rule"] == "upstream-connection-reuse" and "held now by an unidentified process" in f["message"] for f in p["findings"]) and any(f["rule"] == "destination-ports-held-by-pool" and "an unidentified process holds 850 ESTABLISHED" in f["message"] for f in p["findings"])' \
  "from a snapshot without owners: an unidentified process"

# The same sockets read from a copy of /proc (as --root does): no process is named.
mkdir -p $T/root/proc/net $T/root/proc/sys/net/ipv4
cat /proc/net/tcp > $T/root/proc/net/tcp
cat /proc/sys/net/ipv4/ip_local_port_range > $T/root/proc/sys/net/ipv4/ip_local_port_range
"$BIN" plan --root $T/root --profile load-balancer --format json > $T/rooted.json || true
check $T/rooted.json 'any(f["rule"] == "upstream-connection-reuse" and "held now by an unidentified process" in f["message"] and "now: 40 ESTABLISHED, held by an unidentified process" in '"$flat"' for f in p["findings"])' \
  "under --root the owner of the connections to 10.0.0.7:9000 is not guessed"
check $T/rooted.json 'any(f["rule"] == "destination-ports-held-by-pool" and "an unidentified process holds 850 ESTABLISHED" in f["message"] for f in p["findings"])' \
  "nor that of the pool towards 10.0.0.8:5432"
exec 3>&-
wait
echo PASS
