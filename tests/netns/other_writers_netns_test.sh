#!/bin/sh
# Other writers seen running (docs/writers.md), in throwaway network, mount and PID namespaces: a
# fake bpftune (a copy of sleep named bpftune, so /proc/PID/comm says bpftune) and a fake kube-proxy
# (argv[0] "kube-proxy" with a conntrack flag). plan names them with their pids, apply refuses the
# key bpftune owns until --force, drift names bpftune as the probable writer of a later change.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then
  echo "SKIP: needs root for unshare -n -m -p (running as uid $(id -u))"
  exit 0
fi
# A PID namespace of our own, so /proc lists only this test's processes, never the host's.
if [ -z "${SA_IN_PIDNS:-}" ]; then
  SA_IN_PIDNS=1 SA_IN_NS=1 exec unshare -n -m -p --fork --mount-proc sh "$0" "$@"
fi
outer_namespace "$@"

cp /bin/sleep "$T/bpftune"
"$T/bpftune" 600 &
BPID=$!
HOLDERS="${HOLDERS:-} $BPID"
/usr/bin/python3 -c 'import os; os.execv("/usr/bin/python3", ["kube-proxy", "-c", "import time; time.sleep(600)", "--conntrack-tcp-timeout-established=2h"])' &
KPID=$!
HOLDERS="$HOLDERS $KPID"
i=0
until [ "$(cat /proc/$BPID/comm 2>/dev/null)" = bpftune ] && tr '\0' ' ' < /proc/$KPID/cmdline 2>/dev/null | grep -q '^kube-proxy'; do
  i=$((i + 1)); [ $i -gt 100 ] && fail "the fake writers did not start"
  sleep 0.05
done
ok "fake bpftune (pid $BPID, comm bpftune) and kube-proxy (pid $KPID, argv[0]) running"

# A rule of the operator's proposing tcp_syncookies = 2, a key bpftune's tcp_buffer_tuner owns.
cat > "$T/local.toml" <<'TOML'
[[rule]]
id = "test-syncookies-always"
title = "Test: SYN cookies always"
severity = "warning"
condition = 'value("net.ipv4.tcp_syncookies") != 2'
set = { key = "net.ipv4.tcp_syncookies", value = "2" }
reason = "a test rule"
references = ["tests/netns/other_writers_netns_test.sh"]
TOML
expect_eq "$(val net.ipv4.tcp_syncookies)" 1 "the namespace starts with tcp_syncookies = 1"

run plan --profile generic --local-rules "$T/local.toml"
expect_eq "$rc" 0 "plan exits 0"
expect_contains "$T/out" "bpftune (pid $BPID) sets net.ipv4.tcp_syncookies: set by bpftune (value chosen at runtime, as load changes): the change to 2 will not stay" \
  "plan: bpftune by pid, and the change will not stay"
expect_contains "$T/out" "see: oracle/bpftune src/tcp_buffer_tuner.c: descs[] TCP_BUFFER_TCP_SYNCOOKIES" "plan: cites bpftune's source"
expect_contains "$T/out" "kube-proxy (pid $KPID) sets net.netfilter.nf_conntrack_tcp_timeout_established = 7200 (from --conntrack-tcp-timeout-established=2h)" \
  "plan: kube-proxy's value from its flag"
expect_contains "$T/out" "kube-proxy (pid $KPID) sets net.netfilter.nf_conntrack_max: set by kube-proxy to max(32768 x CPUs, 131072) (its default)" \
  "plan: kube-proxy's default conntrack max"

run apply --profile generic --local-rules "$T/local.toml" --yes --state-dir "$STATE" --no-persist
expect_eq "$rc" 2 "apply: bpftune owns the key: exit 2"
expect_contains "$T/err" "another writer owns net.ipv4.tcp_syncookies = 2: bpftune (pid $BPID) sets net.ipv4.tcp_syncookies" "apply names bpftune and its pid"
expect_eq "$(val net.ipv4.tcp_syncookies)" 1 "nothing written to /proc"
expect_absent "$STATE" "no journal"

run apply --profile generic --local-rules "$T/local.toml" --yes --state-dir "$STATE" --persist-file /etc/sysctl.d/90-sysctl-advisor.conf --force
expect_eq "$rc" 0 "apply --force: exit 0"
expect_contains "$T/err" "the other writer may undo this change when it writes again" "--force: says bpftune may undo it"
expect_eq "$(val net.ipv4.tcp_syncookies)" 2 "--force: applied"

# bpftune (here: us, as it would) writes the key again: drift names it.
echo 1 > /proc/sys/net/ipv4/tcp_syncookies
run drift --state-dir "$STATE"
expect_eq "$rc" 1 "drift: exit 1"
expect_contains "$T/out" "changed since apply" "drift: changed since the apply"
expect_contains "$T/out" "probably written by bpftune (pid $BPID)" "drift: probably written by bpftune"
run drift --state-dir "$STATE" --format json
cp "$T/out" "$T/drift.json"
json "$T/drift.json" "[k for k in d['keys'] if k['key'] == 'net.ipv4.tcp_syncookies'][0]['written_by'] == 'bpftune (pid $BPID)'" "drift JSON: written_by"

# The writers stop: nothing is reported any more.
kill $BPID $KPID; wait $BPID $KPID 2>/dev/null
run plan --profile generic
expect_not_contains "$T/out" "bpftune (pid" "plan: a stopped bpftune is no writer"
echo PASS
