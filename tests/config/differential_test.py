#!/usr/bin/python3
"""Differential test: our `config` effective values against the real loaders.

Builds seeded random trees of sysctl.d folders (several folders, same-named files, /dev/null
masks, duplicates, '/'-separated keys, '-' prefixes, exclusions, globs, CRLF, comments, and lines
with CR, NUL, VT, ESC inside and overlong ones, which the two loaders split differently),
then, inside a throwaway mount AND network namespace (`unshare -m -n`), bind-mounts each tree over
the system folders and runs
  * procps `sysctl --system --dry-run` -- which, in procps 4.0.2, still WRITES (observed), hence
    the network namespace and only per-namespace net.* keys;
  * systemd-sysctl (when installed), which writes; the values are read back from /proc/sys.
Our effective set (plus the glob expansion the real tools do against /proc) must equal theirs.
Needs root; prints SKIP otherwise.
"""
import fnmatch
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

SEED = int(os.environ.get("SEED", "20261125"))
TREES = int(os.environ.get("TREES", "30"))
SYSTEMD_SYSCTL = "/lib/systemd/systemd-sysctl"

# Per-network-namespace keys present in a fresh netns, with values the kernel accepts and prints
# back unchanged (modulo tabs).
KEYS = {
    "net.ipv4.tcp_fin_timeout": ["15", "30", "45"],
    "net.ipv4.tcp_tw_reuse": ["0", "1", "2"],
    "net.ipv4.tcp_syncookies": ["0", "1", "2"],
    "net.ipv4.tcp_keepalive_time": ["600", "7200"],
    "net.ipv4.tcp_keepalive_probes": ["3", "9"],
    "net.ipv4.tcp_syn_retries": ["3", "6"],
    "net.ipv4.tcp_max_syn_backlog": ["1024", "4096"],
    "net.ipv4.ip_local_port_range": ["1024 65000", "32768 60999", "10000 20001"],
    "net.ipv4.tcp_rmem": ["4096 87380 6291456", "4096 131072 33554432"],
    "net.ipv4.tcp_sack": ["0", "1"],
    "net.ipv4.tcp_ecn": ["0", "1", "2"],
    "net.core.somaxconn": ["1024", "4096", "8192"],
    "net.ipv4.conf.all.rp_filter": ["0", "1", "2"],
    "net.ipv4.conf.default.rp_filter": ["0", "1", "2"],
    "net.ipv4.conf.lo.rp_filter": ["0", "1", "2"],
    "net.ipv4.conf.all.accept_redirects": ["0", "1"],
    "net.ipv4.conf.lo.accept_redirects": ["0", "1"],
}
GLOBS = {  # pattern -> values; patterns never overlap one another
    "net.ipv4.conf.*.rp_filter": ["0", "1", "2"],
    "net.ipv4.conf.*.accept_redirects": ["0", "1"],
}
IFACES = ["all", "default", "lo"]
DIRS = ["etc/sysctl.d", "run/sysctl.d", "usr/local/lib/sysctl.d", "usr/lib/sysctl.d"]
NAMES = ["10-base.conf", "50-tcp.conf", "60-net.conf", "90-local.conf", "99-override.conf"]


def slash_form(key):
    return key.replace(".", "/")


def hostile_line(rng):
    """Bytes the two loaders split differently (docs/loaders.md): CR and NUL end a line for
    systemd-sysctl only; a NUL ends procps' line; VT/FF/ESC end neither; a 1 MiB line stops
    systemd-sysctl reading the file. Only values the kernel accepts, so both sides compare."""
    key = rng.choice(list(KEYS))
    a = "%s = %s" % (key, rng.choice(KEYS[key]))
    return rng.choice([
        "# note\r " + a,                       # systemd: an assignment; procps: a comment
        "# note\0" + a,                        # the same with NUL
        "; x\r\r" + a,
        a + "\0junk",                           # both write a; systemd also logs 'junk'
        a + "\r",                               # CR before LF: both write a
        "# note\x0b" + a,                      # VT: a comment to both
        "# note\x1b[8m " + a,                  # ESC: a comment to both
        "# " + "x" * 5000,                      # long comment: both skip it
        "# " + "x" * (1 << 20),                 # systemd stops reading the file here
    ])


def random_line(rng):
    r = rng.random()
    if r < 0.06:
        return hostile_line(rng)
    if r < 0.08:
        return rng.choice(["# a comment", "; another", "", "   ", "#net.ipv4.tcp_sack = 0"])
    if r < 0.18:
        pattern = rng.choice(list(GLOBS))
        key = slash_form(pattern) if rng.random() < 0.3 else pattern
        return "%s = %s" % (key, rng.choice(GLOBS[pattern]))
    if r < 0.24:
        return "-" + rng.choice(["net.ipv4.conf.lo.rp_filter", "net.ipv4.conf.default.rp_filter",
                                 "net.ipv4.conf.all.accept_redirects", "net.ipv4.conf.lo.accept_redirects"])
    key = rng.choice(list(KEYS))
    value = rng.choice(KEYS[key])
    if rng.random() < 0.3:
        key = slash_form(key)
    if rng.random() < 0.15:
        key = "-" + key
    sep = rng.choice(["=", " = ", "\t=\t", "= ", "  =  "])
    if " " in value and rng.random() < 0.5:
        value = value.replace(" ", rng.choice(["  ", "\t"]))
    return rng.choice(["", " ", "\t"]) + key + sep + value + rng.choice(["", " ", "\t"])


def make_tree(rng, root):
    for d in DIRS:
        os.makedirs(os.path.join(root, d))
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    for d in DIRS:
        for name in rng.sample(NAMES, rng.randint(0, 3)):
            path = os.path.join(root, d, name)
            if d != "usr/lib/sysctl.d" and rng.random() < 0.15:
                os.symlink("/dev/null", path)
                continue
            eol = "\r\n" if rng.random() < 0.15 else "\n"
            lines = [random_line(rng) for _ in range(rng.randint(1, 8))]
            with open(path, "w", newline="") as f:
                f.write(eol.join(lines) + eol)
    with open(os.path.join(root, "etc/sysctl.conf"), "w", newline="") as f:
        f.write("\n".join(random_line(rng) for _ in range(rng.randint(0, 4))) + "\n")
    # Debian's link: systemd reads sysctl.conf through it; procps reads it twice.
    if rng.random() < 0.5:
        link = os.path.join(root, "etc/sysctl.d/99-sysctl.conf")
        if not os.path.lexists(link):
            os.symlink("../sysctl.conf", link)


def ours(binary, root, loader):
    p = subprocess.run([binary, "config", "--root", root, "--loader", loader, "--format", "json"],
                       capture_output=True, text=True)
    # Exit 2: some line is an error (loader-split-line, file-cut); the model is still printed.
    if p.returncode not in (0, 2) or not p.stdout:
        raise AssertionError("config exited %d: %s" % (p.returncode, p.stderr))
    return json.loads(p.stdout)


def expected_values(body, loader):
    """Our model plus the glob expansion the real tools do against /proc (IFACES)."""
    files = body["files"]
    explicit, excluded_patterns, values = set(), [], {}
    globs = []
    for k in body["keys"]:
        if k["glob"]:
            if k["excluded"]:
                excluded_patterns.append(k["key"])
            else:
                globs.append(((files.index(k["file"]), k["line"]), k["key"], k["value"]))
            continue
        explicit.add(k["key"])
        if k["excluded"]:
            if loader == "procps":
                excluded_patterns.append(k["key"])
            continue
        values[k["key"]] = k["value"]
    for _, pattern, value in sorted(globs):
        for iface in IFACES:
            key = pattern.replace("*", iface)
            if key in explicit:
                continue
            if loader == "procps" and any(fnmatch.fnmatchcase(key, p) for p in excluded_patterns):
                continue
            values[key] = value
    return {k: " ".join(v.split()) for k, v in values.items()}


NS_SCRIPT = r"""
set -e
T="$1"; MODE="$2"
mount --make-rprivate /
mount --bind "$T/etc/sysctl.d" /etc/sysctl.d
mount --bind "$T/usr/lib/sysctl.d" /usr/lib/sysctl.d
mount --bind "$T/etc/sysctl.conf" /etc/sysctl.conf
mount -t tmpfs tmpfs /run && mkdir /run/sysctl.d && mount --bind "$T/run/sysctl.d" /run/sysctl.d
mkdir -p /usr/local/lib 2>/dev/null || true
mount -t tmpfs tmpfs /usr/local/lib && mkdir /usr/local/lib/sysctl.d && mount --bind "$T/usr/local/lib/sysctl.d" /usr/local/lib/sysctl.d
echo "IFACES $(ls /proc/sys/net/ipv4/conf | tr '\n' ' ')"
if [ "$MODE" = procps ]; then
  sysctl --system --dry-run 2>/dev/null || true
else
  for k in $KEYS; do echo "BEFORE $k = $(cat /proc/sys/$(echo $k | tr . /))"; done
  __SYSTEMD__ --prefix=/net >/dev/null 2>&1 || true
  for k in $KEYS; do echo "AFTER $k = $(cat /proc/sys/$(echo $k | tr . /))"; done
fi
""".replace("__SYSTEMD__", SYSTEMD_SYSCTL)


def run_real(root, mode):
    env = dict(os.environ, KEYS=" ".join(KEYS))
    p = subprocess.run(["unshare", "-m", "-n", "sh", "-c", NS_SCRIPT, "ns", root, mode],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise AssertionError("namespace script failed (%d): %s" % (p.returncode, p.stderr))
    lines = p.stdout.splitlines()
    ifaces = sorted(lines[0].split()[1:])
    assert ifaces == sorted(IFACES), "a fresh netns should have only %s, got %s" % (IFACES, ifaces)
    got, before = {}, {}
    for line in lines[1:]:
        if mode == "procps":
            if line.startswith("* ") or " = " not in line:
                continue
            k, v = line.split(" = ", 1)
            got[k] = " ".join(v.split())
        else:
            tag, rest = line.split(" ", 1)
            k, v = rest.split(" = ", 1)
            (before if tag == "BEFORE" else got)[k] = " ".join(v.split())
    if mode == "systemd":
        # Only what changed is comparable: a key systemd left alone keeps its fresh-netns value.
        return got, before
    return got, None


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root for unshare -m -n (private mounts and a throwaway network namespace)")
        return 0
    binary = sys.argv[1]
    modes = ["procps"]
    if os.access(SYSTEMD_SYSCTL, os.X_OK):
        modes.append("systemd")
    else:
        print("NOTE: %s not installed: systemd mode is not compared here" % SYSTEMD_SYSCTL)
    rng = random.Random(SEED)
    base = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    failures = 0
    for n in range(TREES):
        root = os.path.join(base, "tree%02d" % n)
        make_tree(rng, root)
        for mode in modes:
            body = ours(binary, root, mode)
            expected = expected_values(body, mode)
            got, before = run_real(root, mode)
            if mode == "systemd":
                want = dict(before)
                want.update({k: v for k, v in expected.items() if k in want})
                # The kernel, not the loader: writing conf.default.X copies the value to every
                # interface that never had X written (net/ipv4/devinet.c devinet_copy_dflt_conf),
                # and systemd-sysctl skips writes that would not change the value, so lo's final
                # value then depends on write order and on its value before. Not a loader rule:
                # lo is left out of the comparison when default.X was written.
                for attr in ("rp_filter", "accept_redirects"):
                    dflt = "net.ipv4.conf.default." + attr
                    lo = "net.ipv4.conf.lo." + attr
                    if dflt in expected and expected[dflt] != before.get(dflt):
                        want.pop(lo, None)
                        got.pop(lo, None)
                ok = got == want
            else:
                want = expected
                ok = got == want
            if not ok:
                failures += 1
                diff = {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)}
                print("FAIL tree%02d %s (seed %d): key: (ours, real) %s" % (n, mode, SEED, diff))
                subprocess.run(["find", root, "-type", "f", "-o", "-type", "l"], check=False)
    print("%d trees x %s: %d mismatches" % (TREES, "+".join(modes), failures))
    if failures == 0:
        shutil.rmtree(base, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
