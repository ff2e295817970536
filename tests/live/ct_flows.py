"""Creates N conntrack entries in the calling network namespace: one UDP datagram from one socket to
each of N destination ports on 127.0.0.1 (BASE .. BASE+N-1). Each distinct 5-tuple is a flow, so
conntrack (enabled by an nft rule using `ct`) holds exactly N new entries (UNREPLIED: nothing
listens). Prints "ready" when sent, then holds the namespace for HOLD seconds if given.

    ct_flows.py N BASE [HOLD]
"""
import socket
import sys
import time

n, base = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in range(base, base + n):
    s.sendto(b"x", ("127.0.0.1", port))
print("ready", flush=True)
if len(sys.argv) > 3:
    time.sleep(float(sys.argv[3]))
