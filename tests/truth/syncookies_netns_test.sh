#!/bin/sh
# SYN cookies sent against cookies returned (SyncookiesRecv counts valid ones, cookie_v4_check()).
# In a throwaway namespace, spoofed SYNs arrive through a veth pair from addresses routed nowhere
# that answers: cookies go out and none come back. The plan must call it a flood, name the
# listener holding the SYN_RECV sockets and quote the counters, not say cookies kept connections
# alive. Then real clients that answer their cookies: the plan says they came back.
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
LIB=${TEST_SRCDIR:?}/sysctl_advisor/tests/truth/lib.sh
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }

unshare -n sh -s "$BIN" "$LIB" <<'INNER'
set -eu
BIN=$1; . "$2"
ip link set lo up
# v1 -> v0 carries the spoofed SYNs in; the SYN-ACKs to 10.9.0.0/16 leave by v0 and nobody answers.
ip link add v0 type veth peer name v1
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up; ip link set v1 up
# The SYN-ACKs go to a gateway whose address resolves for good to v1, which drops them: no ARP
# failure, so no ICMP error that would free the listener's SYN queue (tcp_req_err()).
ip neigh add 10.1.0.2 lladdr "$(ip -j link show v1 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')" dev v0 nud permanent
ip route add 10.9.0.0/16 via 10.1.0.2 dev v0
/usr/bin/python3 - "$T" <<'PY' &
import json, random, socket, struct, subprocess, sys, time
t = sys.argv[1]
srv = socket.socket(); srv.bind(("10.1.0.1", 8080)); srv.listen(16)
mac = lambda dev: bytes.fromhex(json.loads(subprocess.run(["ip", "-j", "link", "show", dev], capture_output=True, text=True).stdout)[0]["address"].replace(":", ""))
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
out = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); out.bind(("v1", 0))
ether = mac("v0") + mac("v1") + b"\x08\x00"
dst = socket.inet_aton("10.1.0.1")
for i in range(300):
    src = socket.inet_aton("10.9.%d.%d" % (i // 250, i % 250 + 1))
    tcp = struct.pack("!HHIIBBHHH", 1024 + i, 8080, random.getrandbits(32), 0, 5 << 4, 0x02, 65535, 0, 0)
    tcp = tcp[:16] + struct.pack("!H", csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), i, 0, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    out.send(ether + ip + tcp)
time.sleep(0.5)
open(t + "/ready", "w").close()
time.sleep(120)
PY
PY_PID=$!
while [ ! -e $T/ready ]; do sleep 0.1; done
SENT=$(netstat_counter SyncookiesSent); RECV=$(netstat_counter SyncookiesRecv)
SYNRECV=$(ss -Htan state syn-recv | wc -l)
echo "kernel: SyncookiesSent $SENT, SyncookiesRecv $RECV, SYN_RECV sockets $SYNRECV"
[ "$SENT" -ge 100 ] && [ "$RECV" -eq 0 ] || { echo "FAIL: expected cookies sent and none returned"; exit 1; }
plan $T/flood.json --profile internet-edge
kill $PY_PID
check $T/flood.json 'finding("syncookies-never-returned") is not None' "cookies sent, none returned: a flood finding"
check $T/flood.json 'format('"$SENT"', ",") + " SYN cookies sent, 0 came back" in finding("syncookies-never-returned")["message"] and "10.1.0.1:8080" in finding("syncookies-never-returned")["message"]' \
  "the message quotes $SENT sent, 0 returned and names 10.1.0.1:8080"
check $T/flood.json '"10.1.0.1:8080, with '"$SYNRECV"'" in " ".join(finding("syncookies-never-returned")["reason"].split())' \
  "the reason names the listener with its $SYNRECV SYN_RECV sockets"
check $T/flood.json 'finding("syncookies-sent-since-boot") is None and not any("kept those connections alive" in text(x) for x in p["changes"] + p["findings"])' \
  "no sentence says cookies kept connections alive"
echo PASS-flood
INNER

exec unshare -n sh -s "$BIN" "$LIB" <<'INNER'
set -eu
BIN=$1; . "$2"
ip link set lo up
echo 2 > /proc/sys/net/ipv4/tcp_syncookies   # a cookie for every SYN: real clients answer them
/usr/bin/python3 - <<'PY'
import socket
srv = socket.socket(); srv.bind(("127.0.0.1", 8080)); srv.listen(4096)
for _ in range(150):
    c = socket.create_connection(("127.0.0.1", 8080)); a, _ = srv.accept(); a.close(); c.close()
PY
echo 1 > /proc/sys/net/ipv4/tcp_syncookies
SENT=$(netstat_counter SyncookiesSent); RECV=$(netstat_counter SyncookiesRecv)
echo "kernel: SyncookiesSent $SENT, SyncookiesRecv $RECV"
plan $T/legit.json --profile internet-edge
check $T/legit.json 'finding("syncookies-never-returned") is None and finding("syncookies-sent-since-boot") is not None' \
  "cookies that came back: no flood finding"
check $T/legit.json 'format('"$SENT"', ",") + " SYN cookies sent since boot, " + format('"$RECV"', ",") + " came back valid" in finding("syncookies-sent-since-boot")["message"]' \
  "the message quotes $SENT sent and $RECV returned"
echo PASS
INNER
