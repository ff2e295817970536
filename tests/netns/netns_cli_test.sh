#!/bin/sh
# `--netns PID` on the real kernel: a "container" (an `unshare -n` namespace running a server and a
# client that churns connections) seen from outside. plan and snapshot show its values and its
# sockets, not the host's; the host's sysctl.d values that do not reach it are reported; apply
# changes that namespace only, persists nothing and prints the runtime snippets; rollback --netns
# restores it. The "host" is itself a throwaway namespace: the real host is never touched.
. "$(dirname "$0")/lib.sh"
outer_namespace "$@"

# The host's configuration, applied to the host's namespace as the boot loader would.
cat > /etc/sysctl.d/60-host.conf <<'CONF'
net.ipv4.tcp_fin_timeout = 25
net.core.somaxconn = 8192
CONF
echo 25 > /proc/sys/net/ipv4/tcp_fin_timeout
echo 8192 > /proc/sys/net/core/somaxconn
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1", 9999)); s.listen(); print("ready"); time.sleep(600)' > "$T/host-listener.out" &
HOLDERS="$!"

# The container: 1,000 local ports, tcp_tw_reuse 0, 600 connections closed by the client (TIME_WAIT
# towards 127.0.0.1:9000, the upstream), and a listener on 9000.
cat > "$T/container.py" <<'PY'
import socket, time
open("/proc/sys/net/ipv4/ip_local_port_range", "w").write("40000 40999")
open("/proc/sys/net/ipv4/tcp_tw_reuse", "w").write("0")
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 9000)); srv.listen(1024)
for _ in range(600):
    c = socket.create_connection(("127.0.0.1", 9000)); a, _ = srv.accept(); c.close(); a.close()
print("ready", flush=True)
time.sleep(600)
PY
start_container "$T/container.py"
INODE=$(stat -L -c %i /proc/$CPID/ns/net)

# snapshot: the container's values, counters and sockets.
run snapshot --netns $CPID --format json
expect_eq "$rc" 0 "snapshot --netns exits 0"
cp "$T/out" "$T/snap.json"
json "$T/snap.json" "d['netns'] == {'target': 'PID $CPID', 'inode': $INODE}" "the snapshot names the namespace (target and inode)"
json "$T/snap.json" "d['sysctl']['net.ipv4.tcp_fin_timeout']== '60'" "tcp_fin_timeout is the container's 60, not the host's 25"
json "$T/snap.json" "d['sysctl']['net.ipv4.ip_local_port_range']== '40000 40999'" "the container's port range"
json "$T/snap.json" "d['sockets']['states'].get('time-wait', 0) >= 600" "the container's 600 TIME_WAIT sockets are counted"
json "$T/snap.json" "d['sockets']['states'].get('listen', 0) == 1" "one listener: the container's, not the host's 9999"
json "$T/snap.json" "d['sockets']['source'] == 'netlink'" "the census came through netlink inside the namespace"
json "$T/snap.json" "d['counters']['Tcp.ActiveOpens'] >= 600" "the container's own TCP counters"
run snapshot --format json
cp "$T/out" "$T/host-snap.json"
json "$T/host-snap.json" "'netns' not in d and d['sockets']['states'].get('time-wait', 0) == 0" "without --netns: the host's namespace, no TIME_WAIT"

# plan: the container's census drives the rules; the host's configuration does not reach it.
run plan --netns $CPID --profile load-balancer --format json
expect_eq "$rc" 0 "plan --netns exits 0"
cp "$T/out" "$T/plan.json"
json "$T/plan.json" "d['netns']['inode'] == $INODE and d['netns']['host'] is False" "the plan names the namespace"
json "$T/plan.json" "any(c['key'] == 'net.ipv4.tcp_tw_reuse' and c['proposed'] == '1' and '127.0.0.1:9000' in c['reason'] for c in d['changes'])" \
  "tcp_tw_reuse=1 proposed from the container's TIME_WAIT towards 127.0.0.1:9000"
json "$T/plan.json" "any(f['rule'] == 'host-config-not-in-netns' and f['key'] == 'net.ipv4.tcp_fin_timeout' and f['file'] == '/etc/sysctl.d/60-host.conf' and f['line'] == 1 and 'runs 60' in f['message'] for f in d['findings'])" \
  "tcp_fin_timeout = 25 from /etc/sysctl.d/60-host.conf:1 reported as not reaching the namespace"
json "$T/plan.json" "any(f['rule'] == 'host-config-not-in-netns' and f['key'] == 'net.core.somaxconn' and 'runs 4096' in f['message'] for f in d['findings'])" \
  "somaxconn = 8192 reported: the namespace runs 4096"
run plan --netns $CPID --profile load-balancer
expect_contains "$T/out" "Netns:   net:[$INODE] (PID $CPID)" "the text plan says which namespace it describes"
run plan --profile load-balancer --format json
cp "$T/out" "$T/host-plan.json"
json "$T/host-plan.json" "'netns' not in d and not any(f['rule'] == 'host-config-not-in-netns' for f in d['findings'])" "the host's own plan has no such finding"

# apply --netns: the container changes, the host does not, nothing is persisted, snippets printed.
run apply --netns $CPID --profile load-balancer --yes --state-dir "$STATE"
expect_eq "$rc" 0 "apply --netns exits 0"
expect_eq "$(nsval $CPID net.ipv4.tcp_tw_reuse)" 1 "the container's tcp_tw_reuse is 1"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 0 "the host's tcp_tw_reuse is untouched"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 25 "the host's tcp_fin_timeout is untouched"
[ ! -e /etc/sysctl.d/90-sysctl-advisor.conf ] || fail "apply --netns persisted into the host's sysctl.d"
ok "nothing persisted in the host's sysctl.d"
expect_contains "$T/out" "securityContext:" "Kubernetes snippet printed"
expect_contains "$T/out" "- name: net.ipv4.tcp_tw_reuse" "the snippet names the key"
expect_contains "$T/out" 'value: "1"' "with its value as a string"
expect_contains "$T/out" "--sysctl 'net.ipv4.tcp_tw_reuse=1'" "docker run snippet printed"
expect_contains "$T/out" "Docker Compose" "Compose snippet printed"

# A plan file made for the container is refused for the host, and the other way round.
run plan --profile load-balancer --format json
cp "$T/out" "$T/host-plan2.json"
run apply --plan "$T/plan.json" --yes --state-dir "$STATE"
expect_eq "$rc" 2 "a container's plan applied without --netns is refused"
expect_contains "$T/err" "the plan was made for network namespace net:[$INODE]" "the refusal names the plan's namespace"

# rollback: without --netns it finds nothing of the host's; with it the container is restored.
run rollback --state-dir "$STATE"
expect_eq "$rc" 0 "rollback without --netns exits 0"
expect_contains "$T/out" "Nothing to roll back" "the container's apply is not the host's to roll back"
expect_eq "$(nsval $CPID net.ipv4.tcp_tw_reuse)" 1 "the container still has 1"
run rollback --netns $CPID --state-dir "$STATE"
expect_eq "$rc" 0 "rollback --netns exits 0"
expect_eq "$(nsval $CPID net.ipv4.tcp_tw_reuse)" 0 "the container's tcp_tw_reuse is back to 0"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 0 "the host's is still 0"

# What cannot be entered is said, and nothing is planned.
run plan --netns 999999999
expect_eq "$rc" 2 "a PID that does not exist: exit 2"
expect_contains "$T/err" "/proc/999999999/ns/net" "the error names the namespace file"
run plan --netns /etc/hostname
expect_eq "$rc" 2 "a file that is not a namespace: exit 2"
expect_contains "$T/err" "not a network namespace file" "and says so"
if command -v setpriv >/dev/null; then
  # root without CAP_SYS_ADMIN (out of the bounding set): it may open the namespace file, not enter it.
  setpriv --bounding-set=-sys_admin "$BIN" snapshot --netns $CPID >"$T/out" 2>"$T/err" </dev/null; rc=$?
  expect_eq "$rc" 2 "without CAP_SYS_ADMIN: exit 2"
  expect_contains "$T/err" "needs CAP_SYS_ADMIN" "it names the missing privilege"
  expect_contains "$T/err" "its sysctl values, counters and sockets are unknown" "without privilege it says what could not be read"
fi

# A namespace by name under /run/netns (ip netns add), in a private /run/netns.
# (/run may be read-only under Bazel's sandbox: a tmpfs over it, in this test's mount namespace only.)
if ! mkdir -p /run/netns 2>/dev/null; then mount -t tmpfs tmpfs /run && mkdir /run/netns || fail "private /run"; fi
mount -t tmpfs tmpfs /run/netns || fail "private /run/netns"
ip netns add blue || fail "ip netns add blue"
ip netns exec blue sh -c 'echo 33 > /proc/sys/net/ipv4/tcp_fin_timeout'
run snapshot --netns blue --format json
expect_eq "$rc" 0 "snapshot --netns NAME exits 0"
json "$T/out" "d['netns']['target'] == '/run/netns/blue' and d['sysctl']['net.ipv4.tcp_fin_timeout']== '33'" "a name under /run/netns is entered"
run snapshot --netns /run/netns/blue --format json
json "$T/out" "d['sysctl']['net.ipv4.tcp_fin_timeout']== '33'" "so is a path to a namespace file"
ip netns del blue
echo PASS
