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

Then the extra-file cases (apply's boot-order guard): our loader is given a file that is not on disk
(LoadOptions::extra, through the load_with_extra helper), and the real tools run on the same tree
with that file actually written there: a same-named file in an earlier folder, a later-sorting file
that overrides a key, /etc/sysctl.conf under procps, a file replaced at its path, a later bare
'-key' line, and random ones.
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


def ours_with_extra(helper, root, loader, host_path, text):
    fd, path = tempfile.mkstemp(dir=os.environ.get("TEST_TMPDIR"))
    with os.fdopen(fd, "w", newline="") as f:
        f.write(text)
    try:
        p = subprocess.run([helper, root, loader, host_path, path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    if p.returncode != 0 or not p.stdout:
        raise AssertionError("load_with_extra exited %d: %s" % (p.returncode, p.stderr))
    return json.loads(p.stdout)


def place(root, host_path, text):
    """Writes the extra file into the tree for the real tools, replacing whatever is at its path
    (a file, a link to /dev/null, Debian's link to ../sysctl.conf)."""
    path = os.path.join(root, host_path.lstrip("/"))
    if os.path.lexists(path):
        os.unlink(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)


def compare(label, root, mode, body):
    """Our model (body) against the real loader on root; prints the difference. True when equal."""
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
    else:
        want = expected
    if got == want:
        return True
    diff = {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)}
    print("FAIL %s %s (seed %d): key: (ours, real) %s" % (label, mode, SEED, diff))
    subprocess.run(["find", root, "-type", "f", "-o", "-type", "l"], check=False)
    return False


def lines(*assignments):
    return "".join(a + "\n" for a in assignments)


def write(root, host_path, text):
    place(root, host_path, text)


# (name, files on disk {host path: text, or "->target" for a link}, extra host path, extra text).
# Each is run under both loaders; the tree also has an empty /etc/sysctl.conf unless it sets one.
EXTRA_CASES = [
    ("same-named file in an earlier folder hides the extra",
     {"/etc/sysctl.d/50-tcp.conf": lines("net.ipv4.tcp_fin_timeout = 45")},
     "/usr/lib/sysctl.d/50-tcp.conf", lines("net.ipv4.tcp_fin_timeout = 15", "net.core.somaxconn = 8192")),
    ("a /dev/null link in an earlier folder masks the extra",
     {"/run/sysctl.d/50-tcp.conf": "->/dev/null", "/usr/lib/sysctl.d/10-base.conf": lines("net.ipv4.tcp_sack = 0")},
     "/usr/local/lib/sysctl.d/50-tcp.conf", lines("net.ipv4.tcp_sack = 1")),
    ("the extra hides a same-named file in a later folder",
     {"/usr/lib/sysctl.d/60-net.conf": lines("net.ipv4.tcp_ecn = 2", "net.core.somaxconn = 1024")},
     "/etc/sysctl.d/60-net.conf", lines("net.ipv4.tcp_ecn = 0")),
    ("a later-sorting file overrides a key of the extra",
     {"/usr/lib/sysctl.d/99-override.conf": lines("net.ipv4.tcp_fin_timeout = 45"),
      "/etc/sysctl.d/10-base.conf": lines("net.ipv4.tcp_fin_timeout = 30", "net.ipv4.tcp_tw_reuse = 0")},
     "/etc/sysctl.d/90-local.conf", lines("net.ipv4.tcp_fin_timeout = 15", "net.ipv4.tcp_tw_reuse = 1")),
    ("/etc/sysctl.conf: procps reads it last, systemd-sysctl never",
     {"/etc/sysctl.d/99-override.conf": lines("net.core.somaxconn = 1024", "net.ipv4.tcp_sack = 0")},
     "/etc/sysctl.conf", lines("net.core.somaxconn = 8192")),
    ("/etc/sysctl.conf through Debian's link 99-sysctl.conf",
     {"/etc/sysctl.conf": lines("net.ipv4.tcp_ecn = 1"), "/etc/sysctl.d/99-sysctl.conf": "->../sysctl.conf",
      "/etc/sysctl.d/90-local.conf": lines("net.ipv4.tcp_ecn = 2", "net.core.somaxconn = 4096")},
     "/etc/sysctl.conf", lines("net.ipv4.tcp_ecn = 0", "net.core.somaxconn = 8192")),
    ("the extra replaces a file at its path",
     {"/etc/sysctl.d/90-local.conf": lines("net.ipv4.tcp_syncookies = 0", "net.core.somaxconn = 1024")},
     "/etc/sysctl.d/90-local.conf", lines("net.ipv4.tcp_syncookies = 2")),
    ("the extra replaces a /dev/null link at its path",
     {"/etc/sysctl.d/50-tcp.conf": "->/dev/null", "/usr/lib/sysctl.d/50-tcp.conf": lines("net.ipv4.tcp_sack = 0")},
     "/etc/sysctl.d/50-tcp.conf", lines("net.ipv4.tcp_sack = 1")),
    ("a name starting with '.': procps reads it, systemd-sysctl skips it",
     {"/etc/sysctl.d/10-base.conf": lines("net.ipv4.tcp_ecn = 2")},
     "/etc/sysctl.d/.50-hidden.conf", lines("net.ipv4.tcp_ecn = 0")),
    ("a later bare '-key' line: systemd-sysctl drops the extra's assignment, procps keeps it",
     {"/etc/sysctl.d/99-override.conf": lines("-net.ipv4.conf.lo.rp_filter")},
     "/etc/sysctl.d/90-local.conf", lines("net.ipv4.conf.lo.rp_filter = 2", "net.ipv4.tcp_ecn = 0")),
    ("outside the loaders' folders: never read",
     {"/etc/sysctl.d/10-base.conf": lines("net.ipv4.tcp_ecn = 2")},
     "/etc/sysctl-advisor.conf", lines("net.ipv4.tcp_ecn = 0")),
]
EXTRA_RANDOM = int(os.environ.get("EXTRA_TREES", "12"))


def build_case(root, files):
    for d in DIRS:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    if "/etc/sysctl.conf" not in files:
        write(root, "/etc/sysctl.conf", "")
    for host_path, text in files.items():
        if text.startswith("->"):
            path = os.path.join(root, host_path.lstrip("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(text[2:], path)
        else:
            write(root, host_path, text)


def extra_cases(rng):
    """(label, build(root), extra host path, extra text): the fixed cases, then random trees each
    with a random extra file in a random folder (or /etc/sysctl.conf)."""
    for i, (name, files, host_path, text) in enumerate(EXTRA_CASES):
        yield "extra%02d (%s)" % (i, name), (lambda root, files=files: build_case(root, files)), host_path, text
    for i in range(EXTRA_RANDOM):
        seed = rng.random()
        where = rng.choice(DIRS + ["etc"])
        host_path = "/etc/sysctl.conf" if where == "etc" else "/%s/%s" % (where, rng.choice(NAMES))
        eol = "\r\n" if rng.random() < 0.15 else "\n"
        text = eol.join(random_line(rng) for _ in range(rng.randint(1, 8))) + eol
        yield "extra-random%02d (%s)" % (i, host_path), (lambda root, seed=seed: make_tree(random.Random(seed), root)), \
            host_path, text


def main():
    if os.geteuid() != 0:
        print("SKIP: needs root for unshare -m -n (private mounts and a throwaway network namespace)")
        return 0
    binary = sys.argv[1]
    helper = sys.argv[2]
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
            if not compare("tree%02d" % n, root, mode, ours(binary, root, mode)):
                failures += 1
    print("%d trees x %s: %d mismatches" % (TREES, "+".join(modes), failures))

    extra_failures, cases = 0, 0
    for label, build, host_path, text in extra_cases(rng):
        cases += 1
        for mode in modes:
            root = os.path.join(base, "extra%03d-%s" % (cases, mode))
            build(root)
            body = ours_with_extra(helper, root, mode, host_path, text)
            place(root, host_path, text)
            if not compare(label, root, mode, body):
                extra_failures += 1
    print("%d extra-file cases x %s: %d mismatches" % (cases, "+".join(modes), extra_failures))
    failures += extra_failures
    if failures == 0:
        shutil.rmtree(base, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
