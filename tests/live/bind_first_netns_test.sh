#!/bin/sh
# On the real kernel, in a throwaway network namespace: a client that bind()s to (10.0.1.1, 0)
# before connect() (no IP_BIND_ADDRESS_NO_PORT) towards 10 upstream ports. bind() takes its port
# from the source address's whole range whatever the destination (inet_csk_get_port()), so the
# 1,201st bind() on a 1,200-port range fails with EADDRINUSE while each upstream holds 10%. The plan
# names the source address and its ports, proposes no tcp_tw_reuse (bind() never consults it), and
# does not claim that this host closes accepted connections first.
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
net_up 10.0.0.7 10.0.1.1
echo "40000 41199" > /proc/sys/net/ipv4/ip_local_port_range   # 1,200 usable ports: this namespace only
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
/usr/bin/python3 "$HERE/port_load.py" connect 10.0.1.1 10.0.0.7 9000-9009 2000 --bind-first > $T/load.txt
cat $T/load.txt
# "held", not "made": the claim is that bind() fails exactly when all 1,200 ports are held. A run
# once made 1,201 under a loaded suite (a client socket left without TIME_WAIT and its port was
# taken again); the ports held at the refusal are the kernel fact, whatever happened before.
grep -qx "failed EADDRINUSE at bind" $T/load.txt && grep -qx "held 1200" $T/load.txt \
  || { echo "FAIL: expected the kernel to refuse bind() with EADDRINUSE while 1,200 ports are held"; exit 1; }
echo "ok: the kernel refused bind() with EADDRINUSE with all 1,200 ports held"

for profile in load-balancer internet-edge; do
  "$BIN" plan --profile $profile --format json > $T/$profile.json || true
  check $T/$profile.json 'any(f["rule"] == "source-address-ports-exhausted" and "10.0.1.1 holds 1,200 of its 1,200 usable local ports (100.0%) across 10 destination" in f["message"] for f in p["findings"])' \
    "$profile: the finding names 10.0.1.1 and its 1,200 of 1,200 ports across 10 destinations"
  check $T/$profile.json 'not any(c["key"] == "net.ipv4.tcp_tw_reuse" for c in p["changes"])' \
    "$profile: no tcp_tw_reuse proposal (each destination holds 10%)"
  check $T/$profile.json 'not any(f["rule"] in ("so-reuseaddr-for-restarts", "time-wait-on-server-is-normal") for f in p["findings"])' \
    "$profile: no claim that the TIME_WAIT sockets come from closing accepted connections"
done
echo PASS
