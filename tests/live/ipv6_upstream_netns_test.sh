#!/bin/sh
# On the real kernel, in a throwaway network namespace: IPv6 upstreams have their own budgets.
# Two IPv6 source addresses connect to [2001:db8::7]:9000 (one at 70% of a 1,000-port range, one
# at 20%), and an IPv4 source to 10.0.0.7:9000 at 30%. The plan proposes tcp_tw_reuse for the
# congested IPv6 source, and the snapshot keeps the families apart.
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
net_up 10.0.0.7 10.0.1.1 2001:db8::7 2001:db8:1::1 2001:db8:1::2
echo "40000 40999" > /proc/sys/net/ipv4/ip_local_port_range   # 1,000 usable ports: this namespace only
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
/usr/bin/python3 "$HERE/port_load.py" connect 2001:db8:1::1 2001:db8::7 9000 700
/usr/bin/python3 "$HERE/port_load.py" connect 2001:db8:1::2 2001:db8::7 9001 200 >/dev/null
/usr/bin/python3 "$HERE/port_load.py" connect 2001:db8:1::2 2001:db8::7 9000 200
/usr/bin/python3 "$HERE/port_load.py" connect 10.0.1.1 10.0.0.7 9000 300
"$BIN" snapshot --format json > $T/snap.json
check $T/snap.json '[(d["remote"], d["family"], d["sources"], d["busiest_source"], d["busiest_total"]) for d in p["sockets"]["destinations"]][:3] == [("[2001:db8::7]:9000", "ipv6", 2, "2001:db8:1::1", 700), ("10.0.0.7:9000", "ipv4", 1, "10.0.1.1", 300), ("[2001:db8::7]:9001", "ipv6", 1, "2001:db8:1::2", 200)]' \
  "destinations per family, each with its busiest source"
check $T/snap.json '{s["local"]: (s["family"], s["sockets"], s["destinations"]) for s in p["sockets"]["sources"]} == {"2001:db8:1::1": ("ipv6", 700, 1), "2001:db8:1::2": ("ipv6", 400, 2), "10.0.1.1": ("ipv4", 300, 1)}' \
  "per source address totals: 2001:db8:1::2 holds 400 sockets across 2 destinations"
# connect() may give one port to two destinations (its tuple stays unique): distinct ports <= sockets.
check $T/snap.json 'all(s["ports"] <= s["sockets"] for s in p["sockets"]["sources"])' "distinct ports never exceed sockets"
"$BIN" plan --profile load-balancer --format json > $T/plan.json || true
check $T/plan.json 'any(c["key"] == "net.ipv4.tcp_tw_reuse" and "700 TIME_WAIT sockets from 2001:db8:1::1 towards [2001:db8::7]:9000" in c["reason"] and "(70.0%)" in c["reason"] for c in p["changes"])' \
  "tcp_tw_reuse=1 proposed for the congested IPv6 source"
echo PASS
