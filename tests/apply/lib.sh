# Shared by the apply/rollback/history tests. Source it first thing.
#
# Two kinds of test:
#  - in_namespace: re-runs the test as root inside fresh network + mount namespaces. /proc/sys/net
#    is then the new namespace's own (kernel defaults, thrown away at exit), the sysctl.d folders
#    and /etc/sysctl.conf (and the other writers' TuneD, ufw and systemd unit folders) are hidden
#    behind empty tmpfs/binds, and the state folder is on a tmpfs.
#    Nothing reaches the host: `mount --make-rprivate /` first, so no mount propagates out.
#  - fake_root: a --root tree with regular files as /proc/sys, for what needs no kernel.
set -u

BIN=${SYSCTL_ADVISOR_BIN:-${TEST_SRCDIR:-}/sysctl_advisor/sysctl-advisor}
FIX=${TEST_SRCDIR:-}/sysctl_advisor/tests/apply/fixtures
[ -n "${SYSCTL_ADVISOR_FIXTURES:-}" ] && FIX=$SYSCTL_ADVISOR_FIXTURES
PERSIST=/etc/sysctl.d/90-sysctl-advisor.conf

fail() { echo "FAIL: $*" >&2; [ -n "${T:-}" ] && for f in "$T"/out "$T"/err; do [ -f "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }; done; exit 1; }
ok() { echo "ok: $*"; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; ok "$3"; }
expect_contains() { grep -qF -- "$2" "$1" || fail "$3: '$2' not in $1"; ok "$3"; }
expect_absent() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "$2: $1 exists"; ok "$2"; }

# The value of a key as the contract prints it (tabs folded).
val() { tr -s '\t ' '  ' < "${ROOT:-}/proc/sys/$(echo "$1" | tr . /)" | sed 's/ *$//'; }

# run NAME ARGS...: runs the binary, stdout to $T/out, stderr to $T/err, exit status in $rc.
run() { "$BIN" "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; }

# Waits (up to 10 s) until FILE contains TEXT.
wait_for() {
  i=0
  while ! grep -qF -- "$2" "$1" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 200 ] && fail "timed out waiting for '$2' in $1"
    sleep 0.05
  done
}

# stamped NAME [KEY=CURRENT ...]: the fixture plan NAME as if `plan` had made it on this host (fake
# root or namespace): its "host" is this host's hostname, boot id, kernel and network namespace, and
# each KEY's "current" is CURRENT when given. Prints the copy's path.
stamped() {
  name=$1; shift
  /usr/bin/python3 - "$FIX/$name" "$T/stamped-$name" "${ROOT:-}" "$@" <<'PY'
import json, os, sys
src, dst, root = sys.argv[1], sys.argv[2], sys.argv[3]
currents = dict(a.split("=", 1) for a in sys.argv[4:])
def first(p):
    try:
        with open(root + p) as f: return " ".join(f.readline().split())
    except OSError: return ""
try: ns = os.readlink(root + "/proc/self/ns/net")
except OSError: ns = ""
plan = json.load(open(src))
plan["host"] = {"hostname": first("/proc/sys/kernel/hostname"), "boot_id": first("/proc/sys/kernel/random/boot_id"),
                "kernel": first("/proc/sys/kernel/osrelease"), "netns": ns}
for c in plan["changes"]:
    if c["key"] in currents: c["current"] = currents[c["key"]]
json.dump(plan, open(dst, "w"), indent=1)
PY
  echo "$T/stamped-$name"
}

# The fresh namespace's defaults (KNOWLEDGE.md; a new netns starts from kernel defaults).
NS_DEFAULTS="net.ipv4.tcp_tw_reuse=2 net.ipv4.ip_local_port_range=32768 60999 net.ipv4.tcp_fin_timeout=60 net.core.somaxconn=4096"
expect_defaults() {
  expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "$1: tcp_tw_reuse as before"
  expect_eq "$(val net.ipv4.ip_local_port_range)" "32768 60999" "$1: ip_local_port_range as before"
  expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "$1: tcp_fin_timeout as before"
  expect_eq "$(val net.core.somaxconn)" 4096 "$1: somaxconn as before"
}
expect_lb_applied() {
  expect_eq "$(val net.ipv4.tcp_tw_reuse)" 1 "$1: tcp_tw_reuse applied"
  expect_eq "$(val net.ipv4.ip_local_port_range)" "1024 65000" "$1: ip_local_port_range applied"
  expect_eq "$(val net.ipv4.tcp_fin_timeout)" 30 "$1: tcp_fin_timeout applied"
  expect_eq "$(val net.core.somaxconn)" 8192 "$1: somaxconn applied"
}

in_namespace() {
  if [ "$(id -u)" != 0 ]; then
    echo "SKIP: needs root for unshare -n -m and tmpfs mounts (running as uid $(id -u))"
    exit 0
  fi
  if [ -z "${SA_IN_NS:-}" ]; then
    SA_IN_NS=1 exec unshare -n -m sh "$0" "$@"
  fi
  mount --make-rprivate / || fail "mount --make-rprivate /"
  T=${TEST_TMPDIR:-/tmp}/ns.$$
  mkdir -p "$T" && mount -t tmpfs -o size=16m,mode=0755 tmpfs "$T" || fail "tmpfs on $T"
  for d in /etc/sysctl.d /run/sysctl.d /usr/local/lib/sysctl.d /usr/lib/sysctl.d; do
    if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o mode=0755 tmpfs "$d" || fail "tmpfs on $d"; fi
  done
  : > "$T/empty"
  if [ -f /etc/sysctl.conf ]; then mount --bind "$T/empty" /etc/sysctl.conf || fail "hide /etc/sysctl.conf"; fi
  # The other writers plan and apply look for (docs/writers.md): a CI host's TuneD profile, ufw or
  # units must not make these tests' applies be refused. (Their processes stay visible.)
  for d in /etc/tuned /usr/lib/tuned /etc/ufw /etc/systemd/system; do
    if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o mode=0755 tmpfs "$d" || fail "tmpfs on $d"; fi
  done
  for f in /etc/rc.local /etc/default/ufw; do
    if [ -f "$f" ]; then mount --bind "$T/empty" "$f" || fail "hide $f"; fi
  done
  STATE=$T/state
  ROOT=
  # Belt and braces: this must be a new network namespace with the kernel's defaults.
  [ "$(val net.ipv4.tcp_tw_reuse)" = 2 ] || fail "not in a fresh network namespace (tcp_tw_reuse=$(val net.ipv4.tcp_tw_reuse))"
}

fake_root() {
  T=${TEST_TMPDIR:-$(mktemp -d)}/fake.$$
  ROOT=$T/root
  mkdir -p "$ROOT/proc/sys/net/ipv4" "$ROOT/proc/sys/net/core" "$ROOT/etc/sysctl.d" "$ROOT/proc/sys/kernel"
  printf '2\n' > "$ROOT/proc/sys/net/ipv4/tcp_tw_reuse"
  printf '32768\t60999\n' > "$ROOT/proc/sys/net/ipv4/ip_local_port_range"
  printf '60\n' > "$ROOT/proc/sys/net/ipv4/tcp_fin_timeout"
  printf '4096\n' > "$ROOT/proc/sys/net/core/somaxconn"
  printf '6.18.0\n' > "$ROOT/proc/sys/kernel/osrelease"
  printf 'fakehost\n' > "$ROOT/proc/sys/kernel/hostname"
  mkdir -p "$ROOT/proc/sys/kernel/random" "$ROOT/proc/self/ns"
  printf '0f6e3b7c-1d2a-4e5f-8a9b-0c1d2e3f4a5b\n' > "$ROOT/proc/sys/kernel/random/boot_id"
  ln -s 'net:[4026531840]' "$ROOT/proc/self/ns/net"
  printf 'root:x:0:0:root:/root:/bin/bash\n' > "$ROOT/etc/passwd"
  STATE=$ROOT/var/lib/sysctl-advisor
  PERSIST=$ROOT/etc/sysctl.d/90-sysctl-advisor.conf
}
