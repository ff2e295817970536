# Shared by the real-kernel tests of this folder (sourced inside `unshare -n`): run `plan` as JSON
# and assert on it with a Python expression over the parsed plan `p`.
T=${TEST_TMPDIR:-$(mktemp -d)}
plan() {  # plan OUT_FILE ARGS...: the plan's exit code is not the point here (changes pending = 1)
  out=$1; shift
  "$BIN" plan --format json "$@" > "$out" 2> "$out.err" || true
  [ -s "$out" ] || { echo "FAIL: plan wrote nothing"; cat "$out.err"; exit 1; }
}
check() {  # check JSON_FILE PYTHON_EXPR MESSAGE
  /usr/bin/python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
def finding(rule): return next((f for f in p["findings"] if f["rule"] == rule), None)
def change(key): return next((c for c in p["changes"] if c["key"] == key), None)
def text(x): return "" if x is None else (x.get("message") or "") + " " + (x.get("reason") or "")
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" || { echo "FAIL: $3"; cat "$1"; exit 1; }
  echo "ok: $3"
}
netstat_counter() {  # netstat_counter NAME: a TcpExt counter of this namespace
  awk -v n="$1" '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) k[i] = $i; h = 1 } else for (i = 1; i <= NF; i++) if (k[i] == n) print $i }' /proc/net/netstat
}
