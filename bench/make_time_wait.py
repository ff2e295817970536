#!/usr/bin/python3
"""Leaves COUNT client sockets in TIME_WAIT on loopback, spread over many destinations.

Run inside a throwaway network namespace (bench/census.sh sets it up). Destinations are
127.0.0.1..127.0.0.ADDRS, ports 9000..9000+PORTS-1, one listener each; the client closes first,
so the client side holds TIME_WAIT. Prints how many it made and how long it took.
"""
import socket
import sys
import time


def main(count, addrs, ports):
    listeners = []
    for a in range(1, addrs + 1):
        for p in range(ports):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.%d" % a, 9000 + p))
            s.listen(4096)
            listeners.append((("127.0.0.%d" % a, 9000 + p), s))
    start = time.monotonic()
    made = 0
    n = len(listeners)
    while made < count:
        dest, lst = listeners[made % n]
        c = socket.socket()
        c.connect(dest)
        srv, _ = lst.accept()
        c.close()    # the client's FIN first ...
        srv.close()  # ... the server's FIN puts the client in TIME_WAIT
        made += 1
    print("made %d TIME_WAIT sockets towards %d destinations in %.1f s" % (made, n, time.monotonic() - start),
          flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
