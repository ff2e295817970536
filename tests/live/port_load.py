#!/usr/bin/python3
"""Socket loads for the granularity tests; run inside a throwaway network namespace (unshare -n).

  port_load.py connect SRC[,SRC...] DST PORT N [--bind-first]
      N connections from each source address to DST:PORT, the client closing first (TIME_WAIT on
      the client). Default: bind((src, 0)) with IP_BIND_ADDRESS_NO_PORT, as HAProxy `source` and
      nginx `proxy_bind` do; --bind-first: plain bind((src, 0)) before connect(). PORT may be a
      range "9000-9009": the connections go round the ports. Prints "made N" and, when a call
      failed, "failed ERRNO at CALL" and "held N": the source's distinct local ports in use then.
  port_load.py listen-flood ADDR PORT BACKLOG N [--later]
      A listener with that backlog that never accept()s, and N clients connecting to it. Prints
      "ready PID" and holds everything until stdin closes. --later: prints "ready PID" once
      listening, connects the clients when a line arrives on stdin, then prints "flooded".
  port_load.py pool SRC DST PORT N NAME
      A client pool: N connections from SRC (IP_BIND_ADDRESS_NO_PORT) to DST:PORT held open, with
      the listener they reach in the same process. The process renames itself NAME (prctl
      PR_SET_NAME, so /proc/PID/comm says it). Prints "ready PID" and holds them until stdin closes.
  port_load.py serve NAME ADDR PORT [UPSTREAM UPSTREAM_PORT N]
      A server renamed NAME listening on ADDR:PORT that accepts and holds every connection; with an
      upstream, it first opens N connections to UPSTREAM:UPSTREAM_PORT and holds them (a proxy's
      upstream pool). Prints "ready PID", then "accepted N" each time it has accepted more, until
      stdin closes.
  port_load.py clients NAME DST PORT N
      N client connections to DST:PORT from a process renamed NAME, held open. Prints "ready PID"
      and holds them until stdin closes.
  port_load.py sink NAME ADDR PORT N
      A peer that is "on another host": listens on ADDR:PORT, prints "listening", accepts N
      connections, closes its listener and holds them (so no local listener serves that port).
      Prints "ready PID" then, and holds them until stdin closes.
  port_load.py close-wait ADDR PORT N
      A server that accepts N connections whose clients close, and never closes its side
      (CLOSE_WAIT). Prints "ready PID" and holds them until stdin closes.
"""
import errno
import os
import select
import socket
import sys
import time

IP_BIND_ADDRESS_NO_PORT = 24


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def listeners(dst, ports, backlog=4096):
    out = []
    for p in ports:
        s = socket.socket(family(dst))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((dst, p))
        s.listen(backlog)
        s.setblocking(False)
        out.append(s)
    return out


def drain(servers):
    """Accepts and closes what is queued; returns how many."""
    n = 0
    for s in servers:
        try:
            while True:
                a, _ = s.accept()
                a.close()  # after the client's FIN: the server side closes second
                n += 1
        except BlockingIOError:
            pass
    return n


def proc_address(addr):
    """The address as /proc/net/tcp{,6} prints it (32-bit words in host order, hex) and that table."""
    packed = socket.inet_pton(family(addr), addr)
    if family(addr) == socket.AF_INET:
        return packed[::-1].hex().upper(), "/proc/net/tcp"
    return "".join(packed[i:i + 4][::-1].hex().upper() for i in range(0, 16, 4)), "/proc/net/tcp6"


# /proc/net/tcp st values of a client that closed first and has not reached TIME_WAIT yet
# (include/net/tcp_states.h: FIN_WAIT1 4, FIN_WAIT2 5, CLOSING 11).
CLOSING_STATES = {"04", "05", "0B"}


def closing_towards(dst, ports):
    """Sockets towards dst:ports still on their way to TIME_WAIT."""
    want, table = proc_address(dst)
    targets = {"%s:%04X" % (want, p) for p in ports}
    with open(table) as f:
        next(f)
        return sum(1 for line in f
                   if line.split()[2] in targets and line.split()[3] in CLOSING_STATES)


def settle(servers, made, accepted, dst, ports):
    """Waits (at most 20 s) until every connection made was accepted and closed by the server and
    every client socket reached TIME_WAIT. A connect() returns before the listener has queued the
    child (the final ACK is processed in softirq, deferred to ksoftirqd on a busy machine): a
    connection not yet queued at the last drain would never be closed by the server and its client
    would sit in FIN_WAIT2 instead of TIME_WAIT (CI once saw 283 of 300)."""
    deadline = time.monotonic() + 20
    while accepted < made and time.monotonic() < deadline:
        select.select(servers, [], [], 0.1)
        accepted += drain(servers)
    while closing_towards(dst, ports) and time.monotonic() < deadline:
        time.sleep(0.02)
    return accepted


def ports_of(text):
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(text)]


def ports_held(src):
    """Distinct local ports on src held by sockets of any state (TIME_WAIT included), read from
    /proc/net/tcp{,6} at the moment a call failed: the kernel's own view, whatever freed a port
    earlier (a client socket can leave without TIME_WAIT, e.g. on memory pressure in tcp_close())."""
    want, table = proc_address(src)
    ports = set()
    with open(table) as f:
        next(f)
        for line in f:
            addr, port = line.split()[1].split(":")
            if addr == want:
                ports.add(int(port, 16))
    return len(ports)


def connect(srcs, dst, port_text, n, bind_first):
    ports = ports_of(port_text)
    servers = listeners(dst, ports)
    made, accepted, failure = 0, 0, None
    for i in range(n):
        for src in srcs:
            c = socket.socket(family(dst))
            call = "bind"
            try:
                if not bind_first:
                    c.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
                c.bind((src, 0))
                call = "connect"
                c.connect((dst, ports[i % len(ports)]))
            except OSError as e:
                failure = "%s at %s" % (errno.errorcode.get(e.errno, e.errno), call)
                held = ports_held(src)
                c.close()
                break
            c.close()  # the client closes first: TIME_WAIT here
            made += 1
        if failure:
            break
        if i % 50 == 49:
            accepted += drain(servers)
    accepted = settle(servers, made, accepted, dst, ports)
    print("made", made)
    if accepted < made:
        print("unaccepted", made - accepted)
    if failure:
        print("failed", failure)
        print("held", held)


def hold():
    print("ready", os.getpid(), flush=True)
    sys.stdin.read()


def listen_flood(addr, port, backlog, n, later=False):
    srv = socket.socket(family(addr))
    srv.bind((addr, port))
    srv.listen(backlog)
    if later:
        print("ready", os.getpid(), flush=True)
        sys.stdin.readline()
    clients = []
    for _ in range(n):
        c = socket.socket(family(addr))
        c.setblocking(False)
        try:
            c.connect((addr, port))
        except BlockingIOError:
            pass
        clients.append(c)
    select.select([], [], [], 1.5)  # let the handshakes complete (or overflow)
    if later:
        print("flooded", flush=True)
        sys.stdin.read()
        return
    hold()


def pool(src, dst, port, n, name):
    import ctypes
    import resource
    ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME: /proc/PID/comm
    want = 2 * n + 64  # each connection: the client socket and the accepted one
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want)))
    srv = listeners(dst, [port])[0]
    srv.setblocking(True)
    held = []
    for _ in range(n):
        c = socket.socket(family(dst))
        c.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        c.bind((src, 0))
        c.connect((dst, port))
        a, _ = srv.accept()
        held += [c, a]
    hold()


def rename(name, sockets):
    import ctypes
    import resource
    ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME: /proc/PID/comm
    want = sockets + 64
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want)))


def serve(name, addr, port, upstream=None, upstream_port=0, n=0):
    rename(name, 2 * n + 2048)
    srv = listeners(addr, [port])[0]
    held = [socket.create_connection((upstream, upstream_port)) for _ in range(n)]
    print("ready", os.getpid(), flush=True)
    accepted = []
    while True:
        readable, _, _ = select.select([srv, sys.stdin], [], [])
        if sys.stdin in readable and not sys.stdin.read(1):
            return
        if srv in readable:
            drained = len(accepted)
            try:
                while True:
                    accepted.append(srv.accept()[0])
            except BlockingIOError:
                pass
            if len(accepted) > drained:
                print("accepted", len(accepted), flush=True)


def sink(name, addr, port, n):
    rename(name, n)
    srv = listeners(addr, [port])[0]
    srv.setblocking(True)
    print("listening", flush=True)
    held = [srv.accept()[0] for _ in range(n)]
    srv.close()
    hold()


def clients(name, dst, port, n):
    rename(name, n)
    held = [socket.create_connection((dst, port)) for _ in range(n)]
    hold()


def close_wait(addr, port, n):
    srv = socket.socket(family(addr))
    srv.bind((addr, port))
    srv.listen(n + 16)
    held = []
    for _ in range(n):
        c = socket.create_connection((addr, port))
        a, _ = srv.accept()
        c.close()  # the peer closes; the server never does: CLOSE_WAIT
        held.append(a)
    hold()


def main(argv):
    mode = argv[1]
    if mode == "connect":
        connect(argv[2].split(","), argv[3], argv[4], int(argv[5]), "--bind-first" in argv)
    elif mode == "listen-flood":
        listen_flood(argv[2], int(argv[3]), int(argv[4]), int(argv[5]), "--later" in argv)
    elif mode == "pool":
        pool(argv[2], argv[3], int(argv[4]), int(argv[5]), argv[6])
    elif mode == "serve":
        serve(argv[2], argv[3], int(argv[4]), *(argv[5:6] + [int(a) for a in argv[6:8]]))
    elif mode == "sink":
        sink(argv[2], argv[3], int(argv[4]), int(argv[5]))
    elif mode == "clients":
        clients(argv[2], argv[3], int(argv[4]), int(argv[5]))
    elif mode == "close-wait":
        close_wait(argv[2], int(argv[3]), int(argv[4]))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
