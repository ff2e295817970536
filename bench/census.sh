#!/bin/bash
# Socket census benchmark: ours (netlink and /proc paths, grouping per (source address, destination)
# in every state, per-source distinct ports, listeners, and process attribution by socket inode as
# `ss -p` does it: the snapshot runs as root on the live namespace) against `ss -tan`, `ss -tanp`,
# `ss -tan state time-wait | wc -l` and `cat /proc/net/tcp | wc -l`, on >= 100,000 TIME_WAIT
# sockets in a throwaway network namespace. Needs root; the host's own settings are never touched
# (ip_local_port_range, tcp_max_tw_buckets and tcp_tw_reuse are set inside the namespace only).
#
#   bench/census.sh [COUNT]        (default 120000; SA_BIN=path/to/sysctl-advisor)
# Results go to stdout as a markdown table; bench/results-census.md keeps a measured run.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-120000}
SA_BIN=${SA_BIN:-bazel-bin/sysctl-advisor}
[ -x "$SA_BIN" ] || { echo "build first (bazel build //:sysctl-advisor) or set SA_BIN" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n" >&2; exit 0; }
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 2; }
SA_BIN=$(readlink -f "$SA_BIN")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

unshare -n bash -s "$COUNT" "$SA_BIN" "$OUT" <<'INNER'
set -euo pipefail
COUNT=$1 SA=$2 OUT=$3
ip link set lo up
echo "1024 65535" > /proc/sys/net/ipv4/ip_local_port_range   # this namespace only
echo 2000000 > /proc/sys/net/ipv4/tcp_max_tw_buckets
echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse                        # loopback reuse would eat TIME_WAIT

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
# Memory of ours with few sockets, before the flood: it must not grow with the socket count.
python3 bench/make_time_wait.py 1000 8 4 >/dev/null
RSS_SMALL=$(rss "$SA" snapshot --census netlink --format json)

python3 bench/make_time_wait.py "$COUNT" 8 4
TW_BEFORE=$(ss -Htan state time-wait | wc -l)

hyperfine --style none --warmup 1 --runs 5 --export-json "$OUT/h.json" \
  -n "sysctl-advisor snapshot (netlink census)" "$SA snapshot --census netlink --format json > /dev/null" \
  -n "ss -tan state time-wait | wc -l" "ss -tan state time-wait | wc -l" \
  -n "ss -tan | wc -l (every state)" "ss -tan | wc -l" \
  -n "ss -tanp | wc -l (every state, processes)" "ss -tanp | wc -l" \
  -n "cat /proc/net/tcp | wc -l" "cat /proc/net/tcp | wc -l" \
  -n "cat /proc/net/tcp /proc/net/tcp6 | wc -l" "cat /proc/net/tcp /proc/net/tcp6 | wc -l" \
  -n "sysctl-advisor snapshot (/proc census)" "$SA snapshot --census proc --format json > /dev/null" \
  > /dev/null

TW_AFTER=$(ss -Htan state time-wait | wc -l)
RSS_OURS=$(rss "$SA" snapshot --census netlink --format json)
RSS_OURS_PROC=$(rss "$SA" snapshot --census proc --format json)
RSS_SS=$(rss ss -tan state time-wait)
CENSUS=$("$SA" snapshot --census netlink --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)["sockets"]
print(d["states"]["time-wait"], d["destination_groups"], d["peers"][0]["remote"], d["peers"][0]["count"], len(d["sources"]), d["processes"].split(":")[0])')

python3 - "$OUT/h.json" "$TW_BEFORE" "$TW_AFTER" "$RSS_SMALL" "$RSS_OURS" "$RSS_OURS_PROC" "$RSS_SS" "$CENSUS" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["results"]
tw_before, tw_after, rss_small, rss_ours, rss_proc, rss_ss = sys.argv[2:8]
census = sys.argv[8].split()
ours = h[0]["median"]
print("TIME_WAIT sockets: %s when timing started, %s when it ended (ss -Htan state time-wait)" % (tw_before, tw_after))
print("our census: %s time-wait, %s destination groups, largest %s with %s, %s source addresses, processes %s\n" % tuple(census))
if int(tw_after) < 0.95 * int(tw_before):
    print("WARNING: TIME_WAIT sockets expired while timing (they live 60 s; the machine was slow to make them):"
          " the commands did not all see the same sockets. Rerun on a quieter machine or with a smaller COUNT.\n")
# Wall time on a shared 2-core machine waits for other processes; CPU time (user + system,
# which includes the kernel's walk and formatting) is the steadier measure of the work done.
cpu = lambda r: r["user"] + r["system"]
print("| command | wall median | wall min | CPU (user+sys) | ours faster, wall | ours faster, CPU |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for r in h:
    print("| `%s` | %.1f ms | %.1f ms | %.1f ms | %s | %s |" % (
        r["command"].replace("|", "\\|"), r["median"] * 1e3, r["min"] * 1e3, cpu(r) * 1e3,
        "-" if r is h[0] else "%.1fx" % (r["median"] / ours),
        "-" if r is h[0] else "%.1fx" % (cpu(r) / cpu(h[0]))))
print()
print("| max RSS | KiB |")
print("| --- | ---: |")
print("| sysctl-advisor snapshot, netlink, 1,000 TIME_WAIT | %s |" % rss_small)
print("| sysctl-advisor snapshot, netlink, %s TIME_WAIT | %s |" % (tw_after, rss_ours))
print("| sysctl-advisor snapshot, /proc, %s TIME_WAIT | %s |" % (tw_after, rss_proc))
print("| ss -tan state time-wait | %s |" % rss_ss)
PY
INNER
