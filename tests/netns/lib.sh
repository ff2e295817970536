# Shared by the --netns tests. Source it first thing.
# outer_namespace: re-runs the test as root inside fresh network + mount namespaces (the stand-in
# for "the host": nothing the test writes reaches the real host), hides the host's sysctl.d behind
# tmpfs, and gives a state folder on tmpfs. start_container then makes an inner namespace (the
# "container") with `unshare -n`, held by a process whose PID the tests pass to --netns.
set -u
# The helpers (fail, ok, expect_*, val, run) and the throwaway host namespace (in_namespace) are
# the apply tests' own: one definition of how a test hides the host.
. "$(dirname "$0")/../apply/lib.sh"

expect_not_contains() { ! grep -qF -- "$2" "$1" || fail "$3: '$2' in $1"; ok "$3"; }
# json FILE PYTHON_EXPR MESSAGE: the expression over the parsed document `d` must be true.
json() {
  /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" \
    || fail "$3 ($2)"
  ok "$3"
}
# The value of a key in PID's network namespace (tabs folded).
nsval() { nsenter --net=/proc/$1/ns/net sh -c "tr -s '\t ' '  ' < /proc/sys/$(echo "$2" | tr . /)" | sed 's/ *$//'; }

# outer_namespace: in_namespace (the stand-in for "the host"), with loopback up for the census and
# every container holder killed at exit.
outer_namespace() {
  in_namespace "$@"
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
