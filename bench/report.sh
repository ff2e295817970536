#!/bin/bash
# Benchmark: `sysctl-advisor report DIR` over N hosts' plans (default 10,000) against `cat` of the
# same files, in the same script. Target: at most 3x `cat`.
#
#   bench/report.sh BINARY [N]
#
# The plans are made once by the binary itself (plan --format json of tests/scenarios' hosts, so
# they carry real reasons and sizes), then copied N times under host names with the profile and
# a proposed value varied per host, so the groups are realistic (several profiles, split values).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:?usage: bench/report.sh BINARY [N]}"
N="${2:-10000}"
export SYSCTL_ADVISOR_DATA="${SYSCTL_ADVISOR_DATA:-$HERE}"
WORK="$(mktemp -d /tmp/bench-report.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/seeds" "$WORK/plans"
i=0
for root in "$HERE"/tests/scenarios/*/root; do
  name=$(basename "$(dirname "$root")")
  cp -rL "$root" "$WORK/root-$name"
  "$BIN" plan --root "$WORK/root-$name" --format json > "$WORK/seeds/$i.json" || true
  i=$((i + 1))
done
/usr/bin/python3 - "$WORK/seeds" "$WORK/plans" "$N" <<'PY'
import json, os, sys
seeds = [json.load(open(os.path.join(sys.argv[1], f))) for f in sorted(os.listdir(sys.argv[1]))]
profiles = ["load-balancer", "web-behind-lb", "database", "internet-edge", "generic"]
for h in range(int(sys.argv[3])):
    p = json.loads(json.dumps(seeds[h % len(seeds)]))
    p["profile"] = profiles[h % len(profiles)]
    for c in p["changes"]:
        if h % 7 == 0: c["proposed"] = c["proposed"] + "0"
    with open(os.path.join(sys.argv[2], "host%05d.json" % h), "w") as f:
        json.dump(p, f, indent=2)
PY
bytes=$(du -sb "$WORK/plans" | cut -f1)
echo "$N plans, $((bytes / 1024 / 1024)) MB, $(nproc) cores; seeds from $(ls "$WORK/seeds" | wc -l) scenario hosts"
"$BIN" report "$WORK/plans" > "$WORK/report.txt"  # fail early
head -12 "$WORK/report.txt"

hyperfine --warmup 2 --runs 10 -N --export-json "$WORK/h.json" \
  -n "cat" "sh -c 'cat $WORK/plans/*.json > /dev/null'" \
  -n "report" "$BIN report $WORK/plans" \
  -n "report --format jsonl" "$BIN report $WORK/plans --format jsonl" \
  > "$WORK/hyperfine.txt" 2>&1 || { cat "$WORK/hyperfine.txt"; exit 1; }
cat "$WORK/hyperfine.txt"
/usr/bin/python3 - "$WORK/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
base = r["cat"]["mean"]
print("\n| command | mean (ms) | stddev (ms) | vs cat |\n|---|---|---|---|")
for name, x in r.items():
    print("| `%s` | %.1f | %.1f | %.2f |" % (name, x["mean"] * 1000, x["stddev"] * 1000, x["mean"] / base))
ratio = r["report"]["mean"] / base
print("\nreport / cat = %.2f (target: at most 3)" % ratio)
PY
