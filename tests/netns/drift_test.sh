#!/bin/sh
# `drift` on the real kernel, in throwaway namespaces: after an apply, a second writer changes the
# key (procps `sysctl -w`, as TuneD or an operator would) and drift reports it, with exit 1; a key
# the boot files set to another value is "lost at reboot"; --netns compares a container's applies.
. "$(dirname "$0")/lib.sh"
outer_namespace "$@"

# A host that churns connections to a loopback upstream, so the load-balancer plan proposes
# tcp_tw_reuse=1 (rule tw-reuse-on-connecting-side), and a boot file for tcp_fin_timeout.
echo "40000 40999" > /proc/sys/net/ipv4/ip_local_port_range
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse
cat > "$T/churn.py" <<'PY'
import socket
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 9000)); srv.listen(1024)
for _ in range(600):
    c = socket.create_connection(("127.0.0.1", 9000)); a, _ = srv.accept(); c.close(); a.close()
PY
python3 "$T/churn.py"
printf 'net.ipv4.tcp_fin_timeout = 30\n' > /etc/sysctl.d/50-fin.conf
echo 30 > /proc/sys/net/ipv4/tcp_fin_timeout

run apply --profile load-balancer --yes --state-dir "$STATE" --persist-file /etc/sysctl.d/90-sysctl-advisor.conf
expect_eq "$rc" 0 "apply exits 0"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 1 "tcp_tw_reuse applied"

run drift --state-dir "$STATE"
expect_eq "$rc" 0 "right after apply: no drift, exit 0"
expect_contains "$T/out" "No drift" "drift says so"

# The second writer.
sysctl -q -w net.ipv4.tcp_tw_reuse=2 || fail "sysctl -w"
echo 45 > /proc/sys/net/ipv4/tcp_fin_timeout
run drift --state-dir "$STATE"
expect_eq "$rc" 1 "after another writer: exit 1"
expect_contains "$T/out" "Drift: 2 of" "two keys drift"
expect_contains "$T/out" "changed since apply" "tcp_tw_reuse changed since the apply"
expect_contains "$T/out" "30 (/etc/sysctl.d/50-fin.conf:1)" "the boot value of tcp_fin_timeout with its file:line"
run drift --state-dir "$STATE" --format json
expect_eq "$rc" 1 "json: exit 1"
cp "$T/out" "$T/drift.json"
json "$T/drift.json" "d['schema'] == 'sysctl-advisor/drift/v1' and d['changed_since_apply'] == 1 and d['lost_at_reboot'] == 2" "json counts: 1 changed since apply, 2 lost at reboot"
json "$T/drift.json" "[k for k in d['keys'] if k['key'] == 'net.ipv4.tcp_tw_reuse'][0]['live'] == '2' and [k for k in d['keys'] if k['key'] == 'net.ipv4.tcp_tw_reuse'][0]['applied']['value'] == '1' and [k for k in d['keys'] if k['key'] == 'net.ipv4.tcp_tw_reuse'][0]['boot']['file'] == '/etc/sysctl.d/90-sysctl-advisor.conf'" \
  "tcp_tw_reuse: live 2, applied 1, boot from the persisted file"
json "$T/drift.json" "[k for k in d['keys'] if k['key'] == 'net.ipv4.tcp_fin_timeout'][0]['lost_at_reboot'] and not [k for k in d['keys'] if k['key'] == 'net.ipv4.tcp_fin_timeout'][0]['changed_since_apply']" \
  "tcp_fin_timeout: lost at reboot, never applied"
run drift --state-dir "$STATE" --format prometheus
expect_eq "$rc" 0 "prometheus: exit 0 with drift (the metrics carry it)"
expect_contains "$T/out" 'sysctl_advisor_drift_keys{kind="lost_at_reboot"} 2' "prometheus: 2 keys lost at reboot"
expect_contains "$T/out" 'sysctl_advisor_drift_keys{kind="changed_since_apply"} 1' "prometheus: 1 key changed since apply"
expect_contains "$T/out" 'sysctl_advisor_drift_key{key="net.ipv4.tcp_tw_reuse",kind="changed_since_apply",written_by=""} 1' "prometheus: the changed key named"
if command -v promtool > /dev/null; then
  promtool check metrics < "$T/out" > "$T/lint" 2>&1 || fail "promtool check metrics: $(cat "$T/lint")"
  ok "promtool accepts the drift metrics"
fi

# Put them back: no drift again.
echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse
echo 30 > /proc/sys/net/ipv4/tcp_fin_timeout
run drift --state-dir "$STATE"
expect_eq "$rc" 0 "values restored: exit 0"

# A boot line with a comment after its value: the loader writes "37 # note" and the kernel stores
# 37 (an integer key ignores the rest of the write). procps writes it here as it would at boot;
# drift must not call the live 37 "lost at reboot" (it did: it compared the texts).
printf 'net.ipv4.tcp_keepalive_intvl = 37 # note\n' > /etc/sysctl.d/50-keepalive.conf
sysctl -q -p /etc/sysctl.d/50-keepalive.conf || fail "procps did not apply '37 # note'"
expect_eq "$(val net.ipv4.tcp_keepalive_intvl)" 37 "the kernel stored 37 from '37 # note'"
run drift --state-dir "$STATE"
expect_eq "$rc" 0 "a comment after a boot value is no drift: exit 0"
rm /etc/sysctl.d/50-keepalive.conf

# A container: an apply in it, then a change in it; the host's drift does not see it.
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
run apply --netns $CPID --profile load-balancer --yes --state-dir "$STATE"
expect_eq "$rc" 0 "apply --netns exits 0"
run drift --netns $CPID --state-dir "$STATE"
expect_eq "$rc" 0 "container right after apply: no drift"
nsenter --net=/proc/$CPID/ns/net sh -c 'echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse'
run drift --netns $CPID --state-dir "$STATE" --format json
expect_eq "$rc" 1 "container changed by another writer: exit 1"
json "$T/out" "d['netns'].startswith('net:[') and d['boot_applies'] is False and d['changed_since_apply'] == 1 and d['lost_at_reboot'] == 0" \
  "drift --netns: 1 changed since apply, boot files not compared"
run drift --state-dir "$STATE"
expect_eq "$rc" 0 "the host's drift ignores the container's apply"
echo PASS
