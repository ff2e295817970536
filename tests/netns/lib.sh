# Shared by the --netns tests. Source it first thing.
# outer_namespace: re-runs the test as root inside fresh network + mount namespaces (the stand-in
# for "the host": nothing the test writes reaches the real host), hides the host's sysctl.d behind
# tmpfs, and gives a state folder on tmpfs. start_container then makes an inner namespace (the
# "container") with `unshare -n`, held by a process whose PID the tests pass to --netns.
set -u
BIN=${SYSCTL_ADVISOR_BIN:-${TEST_SRCDIR:-}/sysctl_advisor/sysctl-advisor}

fail() { echo "FAIL: $*" >&2; [ -n "${T:-}" ] && for f in "$T"/out "$T"/err; do [ -f "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }; done; exit 1; }
ok() { echo "ok: $*"; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; ok "$3"; }
expect_contains() { grep -qF -- "$2" "$1" || fail "$3: '$2' not in $1"; ok "$3"; }
expect_not_contains() { ! grep -qF -- "$2" "$1" || fail "$3: '$2' in $1"; ok "$3"; }
run() { "$BIN" "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; }
# json FILE PYTHON_EXPR MESSAGE: the expression over the parsed document `d` must be true.
json() {
  /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" \
    || fail "$3 ($2)"
  ok "$3"
}
# The value of a key in the namespace of this shell (tabs folded), or in PID's with `nsval PID KEY`.
val() { tr -s '\t ' '  ' < "/proc/sys/$(echo "$1" | tr . /)" | sed 's/ *$//'; }
nsval() { nsenter --net=/proc/$1/ns/net sh -c "tr -s '\t ' '  ' < /proc/sys/$(echo "$2" | tr . /)" | sed 's/ *$//'; }

outer_namespace() {
  if [ "$(id -u)" != 0 ]; then
    echo "SKIP: needs root for unshare -n -m and setns (running as uid $(id -u))"
    exit 0
  fi
  if [ -z "${SA_IN_NS:-}" ]; then
    SA_IN_NS=1 exec unshare -n -m sh "$0" "$@"
  fi
  mount --make-rprivate / || fail "mount --make-rprivate /"
  T=${TEST_TMPDIR:-/tmp}/netns.$$
  mkdir -p "$T" && mount -t tmpfs -o size=16m,mode=0755 tmpfs "$T" || fail "tmpfs on $T"
  for d in /etc/sysctl.d /run/sysctl.d /usr/local/lib/sysctl.d /usr/lib/sysctl.d; do
    if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o mode=0755 tmpfs "$d" || fail "tmpfs on $d"; fi
  done
  : > "$T/empty"
  if [ -f /etc/sysctl.conf ]; then mount --bind "$T/empty" /etc/sysctl.conf || fail "hide /etc/sysctl.conf"; fi
  STATE=$T/state
  ip link set lo up
  trap 'for p in ${HOLDERS:-}; do kill $p 2>/dev/null; done' EXIT
}

# start_container SCRIPT: runs python3 SCRIPT in a new network namespace (loopback up); waits for it
# to print "ready" and sets CPID to its PID.
start_container() {
  unshare -n sh -c 'ip link set lo up; exec /usr/bin/python3 -u "$1"' - "$1" > "$T/container.out" 2>&1 &
  CPID=$!
  HOLDERS="${HOLDERS:-} $CPID"
  i=0
  while ! grep -q ready "$T/container.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 200 ] && { cat "$T/container.out"; fail "the container did not start"; }
    sleep 0.05
  done
  # unshare execs sh which execs python: the PID is the namespace's process.
  [ "$(stat -L -c %i /proc/$CPID/ns/net)" != "$(stat -L -c %i /proc/self/ns/net)" ] || fail "container shares our namespace"
}
