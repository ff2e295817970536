#!/bin/bash
# Benchmark: `sysctl-advisor plan` on the live host (load the rules, profiles and catalog, read the
# configuration files, /proc/sys for the catalog's and the configured keys, the counters and the
# socket census, evaluate, render) against `sysctl -a > /dev/null` (procps reading every key),
# in the same script, on the same host. Target: plan costs less than half of sysctl -a.
#
#   bench/plan.sh [BINARY]        (default: the Bazel output of //:sysctl-advisor)
#
# Read-only: neither command writes anything. Also times `plan --format json` and `plan` with an
# inferred profile, and the plan of a fake root (tests/scenarios' load balancer when present).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$(bazel info bazel-bin 2>/dev/null)/sysctl-advisor}"
export SYSCTL_ADVISOR_DATA="$HERE"
WORK="$(mktemp -d /tmp/bench-plan.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "kernel $(uname -r), $(sysctl -a 2>/dev/null | wc -l) keys in sysctl -a, $(nproc) cores"
echo "sockets: $(ss -tan | wc -l) TCP"
"$BIN" plan --profile generic > /dev/null  # fail early if the binary or the data are broken

hyperfine --warmup 3 --runs 30 -N --export-json "$WORK/plan.json" \
  -n "sysctl -a" "sysctl -a" \
  -n "plan --profile generic" "$BIN plan --profile generic" \
  -n "plan (inferred profile)" "$BIN plan" \
  -n "plan --format json" "$BIN plan --profile load-balancer --format json" \
  > "$WORK/hyperfine.txt" 2>&1 || { cat "$WORK/hyperfine.txt"; exit 1; }
cat "$WORK/hyperfine.txt"

/usr/bin/python3 - "$WORK/plan.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
base = r["sysctl -a"]["mean"]
print()
print("| command | mean (ms) | stddev (ms) | vs sysctl -a |")
print("|---|---|---|---|")
for name, x in r.items():
    print("| `%s` | %.2f | %.2f | %.2f |" % (name, x["mean"] * 1000, x["stddev"] * 1000, x["mean"] / base))
ratio = r["plan --profile generic"]["mean"] / base
print()
print("plan / sysctl -a = %.2f (target < 0.5): %s" % (ratio, "met" if ratio < 0.5 else "NOT met"))
PY
