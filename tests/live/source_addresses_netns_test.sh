#!/bin/sh
# On the real kernel, in a throwaway network namespace: a load balancer that connects to one
# upstream from 4 source addresses with IP_BIND_ADDRESS_NO_PORT. The kernel budgets local ports per
# (source address, destination) (__inet_hash_connect()): 4 x 400 TIME_WAIT sockets on a 1,000-port
# range is 40% per source, 160% of "one range". No tcp_tw_reuse proposal, and no share above 100%
# anywhere. Then one source makes 300 more (70%): the proposal names that source.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
HERE=${TEST_SRCDIR}/sysctl_advisor/tests/live
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }

exec unshare -n sh -s "$BIN" "$HERE" <<'INNER'
set -eu
BIN=$1 HERE=$2
T=${TEST_TMPDIR:-/tmp}
. "$HERE/netns_lib.sh"
net_up 10.0.0.7 10.0.1.1 10.0.1.2 10.0.1.3 10.0.1.4
echo "40000 40999" > /proc/sys/net/ipv4/ip_local_port_range   # 1,000 usable ports: this namespace only
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
/usr/bin/python3 "$HERE/port_load.py" connect 10.0.1.1,10.0.1.2,10.0.1.3,10.0.1.4 10.0.0.7 9000 400
"$BIN" plan --profile load-balancer --format json > $T/even.json || true
check $T/even.json 'not any(c["key"] == "net.ipv4.tcp_tw_reuse" for c in p["changes"])' \
  "4 sources at 40% each: tcp_tw_reuse is not proposed"
check $T/even.json 'not any("160.0%" in x or "212" in x for f in p["changes"] + p["findings"] for x in (f.get("message") or "", f["reason"]))' \
  "no share above 100% is quoted"
"$BIN" snapshot --format json > $T/even-snap.json
check $T/even-snap.json '[(d["remote"], d["sources"], d["busiest_total"], d["total"]) for d in p["sockets"]["destinations"]] == [("10.0.0.7:9000", 4, 400, 1600)]' \
  "the snapshot has one destination, 4 sources, 400 from the busiest of 1,600"
check $T/even-snap.json 'sorted((s["local"], s["ports"]) for s in p["sockets"]["sources"]) == [("10.0.1.%d" % i, 400) for i in range(1, 5)]' \
  "per source address: 400 ports each"
check $T/even-snap.json 'max(g["port_share"] for g in p["sockets"]["peers"]) <= 1.0' "every peer share is at most 1"

/usr/bin/python3 "$HERE/port_load.py" connect 10.0.1.1 10.0.0.7 9000 300
"$BIN" plan --profile load-balancer --format json > $T/congested.json || true
check $T/congested.json 'any(c["key"] == "net.ipv4.tcp_tw_reuse" and c["proposed"] == "1" and "700 TIME_WAIT sockets from 10.0.1.1 towards 10.0.0.7:9000" in c["reason"] and "(70.0%)" in c["reason"] and "4 source address" in c["reason"] for c in p["changes"])' \
  "one source at 70%: tcp_tw_reuse=1 proposed, naming 10.0.1.1 and its 70%"
echo PASS
INNER
