#!/usr/bin/env python3
"""Captures raw NETLINK_SOCK_DIAG dump replies (what census_from_netlink receives) as seeds for the
netlink fuzz target. Run it inside a throwaway namespace: `unshare -n python3 capture_netlink.py OUTDIR`.
It opens a loopback listener, a few connections and TIME_WAIT sockets, then dumps AF_INET and
AF_INET6 TCP sockets of every state, writing each recv() buffer to OUTDIR/<family>-<n>.bin."""
import os, socket, struct, subprocess, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 8080)); srv.listen(16)
keep = []
for i in range(6):
    c = socket.create_connection(("127.0.0.1", 8080)); a, _ = srv.accept()
    if i < 3: c.close(); a.close()        # client closes first: TIME_WAIT on the client side
    else: keep += [c, a]
srv6 = socket.socket(socket.AF_INET6); srv6.bind(("::1", 8443)); srv6.listen(4)

NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY = 4, 20
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300
for fam, name in ((socket.AF_INET, "inet"), (socket.AF_INET6, "inet6")):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    # struct inet_diag_req_v2: family, protocol, ext, pad, states, then inet_diag_sockid (48 bytes)
    req = struct.pack("=BBBBI", fam, socket.IPPROTO_TCP, 0, 0, (1 << 13) - 1) + b"\0" * 48
    hdr = struct.pack("=IHHII", 16 + len(req), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
    s.send(hdr + req)
    n = 0
    while True:
        data = s.recv(65536)
        n += 1
        open(os.path.join(out, "%s-%d.bin" % (name, n)), "wb").write(data)
        if struct.unpack_from("=H", data, 4)[0] == 3:  # NLMSG_DONE
            break
print("captured into", out)
