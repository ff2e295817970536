#!/bin/sh
# Conntrack on the real kernel, in throwaway network namespaces only (docs/conntrack.md):
# - an nft output-hook rule with `ct state new counter` makes loopback flows tracked; 2,000 UDP
#   flows to distinct ports give the namespace exactly 2,000 entries, and `snapshot` and `plan` read
#   that namespace's own nf_conntrack_count (compared with /proc read in the same namespace);
# - nf_conntrack_max there is the host's value, mode 0444: a plan made in the namespace never
#   proposes it, it says to set it on the host (global-key-in-netns), while the per-namespace
#   ESTABLISHED timeout is still proposed;
# - `snapshot --netns PID` of a second namespace with 500 flows reads 500, not the creator's 2,000.
# The host's nf_conntrack_max is never written (it is one value for the machine): a truly small table
# cannot be made here, so the fill threshold is lowered with --local-rules instead, and the table
# full of entries is tested on a fake root (tests/scenarios/lb-nat-conntrack-full).
set -eu
BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
HERE=${TEST_SRCDIR}/sysctl_advisor/tests/live
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }
command -v nft > /dev/null || { echo "SKIP: nft not installed (tools/setup.sh installs nftables)"; exit 0; }
HOSTMAX=$(cat /proc/sys/net/netfilter/nf_conntrack_max 2>/dev/null || true)
[ -n "$HOSTMAX" ] || modprobe nf_conntrack 2>/dev/null || true
HOSTMAX=$(cat /proc/sys/net/netfilter/nf_conntrack_max 2>/dev/null) || { echo "SKIP: nf_conntrack cannot be loaded"; exit 0; }

exec unshare -n sh -s "$BIN" "$HERE" "$HOSTMAX" <<'INNER'
set -eu
BIN=$1 HERE=$2 HOSTMAX=$3
T=${TEST_TMPDIR:-/tmp}
. "$HERE/netns_lib.sh"
CT=/proc/sys/net/netfilter
# Track this namespace's loopback flows, and keep the unanswered UDP entries for 10 minutes instead
# of 30 s so that no entry expires while the test reads (per namespace: the host keeps its own).
track() {
  ip link set lo up
  nft add table inet sa_ct
  nft add chain inet sa_ct out '{ type filter hook output priority 0; }'
  nft add rule inet sa_ct out ct state new counter
  echo 600 > $CT/nf_conntrack_udp_timeout
}
track
[ "$(cat $CT/nf_conntrack_count)" = 0 ] || { echo "FAIL: a new namespace should start with an empty table"; exit 1; }
/usr/bin/python3 "$HERE/ct_flows.py" 2000 20000 > /dev/null
BEFORE=$(cat $CT/nf_conntrack_count)
"$BIN" snapshot --format json -o $T/snap.json > /dev/null
AFTER=$(cat $CT/nf_conntrack_count)
[ "$BEFORE" = 2000 ] && [ "$AFTER" = 2000 ] || { echo "FAIL: expected 2000 entries, /proc says $BEFORE then $AFTER"; exit 1; }
echo "ok: 2,000 UDP flows made 2,000 entries in this namespace's table (/proc: $BEFORE)"
check $T/snap.json 'p["sysctl"]["net.netfilter.nf_conntrack_count"] == "'$BEFORE'"' \
  "snapshot reads this namespace's nf_conntrack_count ($BEFORE), as /proc read here says"
check $T/snap.json 'p["conntrack"]["loaded"] is True and p["conntrack"]["stat"]["drop"] == 0 and "entries" not in p["conntrack"]["stat"] and p["conntrack"]["cpus"] >= 1' \
  "snapshot records /proc/net/stat/nf_conntrack summed by column, entries left out"
check $T/snap.json 'p["sysctl"]["net.netfilter.nf_conntrack_max"] == "'$HOSTMAX'" and p["initial_netns"] is False' \
  "nf_conntrack_max inside is the host's $HOSTMAX (one value for the machine)"
[ "$(stat -c %a $CT/nf_conntrack_max)" = 444 ] || { echo "FAIL: nf_conntrack_max is not read-only here"; exit 1; }
echo "ok: nf_conntrack_max is mode 0444 in this namespace"

"$BIN" snapshot --format text > $T/snap.txt
grep -q "^Conntrack (this namespace's table; the limit is the machine's): 2,000 of " $T/snap.txt \
  || { echo "FAIL: the text snapshot does not show the namespace's 2,000 entries"; cat $T/snap.txt; exit 1; }
echo "ok: the text snapshot shows 2,000 of the machine's limit"
"$BIN" snapshot --format prometheus > $T/snap.prom
grep -qx "sysctl_advisor_conntrack_entries 2000" $T/snap.prom && grep -qx "sysctl_advisor_conntrack_entries_limit $(cat $CT/nf_conntrack_max)" $T/snap.prom \
  && grep -q '^sysctl_advisor_conntrack_stat{counter="drop"} ' $T/snap.prom \
  || { echo "FAIL: the Prometheus snapshot lacks this namespace's conntrack entries, the limit or the drop counter"; grep conntrack $T/snap.prom; exit 1; }
echo "ok: snapshot --format prometheus exports the namespace's 2,000 entries, the machine's limit and the drop counter"

"$BIN" plan --profile load-balancer --format json > $T/plan.json || true
check $T/plan.json 'not any(f["rule"].startswith("conntrack-") for f in p["findings"] + p["changes"]) and not any(n["rule"] == "conntrack-table-nearly-full" for n in p["not_evaluated"])' \
  "a table 0.8% full: the conntrack rules are evaluated and silent"

# The threshold lowered below 2000/max, as an operator's local rules file would: the rules fire on
# the real count, and the global key is moved out of the plan.
cat > $T/low.toml <<'TOML'
[[define]]
name = "conntrack_full_share"
value = 0.005
TOML
"$BIN" plan --profile load-balancer --local-rules $T/low.toml --format json > $T/low.json || true
check $T/low.json 'any(f["rule"] == "conntrack-table-nearly-full" and ": 2,000 of " in f["message"] for f in p["findings"])' \
  "conntrack-table-nearly-full quotes the namespace's 2,000 entries"
check $T/low.json 'not any(c["key"] == "net.netfilter.nf_conntrack_max" for c in p["changes"])' \
  "nf_conntrack_max is never proposed inside the namespace"
check $T/low.json 'any(f["rule"] == "global-key-in-netns" and f["key"] == "net.netfilter.nf_conntrack_max" and "must be set on the host" in f["message"] and "read-only" in f["reason"] for f in p["findings"])' \
  "it is said to be set on the host (global-key-in-netns: read-only here)"
check $T/low.json 'any(c["key"] == "net.netfilter.nf_conntrack_tcp_timeout_established" and c["current"] == "432000" and c["proposed"] == "86400" for c in p["changes"])' \
  "the per-namespace ESTABLISHED timeout is still proposed here"

"$BIN" snapshot --sample 1 --format json -o $T/sampled.json > /dev/null
check $T/sampled.json 'p["conntrack"]["increase"] is not None and p["conntrack"]["increase"]["drop"] == 0 and p["conntrack"]["increase"]["insert_failed"] == 0' \
  "--sample records how much each conntrack counter rose (none here: the table has room)"

# A second namespace (the "container") with 500 flows, read from this one with --netns.
unshare -n sh -c '
  set -e
  ip link set lo up
  nft add table inet sa_ct
  nft add chain inet sa_ct out "{ type filter hook output priority 0; }"
  nft add rule inet sa_ct out ct state new counter
  echo 600 > /proc/sys/net/netfilter/nf_conntrack_udp_timeout
  exec /usr/bin/python3 -u "$1" 500 30000 120' - "$HERE/ct_flows.py" > $T/container.out 2>&1 &
CPID=$!
trap 'kill $CPID 2>/dev/null || true' EXIT
i=0
while ! grep -q ready $T/container.out 2>/dev/null; do
  i=$((i + 1)); [ $i -gt 200 ] && { cat $T/container.out; echo "FAIL: the container did not start"; exit 1; }
  sleep 0.05
done
INSIDE=$(nsenter --net=/proc/$CPID/ns/net cat $CT/nf_conntrack_count)
"$BIN" snapshot --netns $CPID --format json -o $T/container.json > /dev/null
[ "$INSIDE" = 500 ] || { echo "FAIL: the container's table holds $INSIDE, expected 500"; exit 1; }
check $T/container.json 'p["sysctl"]["net.netfilter.nf_conntrack_count"] == "500" and p["conntrack"]["loaded"] is True' \
  "snapshot --netns reads the container's own count (500; this namespace holds $(cat $CT/nf_conntrack_count))"
echo PASS
INNER
