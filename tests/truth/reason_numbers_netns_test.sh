#!/bin/sh
# Each number a reason quotes is the one its sentence talks about (issue 16's sentence review).
# 1. Two source addresses, 60 TIME_WAIT sockets each towards one loopback upstream, a 100-port range:
#    the destination holds 120 sockets, but each source address has its own budget
#    (__inet_hash_connect()), so the pressure is 60 of 100 ports. The rules used to say "120 TIME_WAIT
#    sockets ... hold 60.0% of the 100 usable local ports" (120 > 100); they now quote the busiest
#    source's 60 with its share.
# 2. TcpExt.TWRecycled also counts a connect() from a port bound beforehand (bind() with
#    SO_REUSEADDR) that takes over a TIME_WAIT socket of the same 4-tuple, with tcp_tw_reuse=0
#    (tcp_twsk_unique() without twp). The finding used to credit tcp_tw_reuse for every count.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
LIB=${TEST_SRCDIR:?}/sysctl_advisor/tests/truth/lib.sh
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }
. "$LIB"

unshare -n sh -s "$BIN" "$LIB" "$T/sources" <<'INNER'
set -eu
BIN=$1; . "$2"; OUT=$3
ip link set lo up
echo "40000 40099" > /proc/sys/net/ipv4/ip_local_port_range
[ -e /proc/sys/net/ipv4/tcp_tw_reuse_delay ] && echo 60000 > /proc/sys/net/ipv4/tcp_tw_reuse_delay
/usr/bin/python3 - <<'PY'
import socket
IP_BIND_ADDRESS_NO_PORT = 24
srv = socket.socket(); srv.bind(("127.0.0.5", 9000)); srv.listen(1024)
for source in ("127.0.0.1", "127.0.0.2"):
    for _ in range(60):   # this host closes first: the TIME_WAIT sockets are its own
        c = socket.socket(); c.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        c.bind((source, 0)); c.connect(("127.0.0.5", 9000)); a, _ = srv.accept(); c.close(); a.close()
PY
plan $OUT.lb.json --profile load-balancer
plan $OUT.generic.json --profile generic
INNER
J=$T/sources.lb.json
check $J 'finding("port-range-widen") is not None and "60 of them in TIME_WAIT from one source address towards 127.0.0.5:9000" in finding("port-range-widen")["message"]' \
  "port-range-widen quotes the busiest source's 60, not the destination's 120"
check $J '"the busiest source address holds 60 of them in TIME_WAIT towards 127.0.0.5:9000 (60.0%)" in " ".join(finding("port-range-widen")["reason"].split())' \
  "port-range-widen: 60 of the 100 ports per source address and destination"
check $J 'finding("tw-reuse-loopback-already") is not None and "the busiest source address holds 60 of them, 60.0% of its 100 usable local ports" in " ".join(finding("tw-reuse-loopback-already")["reason"].split())' \
  "tw-reuse-loopback-already: 60 of them, 60.0% of 100"
if [ -e /proc/sys/net/ipv4/tcp_tw_reuse_delay ]; then
  check $J '"the busiest source address holds 60 of them, 60.0% of its 100 usable local ports" in " ".join(change("net.ipv4.tcp_tw_reuse_delay")["reason"].split())' \
    "tw-reuse-delay-too-long: 60 of them, 60.0% of 100"
fi
check $J 'not any("120 TIME_WAIT sockets towards 127.0.0.5:9000 hold" in " ".join(text(x).split()) for x in p["changes"] + p["findings"])' \
  "no sentence says 120 sockets hold a share of a 100-port budget"
J=$T/sources.generic.json
check $J 'finding("profile-mismatch-connects-out") is not None and "120 TIME_WAIT sockets point at one destination, 127.0.0.5:9000; the busiest source address holds 60 of them, 60.0% of its 100 usable local ports" in " ".join(finding("profile-mismatch-connects-out")["reason"].split())' \
  "profile-mismatch-connects-out: 120 towards it, 60 of them from the busiest source"

unshare -n sh -s "$BIN" "$LIB" "$T/recycled.json" <<'INNER'
set -eu
BIN=$1; . "$2"; OUT=$3
ip link set lo up
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
/usr/bin/python3 - <<'PY'
import socket
def twrecycled():
    rows = [l.split() for l in open("/proc/net/netstat") if l.startswith("TcpExt:")]
    return int(rows[1][rows[0].index("TWRecycled")])
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 9000)); srv.listen(16)
for _ in range(5):   # the same bound port each time: the previous connection's TIME_WAIT is taken over
    c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind(("127.0.0.1", 40000))
    c.connect(("127.0.0.1", 9000)); a, _ = srv.accept(); c.close(); a.close()
n = twrecycled()
assert n >= 4, "TWRecycled is %d" % n
print("ok: kernel: tcp_tw_reuse=0, a bound port reconnected 5 times: TWRecycled %d" % n)
PY
plan $OUT --profile generic
INNER
J=$T/recycled.json
check $J 'finding("twrecycled-counter-is-tw-reuse") is not None' "TWRecycled > 0 without tcp_tw_recycle: the finding"
check $J '"under tcp_tw_reuse" not in finding("twrecycled-counter-is-tw-reuse")["message"] and "tcp_tw_reuse is working" not in finding("twrecycled-counter-is-tw-reuse")["reason"]' \
  "with tcp_tw_reuse=0 it does not credit tcp_tw_reuse"
check $J '"(now 0)" in " ".join(finding("twrecycled-counter-is-tw-reuse")["reason"].split()) and "bind() with SO_REUSEADDR" in " ".join(finding("twrecycled-counter-is-tw-reuse")["reason"].split())' \
  "it names the bound-port case and the live tcp_tw_reuse"
echo PASS
