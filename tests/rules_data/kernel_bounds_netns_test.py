"""rules/keys.toml's bounds against this kernel's handlers, in a throwaway namespace only.

For every integer key (int, bool, enum, bitmask) a network namespace can write, the catalog makes
two promises that `check` turns into sentences:
  invalid-value       "the kernel refuses the write (EINVAL)": outside kernel_min..kernel_max
                      (else outside min..max; a bool without bounds: outside 0..1);
  undocumented-value  "the kernel takes the write": inside those bounds.
Each is written here and the kernel's answer compared. Probes: the bounds, one past each, and
0, 1, 2, 3, 255, 256, -1. Jiffies keys (kernel_max 21474836 = INT_MAX / 100) are probed up to
INT_MAX / HZ of this kernel, found by the write itself, since their bound depends on CONFIG_HZ.
Every value is restored after each probe. Run inside `unshare -n` (the .sh does).
"""
import os, sys, tomllib

INT_MAX = 2**31 - 1
JIFFIES_MAX = INT_MAX // 100
# Bounds that depend on another key: ip_unprivileged_port_start must stay below the low end of
# ip_local_port_range (ipv4_privileged_ports(), net/ipv4/sysctl_net_ipv4.c).
CROSS_KEY = {"net.ipv4.ip_unprivileged_port_start"}


def write(path, value):
    try:
        with open(path, "w") as f:
            f.write(value)
        return True
    except OSError:
        return False


def main(catalog):
    keys = tomllib.load(open(catalog, "rb"))["key"]
    fails, checked = [], 0
    for k in keys:
        if k.get("type") not in ("int", "bool", "enum", "bitmask") or k.get("per_netns_since") in (None, "never"):
            continue
        path = "/proc/sys/" + k["name"].replace(".", "/")
        if not os.path.exists(path) or not os.stat(path).st_mode & 0o222:
            print("skip %s: absent or read-only in a namespace on this kernel" % k["name"])
            continue
        lo, hi = k.get("min"), k.get("max")
        if k["type"] == "bool":
            lo, hi = (0 if lo is None else lo), (1 if hi is None else hi)
        klo, khi = k.get("kernel_min", lo), k.get("kernel_max", hi)
        with open(path) as f:
            before = f.read().strip()
        probes = {-1, 0, 1, 2, 3, 255, 256}
        for b in (lo, hi, klo, khi):
            if b is not None:
                probes |= {b - 1, b, b + 1}
        if khi == JIFFIES_MAX or klo == -JIFFIES_MAX:
            # This kernel's own INT_MAX / HZ: the largest value it takes, between 2147483 and 21474836.
            top = next((INT_MAX // hz for hz in (100, 250, 300, 1000) if write(path, str(INT_MAX // hz))), None)
            write(path, before)
            if top is None:
                fails.append("%s: takes not even INT_MAX / 1000 (%d)" % (k["name"], INT_MAX // 1000))
                continue
            probes = {p for p in probes if abs(p) <= top} | {top, top + 1, -top, -top - 1}
            klo, khi = -top, top
        for p in sorted(probes):
            if k["name"] in CROSS_KEY and p >= 1024:
                continue
            took = write(path, str(p))
            write(path, before)
            promised = (klo is None or p >= klo) and (khi is None or p <= khi)
            if took != promised:
                fails.append("%s = %d: the catalog promises the kernel %s it, the kernel %s it" % (
                    k["name"], p, "takes" if promised else "refuses", "took" if took else "refused"))
        with open(path) as f:
            assert f.read().strip() == before, k["name"] + " not restored"
        checked += 1
    for f in fails:
        print("FAIL:", f)
    print("%d keys probed, %d mismatches" % (checked, len(fails)))
    return 1 if fails or checked < 10 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
