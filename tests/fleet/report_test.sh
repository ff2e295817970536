#!/bin/bash
# `sysctl-advisor report`: many hosts' plans and snapshots in one summary, grouped by rule and by
# profile, as text, JSON Lines and markdown; the groups match what each host's own plan says.
set -u
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
BIN="$RUNFILES/sysctl-advisor"
T="${TEST_TMPDIR:-$(mktemp -d)}"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_in() { grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/    | /' "$1" | head -40; }; }

# Five hosts: four plans (two web servers share a rule), one snapshot planned by `report` itself.
P="$T/plans" && rm -rf "$P" && mkdir -p "$P" "$T/roots"
n=0
for h in web01:web-app-db-churn:web-behind-lb web02:web-app-db-churn:web-behind-lb db01:postgres-listen-overflow:database \
         edge01:edge-old-kernel-tw-recycle:internet-edge; do
  IFS=: read -r name tree profile <<< "$h"
  [ -d "$T/roots/$tree" ] || cp -rL "$RUNFILES/tests/scenarios/$tree/root" "$T/roots/$tree"
  "$BIN" plan --root "$T/roots/$tree" --profile "$profile" --format json > "$P/$name.json" || fail "plan $name"
done
cp -rL "$RUNFILES/tests/scenarios/edge-syncookies-off/root" "$T/roots/syn"
"$BIN" snapshot --root "$T/roots/syn" -o "$P/edge02.json" 2> /dev/null || fail "snapshot edge02"
"$BIN" plan --snapshot "$P/edge02.json" --format json > "$T/edge02-plan.json" || fail "plan of the snapshot"

"$BIN" report "$P" > "$T/text.txt" 2> "$T/text.err"; rc=$?
[ "$rc" = 0 ] || { fail "report exit $rc"; cat "$T/text.err"; }
expect_in "$T/text.txt" "Fleet: 5 hosts"
expect_in "$T/text.txt" "By rule"
expect_in "$T/text.txt" "By profile"
expect_in "$T/text.txt" "web-behind-lb: 2 hosts"

# JSON Lines: every line parses; each rule group's hosts are exactly the hosts whose own plan has
# that rule (the snapshot's as `plan --snapshot` makes it); totals line last.
"$BIN" report "$P" --format jsonl > "$T/lines.jsonl" || fail "report --format jsonl"
cp "$T/edge02-plan.json" "$T/want-edge02.json"
python3 - "$T/lines.jsonl" "$P" "$T/want-edge02.json" <<'PY' || fail "JSON Lines groups differ from the hosts' plans"
import json, os, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
plans = {}
for f in os.listdir(sys.argv[2]):
    d = json.load(open(os.path.join(sys.argv[2], f)))
    if d.get("schema") == "sysctl-advisor/plan/v1":
        plans[f[:-5]] = d
plans["edge02"] = json.load(open(sys.argv[3]))
want = {}
for host, d in plans.items():
    for kind, items in (("change", d["changes"]), ("finding", d["findings"])):
        for it in items:
            want.setdefault((it["rule"], kind), set()).add(host)
got = {}
for l in lines:
    if l["group"] == "rule":
        got.setdefault((l["rule"], l["kind"]), set()).update(l["hosts"])
        assert l["host_count"] == len(l["hosts"]), l
assert got == want, (sorted(got.items()), sorted(want.items()))
last = lines[-1]
assert last["group"] == "fleet" and last["host_count"] == 5, last
profiles = {l["profile"]: l["host_count"] for l in lines if l["group"] == "profile"}
assert profiles.get("web-behind-lb") == 2 and profiles.get("database") == 1, profiles
PY

"$BIN" report "$P"/web01.json "$P"/web02.json --format markdown > "$T/md.txt" || fail "report --format markdown"
expect_in "$T/md.txt" "| rule | severity | what | hosts | examples |"
expect_in "$T/md.txt" "web01, web02"

# An unreadable input: the rest is still reported, the file named on stderr, exit 2.
echo '{"schema": "something-else"}' > "$P/junk.json"
"$BIN" report "$P" > "$T/bad.txt" 2> "$T/bad.err"; rc=$?
[ "$rc" = 2 ] || fail "report with a foreign file: exit $rc, want 2"
expect_in "$T/bad.err" "junk.json: not a sysctl-advisor plan or snapshot"
expect_in "$T/bad.txt" "Fleet: 5 hosts"
"$BIN" report > /dev/null 2>&1; [ $? = 2 ] || fail "report without inputs should exit 2"

# Hosts' files are outside input: a FIFO is refused unread (it used to block report forever) and a
# document nested past the cap is a located error (it used to reach the JSON library unbounded).
H="$T/hostile"; mkdir -p "$H"; mkfifo "$H/fifo.json"
python3 -c "print('[' * 300000)" > "$H/deep.json"
timeout 20 "$BIN" report "$H" > /dev/null 2> "$T/hostile.err"; rc=$?
[ "$rc" = 2 ] || fail "report of a FIFO and a deep document: exit $rc, want 2"
expect_in "$T/hostile.err" "fifo.json: cannot read: is a FIFO, not a regular file"
expect_in "$T/hostile.err" "deep.json: line 1, column 65: nested deeper than 64 levels"
[ "$fails" = 0 ] && echo PASS || echo "$fails failure(s)"
exit $((fails > 0))
