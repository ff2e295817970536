#!/bin/sh
# On the real kernel, in a throwaway network namespace: a load balancer that connects to one
# upstream from 4 source addresses with IP_BIND_ADDRESS_NO_PORT. The kernel budgets local ports per
# (source address, destination) (__inet_hash_connect()): 4 x 400 TIME_WAIT sockets on a 1,000-port
# range is 40% per source, 160% of "one range". No tcp_tw_reuse proposal, and no share above 100%
# anywhere. Then one source makes 300 more (70%): the proposal names that source.
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
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
# Not every one of the 1,600 need still be in TIME_WAIT when the snapshot runs (the sanitizer build
# once saw 1,590: a client socket can leave without TIME_WAIT, see port_load.py ports_held(), and
# TIME_WAIT ends after 60 s on a slow run). The kernel's own count right after it bounds what the
# snapshot may have seen; the grouping must hold whatever the count.
left=$(ss -Htan state time-wait | wc -l)
check $T/even-snap.json '[(d["remote"], d["sources"]) for d in p["sockets"]["destinations"]] == [("10.0.0.7:9000", 4)]' \
  "the snapshot has one destination from 4 sources"
check $T/even-snap.json "[d for d in p['sockets']['destinations'] if $left <= d['total'] <= 1600 and d['total'] <= 4 * d['busiest_total'] and d['busiest_total'] <= 400 and (d['total'] < 1600 or d['busiest_total'] == 400)]" \
  "of its 1,600 sockets ($left still in TIME_WAIT after it), the busiest source holds a quarter: 400 when none expired"
check $T/even-snap.json 'sorted((s["local"], s["ports"]) for s in p["sockets"]["sources"]) == [("10.0.1.%d" % i, 400) for i in range(1, 5)]' \
  "per source address: 400 ports each"
check $T/even-snap.json 'max(g["port_share"] for g in p["sockets"]["peers"]) <= 1.0' "every peer share is at most 1"

/usr/bin/python3 "$HERE/port_load.py" connect 10.0.1.1 10.0.0.7 9000 300
# The number quoted is the kernel's: TIME_WAIT sockets from 10.0.1.1 counted by ss right before the
# plan (none expires within 60 s). port_load.py waits until every client socket reached TIME_WAIT,
# so this is 700 in practice. CI once saw the plan say 683 while the test wanted exactly 700: 17
# clients had not reached TIME_WAIT (most likely connections not yet accepted at the fixture's last
# drain, so never closed by the server: their clients wait in FIN_WAIT2).
from1=$(ss -Htan state time-wait src 10.0.1.1 | wc -l)
"$BIN" plan --profile load-balancer --format json > $T/congested.json || true
check $T/congested.json "$from1 >= 600 and any(c['key'] == 'net.ipv4.tcp_tw_reuse' and c['proposed'] == '1' and '{:,} TIME_WAIT sockets from 10.0.1.1 towards 10.0.0.7:9000'.format($from1) in c['reason'] and '({:.1f}%)'.format($from1 / 10) in c['reason'] and '4 source address' in c['reason'] for c in p['changes'])" \
  "one source at $from1 of 1,000 ports (700 when every connection reached TIME_WAIT): tcp_tw_reuse=1 proposed, naming 10.0.1.1 and that share"
echo PASS
