#!/bin/bash
# Prometheus: `snapshot --format prometheus` and `plan --format prometheus` written into a textfile
# folder are served by Debian's real prometheus-node-exporter (on loopback) with the values the
# tool computed; promtool accepts the metrics and examples/prometheus/alerts.yml.
source "$TEST_SRCDIR/sysctl_advisor/tests/packaging/lib.sh"
NE=/usr/bin/prometheus-node-exporter
if [ ! -x "$NE" ]; then echo "SKIP: prometheus-node-exporter not installed (tools/setup.sh installs it)"; exit 0; fi

# A census in the tree: a listener on :80, TIME_WAIT towards 15 upstreams (300 to the first, fewer
# to the rest: the top 10 only get a port-share series), 12 CLOSE_WAIT from clients.
{
  echo "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
  echo "   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0"
  n=1
  for up in $(seq 1 15); do
    for i in $(seq 1 $((up == 1 ? 300 : 20 - up))); do
      printf '%4d: 0100000A:%04X %02X00000A:1F90 06 00000000:00000000 03:00000D2A 00000000     0        0 0 3 0000000000000000\n' $n $((40000 + n)) $((up + 6))
      n=$((n + 1))
    done
  done
  for i in $(seq 1 12); do
    printf '%4d: 0100000A:0050 0200A8C0:%04X 08 00000000:00000000 00:00000000 00000000     0        0 %d 1 0000000000000000\n' $n $((50000 + i)) $((1000 + i))
    n=$((n + 1))
  done
} > "$LB_ROOT/proc/net/tcp"

TF="$T/textfile" && rm -rf "$TF" && mkdir -p "$TF"
"$BIN" snapshot --root "$LB_ROOT" --format prometheus > "$TF/sysctl_advisor_snapshot.prom" || fail "snapshot --format prometheus"
"$BIN" plan --root "$LB_ROOT" --profile load-balancer --format prometheus > "$TF/sysctl_advisor_plan.prom" || fail "plan --format prometheus"
"$BIN" snapshot --root "$LB_ROOT" --format json > "$T/snap.json"
"$BIN" plan --root "$LB_ROOT" --profile load-balancer --format json > "$T/plan.json"

if command -v promtool > /dev/null; then
  for f in "$TF"/*.prom; do
    promtool check metrics < "$f" > "$T/lint.txt" 2>&1 || fail "promtool check metrics $(basename "$f"): $(cat "$T/lint.txt")"
  done
  promtool check rules "$RUNFILES/examples/prometheus/alerts.yml" > "$T/rules.txt" 2>&1 || fail "promtool check rules: $(cat "$T/rules.txt")"
else
  echo "SKIP promtool checks: promtool not installed"
fi

# node_exporter on a free loopback port, textfile collector only.
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  "$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults --collector.textfile \
    --collector.textfile.directory="$TF" > "$T/ne.log" 2>&1 &
  ne=$!
  for _ in $(seq 50); do
    python3 -c "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:$port/metrics').read().decode())" \
      > "$T/metrics.txt" 2>/dev/null && break
    kill -0 "$ne" 2>/dev/null || break
    sleep 0.1
  done
  [ -s "$T/metrics.txt" ] && break
  kill "$ne" 2>/dev/null; wait "$ne" 2>/dev/null
done
kill "$ne" 2>/dev/null; wait "$ne" 2>/dev/null
[ -s "$T/metrics.txt" ] || { fail "no scrape from node_exporter: $(tail -5 "$T/ne.log")"; finish; }

expect_in "$T/metrics.txt" "node_textfile_scrape_error 0"
# The values node_exporter serves are the tool's, as its JSON says them.
want() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
tw=$(want "$T/snap.json" "d['sockets']['states'].get('time-wait', 0)")
cw=$(want "$T/snap.json" "d['sockets']['states'].get('close-wait', 0)")
expect_in "$T/metrics.txt" "sysctl_advisor_tcp_sockets{state=\"time-wait\"} $tw"
expect_in "$T/metrics.txt" "sysctl_advisor_tcp_sockets{state=\"close-wait\"} $cw"
errors=$(want "$T/plan.json" "sum(1 for f in d['findings'] if f['rule'] == 'tw-recycle-set-on-kernel-without-it')")
expect_in "$T/metrics.txt" "sysctl_advisor_plan_findings{rule=\"tw-recycle-set-on-kernel-without-it\",severity=\"error\"} $errors"
changes=$(want "$T/plan.json" "len(d['changes'])")
expect_in "$T/metrics.txt" "sysctl_advisor_plan_pending_changes $changes"
expect_in "$T/metrics.txt" "sysctl_advisor_plan_info{kernel=\"$(want "$T/plan.json" "d.get('kernel','')")\",profile=\"load-balancer\"} 1"
top=$(want "$T/snap.json" "d['sockets']['peers'][0]['remote'] if d['sockets']['peers'] else ''")
share=$(want "$T/snap.json" "repr(d['sockets']['peers'][0]['port_share'])")
[ "$top" = "10.0.0.7:8080" ] || fail "largest destination group is '$top', want 10.0.0.7:8080"
[ "$tw" = 461 ] || fail "census: $tw TIME_WAIT, want 300 + 18 + 17 + ... + 5 = 461"
# Per source address and per listener, as the snapshot's JSON says them.
src=$(want "$T/snap.json" "d['sockets']['sources'][0]['local']")
ports=$(want "$T/snap.json" "d['sockets']['sources'][0]['ports']")
[ "$src" = 10.0.0.1 ] && [ "$ports" = 461 ] || fail "busiest source: $src with $ports ports, want 10.0.0.1 with 461"
expect_in "$T/metrics.txt" "sysctl_advisor_source_ports{family=\"ipv4\",local=\"10.0.0.1\"} 461"
expect_in "$T/metrics.txt" "sysctl_advisor_listener_accept_queue{local=\"0.0.0.0:80\"} $(want "$T/snap.json" "d['sockets']['listeners'][0]['queue']")"
python3 - "$T/metrics.txt" "$top" "$share" <<'PY' || fail "port share of $top not served as $share"
import re, sys
text, top, share = open(sys.argv[1]).read(), sys.argv[2], float(sys.argv[3])
m = re.search(r'^sysctl_advisor_destination_port_share_ratio\{remote="%s",state="time-wait"\} (\S+)$' % re.escape(top), text, re.M)
sys.exit(0 if m and abs(float(m.group(1)) - share) < 1e-9 else 1)
PY
n_share=$(grep -c '^sysctl_advisor_destination_port_share_ratio' "$T/metrics.txt")
[ "$n_share" = 10 ] || fail "$n_share port-share series for 15 destinations: want the top 10 only (bounded cardinality)"
expect_in "$T/metrics.txt" "sysctl_advisor_destination_groups 15"

# Rates when sampled (here the fake tree's counters do not move: 0 per second, but present).
"$BIN" snapshot --root "$LB_ROOT" --sample 0.2 --format prometheus > "$T/sampled.prom"
expect_in "$T/sampled.prom" "sysctl_advisor_tcp_counter_per_second{counter=\"TcpExt.ListenOverflows\"} 0"
finish
