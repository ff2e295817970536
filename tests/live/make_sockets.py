#!/usr/bin/python3
"""Puts a known number of TCP sockets in known states on loopback, then waits.

Run it inside a throwaway network namespace (unshare -n, lo up). Each SPEC is
STATE:COUNT:ADDR:PORT, for example
    time-wait:5:127.0.0.1:9001      5 client sockets in TIME_WAIT towards 127.0.0.1:9001
    close-wait:3:127.0.0.1:9002     3 server sockets in CLOSE_WAIT (their clients in FIN_WAIT2)
    established:4:127.0.0.1:9003    4 connections held open (4 client + 4 server sockets)
    time-wait:2:::1:9005            IPv6
    time-wait:2:::ffff:127.0.0.1:9006   an AF_INET6 client towards an IPv4-mapped address
A listener is opened on every ADDR:PORT named. When all states are reached it prints "ready"
and holds every socket until stdin closes.

TIME_WAIT: the client closes first, the server reads the FIN and closes too, so the client
ends in TIME_WAIT. CLOSE_WAIT: the client closes first and the server never does.
"""
import socket
import sys
import time


def parse(spec):
    state, count, rest = spec.split(":", 2)
    addr, port = rest.rsplit(":", 1)
    return state, int(count), addr, int(port)


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def main(specs):
    listeners = {}
    held = []
    for state, count, addr, port in map(parse, specs):
        key = (addr, port)
        if key not in listeners:
            fam = family_of(addr)
            listen_addr = "::" if addr.startswith("::ffff:") else addr
            lst = socket.socket(fam, socket.SOCK_STREAM)
            lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if addr.startswith("::ffff:"):
                lst.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            lst.bind((listen_addr, port))
            lst.listen(4096)
            listeners[key] = lst
        lst = listeners[key]
        for _ in range(count):
            cli = socket.socket(family_of(addr), socket.SOCK_STREAM)
            cli.connect((addr, port))
            srv, _ = lst.accept()
            if state == "established":
                held += [cli, srv]
            elif state == "time-wait":
                cli.close()
                srv.recv(1)  # the FIN
                srv.close()
            elif state == "close-wait":
                cli.close()
                srv.recv(1)
                held.append(srv)
            else:
                raise SystemExit("unknown state " + state)
    time.sleep(0.2)  # the last ACKs on loopback
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1:])
