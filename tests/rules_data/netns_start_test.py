"""rules/keys.toml's `netns_start` checked on this kernel, in throwaway namespaces only.

The test runs in an outer `unshare -n` (its own values: the stand-in for a host that changed them),
changes every key there to a value that differs from the starting one, then creates an inner
namespace from it and reads what the inner one starts with:
  kernel-default   -> the catalog's default for this kernel (not the outer's changed value)
  copied-from-init -> the initial namespace's value, read before unsharing (not the outer's)
  computed-ehash   -> derived from the inner's hash: outer tcp_child_ehash_entries = 1024 gives
                      tcp_ehash_entries 1024, tcp_max_tw_buckets 512, tcp_max_syn_backlog 128
  global           -> absent from /proc/sys in any namespace but the initial one
  global-read-only -> present in the new namespace with the initial namespace's value, mode 0444,
                      and a write there is refused (nf_conntrack_max, nf_conntrack_buckets)
Every key with netns_start must be checked (or be absent on this kernel, which is said).
"""
import os, subprocess, sys, tomllib

CHILD_EHASH = 1024
EHASH = {"net.ipv4.tcp_ehash_entries": str(CHILD_EHASH), "net.ipv4.tcp_max_tw_buckets": str(CHILD_EHASH // 2),
         "net.ipv4.tcp_max_syn_backlog": str(max(128, CHILD_EHASH // 128))}


def path(key):
    return "/proc/sys/" + key.replace(".", "/")


def read(key):
    try:
        with open(path(key)) as f:
            return " ".join(f.read().split())
    except FileNotFoundError:
        return None


def kernel_tuple(v):
    out = []
    for p in v.split("-")[0].split("."):
        out.append(int("".join(c for c in p if c.isdigit()) or 0))
    return tuple(out)


def default_for(key, kernel):
    best = None
    for d in key.get("defaults", []):
        if "value" not in d:
            continue
        if kernel_tuple(d.get("since", "0")) <= kernel:
            best = d["value"]
    return best


def other_value(key, now):
    """A value the kernel accepts that differs from `now`."""
    name = key["name"]
    if name == "net.ipv4.ip_local_port_range":
        return "40000 50001"
    if name == "net.ipv4.ip_local_reserved_ports":
        return "5000" if now != "5000" else "5001"
    if name == "net.ipv4.tcp_congestion_control":
        return "reno" if now != "reno" else "cubic"
    parts = now.split()
    if len(parts) == 3:  # tcp_rmem / tcp_wmem
        return f"{parts[0]} {int(parts[1]) + 4096} {int(parts[2]) + 8192}"
    v = int(now)
    hi = key.get("max")
    return str(v - 1 if hi is not None and v + 1 > hi else v + 1)


def main():
    if os.environ.get("SA_OUTER") != "1":
        if os.geteuid() != 0:
            print("SKIP: needs root for unshare -n")
            return 0
        init = {}
        with open(sys.argv[1], "rb") as f:
            keys = tomllib.load(f)["key"]
        for k in keys:
            init[k["name"]] = read(k["name"])
        env = dict(os.environ, SA_OUTER="1", SA_INIT=repr(init))
        return subprocess.call(["unshare", "-n", sys.executable, __file__, sys.argv[1]], env=env)

    init = eval(os.environ["SA_INIT"])
    with open("/proc/sys/kernel/osrelease") as f:
        kernel = kernel_tuple(f.read().strip())
    with open(sys.argv[1], "rb") as f:
        keys = [k for k in tomllib.load(f)["key"] if "netns_start" in k]
    # The outer namespace: change every key we can, and ask for small hashes in namespaces it creates.
    with open(path("net.ipv4.tcp_child_ehash_entries"), "w") as f:
        f.write(str(CHILD_EHASH))
    for k in keys:
        now = read(k["name"])
        if now is None or k["netns_start"] in ("global", "global-read-only", "computed-ehash"):
            continue
        try:
            with open(path(k["name"]), "w") as f:
                f.write(other_value(k, now))
        except OSError as e:
            print(f"FAIL: cannot change {k['name']} in the outer namespace: {e}")
            return 1
    # Each key: its value (or <absent>), then its mode and whether a write of the same value is refused.
    inner_script = ("import os, sys\nfor k in sys.argv[1:]:\n  p='/proc/sys/'+k.replace('.','/')\n"
                    "  try: v=' '.join(open(p).read().split())\n  except FileNotFoundError: print(k, '<absent>'); continue\n"
                    "  try:\n    with open(p, 'w') as f: f.write(v)\n    w='writable'\n  except OSError: w='refused'\n"
                    "  print(k, oct(os.stat(p).st_mode & 0o777), w, v)\n")
    out = subprocess.run(["unshare", "-n", sys.executable, "-c", inner_script] + [k["name"] for k in keys],
                         check=True, capture_output=True, text=True).stdout
    inner, access = {}, {}
    for line in out.splitlines():
        name, _, rest = line.partition(" ")
        if rest == "<absent>":
            inner[name] = None
            continue
        mode, write, value = (rest.split(" ", 2) + [""])[:3]
        inner[name], access[name] = value, (mode, write)
    failures = 0
    for k in keys:
        name, start = k["name"], k["netns_start"]
        got, outer = inner[name], read(name)
        if start == "global":
            ok, want = got is None and init[name] is not None, "absent (the initial namespace has it)"
        elif start == "global-read-only":
            if init[name] is None:
                print(f"skip: {name}: not on this kernel (module not loaded)")
                continue
            want = f"{init[name]!r}, mode 0o444, writes refused"
            ok = got == init[name] and access.get(name) == ("0o444", "refused")
            got = f"{got!r} {access.get(name)}"
        elif init[name] is None:
            print(f"skip: {name}: not on this kernel")
            continue
        elif start == "kernel-default":
            want = default_for(k, kernel)
            if want is None:
                print(f"skip: {name}: the catalog has no fixed default")
                continue
            ok = got == want and got != outer
        elif start == "copied-from-init":
            want = init[name]
            ok = got == want and got != outer
        elif start == "computed-ehash":
            want = EHASH[name]
            ok = got == want
        else:
            ok, want = False, "a known netns_start"
        print(("ok" if ok else "FAIL") + f": {name} ({start}): new namespace has {got!r}, expected {want!r} (creator has {outer!r})")
        failures += not ok
    print("PASS" if not failures else f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
