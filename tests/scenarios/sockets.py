#!/usr/bin/python3
"""Expands a scenario's sockets.txt into /proc/net/tcp and /proc/net/tcp6 in the kernel's format.

A scenario keeps its socket table as a few lines of intent ("24,613 TIME_WAIT sockets from
10.0.0.5 towards 10.0.0.7:8080") instead of megabytes of rows; this writes the rows the kernel
would print for them, deterministically, so the tool under test reads a realistic file.

sockets.txt, one group per line ('#' starts a comment):
    STATE  LOCAL  REMOTE  COUNT
  STATE   ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK
          LISTEN CLOSING
  LOCAL   ADDR:PORT, or ADDR:eph for ports taken from ip_local_port_range (less
          ip_local_reserved_ports) as connect() would; IPv6 as [ADDR]:PORT
  REMOTE  ADDR:PORT; ADDR:* for one peer connecting from many ephemeral ports (a load balancer);
          "clients" / "clients6" for internet clients, each with its own ephemeral port;
          "nat-clients" for many connections from a few carrier-NAT addresses
  COUNT   how many sockets

Row formats (net/ipv4/tcp_ipv4.c get_tcp4_sock / get_timewait4_sock, padded to 149 characters by
seq_pad; net/ipv6/tcp_ipv6.c get_tcp6_sock / get_timewait6_sock, not padded). Addresses are each
32-bit word of the network-order address printed with %08X on a little-endian host: 127.0.0.1 is
0100007F.

Usage: sockets.py SPEC ROOT
"""
import ipaddress
import os
import random
import struct
import sys

STATES = {
    "ESTABLISHED": 0x01, "SYN_SENT": 0x02, "SYN_RECV": 0x03, "FIN_WAIT1": 0x04, "FIN_WAIT2": 0x05,
    "TIME_WAIT": 0x06, "CLOSE": 0x07, "CLOSE_WAIT": 0x08, "LAST_ACK": 0x09, "LISTEN": 0x0A,
    "CLOSING": 0x0B,
}
HEADER4 = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
HEADER6 = ("  sl  local_address                         remote_address                        st tx_queue "
           "rx_queue tr tm->when retrnsmt   uid  timeout inode")
TMPSZ = 150  # net/ipv4/tcp_ipv4.c: rows are padded to TMPSZ - 1 characters


def hex4(addr):
    """IPv4 as the kernel prints it: the network-order word read as a little-endian u32."""
    return "%08X" % struct.unpack("<I", ipaddress.IPv4Address(addr).packed)[0]


def hex6(addr):
    packed = ipaddress.IPv6Address(addr).packed
    return "".join("%08X" % struct.unpack("<I", packed[i:i + 4])[0] for i in range(0, 16, 4))


def split_endpoint(text):
    if text.startswith("["):
        addr, _, port = text[1:].partition("]:")
        return addr, port, True
    addr, _, port = text.rpartition(":")
    return addr, port, False


def read_sysctl(root, key):
    with open(os.path.join(root, "proc/sys", key.replace(".", "/"))) as f:
        return f.read().split()


def usable_ports(root):
    lo, hi = (int(x) for x in read_sysctl(root, "net.ipv4.ip_local_port_range"))
    reserved = set()
    try:
        text = "".join(read_sysctl(root, "net.ipv4.ip_local_reserved_ports"))
    except FileNotFoundError:
        text = ""
    for item in filter(None, text.split(",")):
        a, _, b = item.partition("-")
        reserved.update(range(int(a), int(b or a) + 1))
    return [p for p in range(lo, hi + 1) if p not in reserved]


class Clients:
    """Deterministic internet clients: documentation and CGNAT ranges, each with its own port."""

    def __init__(self, rng, v6=False, nat=False):
        self.rng, self.v6, self.nat = rng, v6, nat
        self.used = set()

    def next(self):
        while True:
            if self.v6:
                addr = "2001:db8:%x:%x::%x" % (self.rng.randrange(1, 0xffff), self.rng.randrange(0, 0xffff),
                                                self.rng.randrange(1, 0xffff))
            elif self.nat:
                addr = "100.64.%d.%d" % (self.rng.randrange(0, 4), self.rng.randrange(1, 12))
            else:
                net = self.rng.choice(["198.51.100", "203.0.113", "192.0.2", "100.66.%d" % self.rng.randrange(0, 256)])
                addr = "%s.%d" % (net, self.rng.randrange(1, 255))
            port = self.rng.randrange(1024, 65535)
            if (addr, port) not in self.used:
                self.used.add((addr, port))
                return addr, port


def rows_for(group, root, rng, ephemeral):
    state, local, remote, count = group
    st = STATES[state]
    laddr, lport, v6 = split_endpoint(local)
    out = []
    if remote in ("clients", "clients6", "nat-clients"):
        clients = Clients(rng, v6=(remote == "clients6"), nat=(remote == "nat-clients"))
        remotes = [clients.next() for _ in range(count)]
    else:
        raddr, rport, _ = split_endpoint(remote)
        if rport == "*":
            ports = rng.sample(range(32768, 61000), count)
            remotes = [(raddr, p) for p in ports]
        else:
            remotes = [(raddr, int(rport))] * count
    if lport == "eph":
        # connect() gives every socket towards one destination its own local port: groups to the
        # same destination (ESTABLISHED, then TIME_WAIT) continue where the previous one stopped.
        # connect() walks the ports of the range's low end's parity first, then the others
        # (__inet_hash_connect(); bind() does the opposite): the census tells the two apart by it.
        low = int(list(read_sysctl(root, "net.ipv4.ip_local_port_range"))[0])
        ports = usable_ports(root)
        pool = [p for p in ports if (p - low) % 2 == 0] + [p for p in ports if (p - low) % 2 == 1]
        key = (laddr, remote)
        start = ephemeral.get(key)
        if start is None:
            start = ephemeral[key] = rng.randrange(0, (len(pool) + 1) // 2)
        used = ephemeral.get(key + ("used",), 0)
        if used + count > len(pool):
            raise SystemExit("%s: %d sockets need more ports than the %d usable" % (group, used + count, len(pool)))
        ephemeral[key + ("used",)] = used + count
        locals_ = [pool[(start + used + i) % len(pool)] for i in range(count)]
    else:
        locals_ = [int(lport)] * count
    for lp, (ra, rp) in zip(locals_, remotes):
        out.append((v6, st, laddr, lp, ra, rp))
    return out


def format_row(i, v6, st, laddr, lport, raddr, rport, rng):
    h = hex6 if v6 else hex4
    loc = "%s:%04X" % (h(laddr), lport)
    rem = "%s:%04X" % (h(raddr), rport)
    ptr = "%016x" % rng.getrandbits(64)
    if st in (0x05, 0x06):
        # A TIME_WAIT mini-socket (state 06, or 05 for an orphan in substate FIN_WAIT2): timer 3,
        # the remaining time in clock ticks, no uid, no inode, refcount 3.
        row = "%4d: %s %s %02X 00000000:00000000 03:%08X 00000000 %5d %8d %d %d %s" % (
            i, loc, rem, st, rng.randrange(1, 6000), 0, 0, 0, 3, ptr)
    else:
        rxq = rng.randrange(0, 4) if st == 0x0A else 0
        timer = "00:00000000" if st == 0x0A else "02:%08X" % rng.randrange(100, 720000)
        extra = "%d %d %d %d %d" % (100 if st != 0x0A else 100, 0, 0, 10, 0 if st == 0x0A else -1)
        row = "%4d: %s %s %02X %08X:%08X %s %08X %5d %8d %d %d %s %s" % (
            i, loc, rem, st, 0, rxq, timer, 0, 33, 0, 1000000 + i, 1 if st == 0x0A else 2, ptr, extra)
    return row if v6 else row.ljust(TMPSZ - 1)


def expand(spec, root):
    groups = []
    with open(spec) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) != 4 or line[0] not in STATES:
                raise SystemExit("%s: expected STATE LOCAL REMOTE COUNT, found %r" % (spec, " ".join(line)))
            groups.append((line[0], line[1], line[2], int(line[3])))
    rng = random.Random(4)  # deterministic: the same root every run
    ephemeral = {}
    rows = []
    for g in groups:
        rows.extend(rows_for(g, root, rng, ephemeral))
    rng.shuffle(rows)  # the kernel prints in hash order, not grouped
    os.makedirs(os.path.join(root, "proc/net"), exist_ok=True)
    with open(os.path.join(root, "proc/net/tcp"), "w") as t4, open(os.path.join(root, "proc/net/tcp6"), "w") as t6:
        t4.write(HEADER4.ljust(TMPSZ - 1) + "\n")
        t6.write(HEADER6 + "\n")
        n4 = n6 = 0
        for v6, st, la, lp, ra, rp in rows:
            if v6:
                t6.write(format_row(n6, v6, st, la, lp, ra, rp, rng) + "\n")
                n6 += 1
            else:
                t4.write(format_row(n4, v6, st, la, lp, ra, rp, rng) + "\n")
                n4 += 1
    return groups


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: sockets.py SPEC ROOT")
    expand(sys.argv[1], sys.argv[2])
