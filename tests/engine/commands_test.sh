#!/bin/bash
# plan, explain, profiles, rules end to end with the test rules in tests/engine/data and a fake
# host root: what a user reads, and the exit codes.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
DATA="$TEST_SRCDIR/sysctl_advisor/tests/engine/data"
SEL=(--rules "$DATA/rules" --profiles "$DATA/profiles")
T="${TEST_TMPDIR:-$(mktemp -d)}"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_in() {  # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/    | /' "$1"; }
}

# A proxy host: 400 TIME_WAIT towards 10.0.0.7:8080 out of 1,000 usable ports, more active than
# passive opens, tcp_fin_timeout lowered in a sysctl.d file.
ROOT="$T/root"
mkdir -p "$ROOT/proc/sys/net/ipv4" "$ROOT/proc/sys/kernel" "$ROOT/proc/net" "$ROOT/etc/sysctl.d"
echo "5.15.0-91-generic" > "$ROOT/proc/sys/kernel/osrelease"
echo 2 > "$ROOT/proc/sys/net/ipv4/tcp_tw_reuse"
echo 15 > "$ROOT/proc/sys/net/ipv4/tcp_fin_timeout"
printf '40000\t40999\n' > "$ROOT/proc/sys/net/ipv4/ip_local_port_range"
echo "net.ipv4.tcp_fin_timeout = 15" > "$ROOT/etc/sysctl.d/99-tuning.conf"
cat > "$ROOT/proc/net/snmp" <<'SNMP'
Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
Tcp: 1 200 120000 -1 5000000 120000 10 20 30 40 50 60 0 70 0
SNMP
cat > "$ROOT/proc/net/netstat" <<'NETSTAT'
TcpExt: SyncookiesSent ListenOverflows ListenDrops
TcpExt: 0 0 0
NETSTAT
echo "TCP: inuse 5 orphan 0 tw 400 alloc 10 mem 1" > "$ROOT/proc/net/sockstat"
{
  echo "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
  echo "   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0"
  for i in $(seq 1 400); do
    printf '%4d: 0100000A:%04X 0700000A:1F90 06 00000000:00000000 03:00000D2A 00000000     0        0 0 3 0000000000000000\n' "$i" $((40000 + i))
  done
} > "$ROOT/proc/net/tcp"

# plan, inferred profile, text
"$BIN" plan --root "$ROOT" "${SEL[@]}" > "$T/plan.txt" 2> "$T/plan.err"
rc=$?
[ "$rc" = 0 ] || fail "plan exit $rc (want 0)"
expect_in "$T/plan.txt" "Profile: proxy"
expect_in "$T/plan.txt" "ActiveOpens 5,000,000 vs PassiveOpens 120,000, 400 TIME_WAIT towards 1 upstream(s): looks like"
expect_in "$T/plan.txt" "net.ipv4.tcp_tw_reuse  2        -           1         warning   tw-reuse-connecting"
expect_in "$T/plan.txt" "400 TIME_WAIT sockets towards 10.0.0.7:8080 against 1,000 usable local ports (40.0%)."
expect_in "$T/plan.txt" "tcp_fin_timeout = 15 does not shorten TIME_WAIT"
expect_in "$T/plan.txt" "net.ipv4.tcp_fin_timeout at /etc/sysctl.d/99-tuning.conf:1"
expect_in "$T/plan.txt" "listen-drops-rising  needs --sample"
expect_in "$T/plan.txt" "net.ipv4.tcp_tw_reuse: tw-reuse-connecting (priority 60) sets 1, over tw-reuse-off-for-servers (priority 50) which wanted 0"
if grep -q $'\033\[' "$T/plan.txt"; then fail "colour codes written to a pipe"; fi

# --exit-code: changes pending
"$BIN" plan --root "$ROOT" "${SEL[@]}" --exit-code > /dev/null 2>&1
rc=$?
[ "$rc" = 1 ] || fail "plan --exit-code exit $rc (want 1)"

# JSON contract
"$BIN" plan --root "$ROOT" "${SEL[@]}" --profile proxy --format json > "$T/plan.json" || fail "plan --format json failed"
/usr/bin/python3 - "$T/plan.json" <<'PY' || fail "plan JSON does not follow the contract"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["schema"] == "sysctl-advisor/plan/v1", p["schema"]
assert p["profile"] == "proxy"
assert p["profile_reason"] == "--profile"
c = p["changes"][0]
assert (c["key"], c["current"], c["proposed"], c["rule"], c["severity"]) == ("net.ipv4.tcp_tw_reuse", "2", "1", "tw-reuse-connecting", "warning"), c
assert c["configured"] is None, c
assert "400 TIME_WAIT sockets towards 10.0.0.7:8080" in c["reason"]
f = p["findings"][0]
assert (f["rule"], f["key"], f["file"], f["line"]) == ("fin-timeout-myth", "net.ipv4.tcp_fin_timeout", "/etc/sysctl.d/99-tuning.conf", 1), f
assert p["not_evaluated"] == [{"rule": "listen-drops-rising", "needs": "needs --sample"}], p["not_evaluated"]
assert p["conflicts"][0]["loser_rule"] == "tw-reuse-off-for-servers"
PY

# markdown, for a ticket
"$BIN" plan --root "$ROOT" "${SEL[@]}" --format markdown > "$T/plan.md" || fail "plan --format markdown failed"
expect_in "$T/plan.md" "| \`net.ipv4.tcp_tw_reuse\` | \`2\` | - | **\`1\`** | warning | \`tw-reuse-connecting\` |"
expect_in "$T/plan.md" "### Conflicts"

# a profile that does not exist
"$BIN" plan --root "$ROOT" "${SEL[@]}" --profile prxy > /dev/null 2> "$T/noprof.err"
rc=$?
[ "$rc" = 2 ] || fail "plan --profile prxy exit $rc (want 2)"
expect_in "$T/noprof.err" "unknown profile 'prxy'; did you mean 'proxy'?"

# a broken rules folder: every error, file:line:col and a caret, exit 2, nothing planned
"$BIN" plan --root "$ROOT" --rules "$DATA/broken-rules" --profiles "$DATA/profiles" > "$T/broken.out" 2> "$T/broken.err"
rc=$?
[ "$rc" = 2 ] || fail "plan with broken rules exit $rc (want 2)"
[ -s "$T/broken.out" ] && fail "plan with broken rules printed a plan"
expect_in "$T/broken.err" "bad.toml:2:6: error: in rule 'Bad_Id': id 'Bad_Id' must be kebab-case"
expect_in "$T/broken.err" "bad.toml:4:12: error: in rule 'Bad_Id': unknown severity 'warn'"
expect_in "$T/broken.err" "bad.toml:5:54: error: in rule 'Bad_Id' condition: expected a value (number, \"string\", true, false, kernel, profile.TRAIT, a function call or '('), found the end of the expression [syntax]"
expect_in "$T/broken.err" "bad.toml:11:14: error: in rule 'unknown-function' condition: unknown function 'sysctll'; did you mean 'sysctl'?"
expect_in "$T/broken.err" "                 ^"
expect_in "$T/broken.err" "4 errors in the rules, profiles or key catalog; nothing was loaded (a half-loaded rule set is never used)"
# The same words for `rules`, which plans nothing (it said "nothing was planned").
"$BIN" rules --rules "$DATA/broken-rules" --profiles "$DATA/profiles" > "$T/broken-rules.out" 2> "$T/broken-rules.err"
[ "$?" = 2 ] || fail "rules with broken rules: exit status, want 2"
expect_in "$T/broken-rules.err" "4 errors in the rules, profiles or key catalog; nothing was loaded"
grep -q "planned" "$T/broken-rules.err" && fail "rules with broken rules speaks of a plan: $(tail -1 "$T/broken-rules.err")"

# explain
"$BIN" explain net/ipv4/tcp_tw_reuse "${SEL[@]}" > "$T/explain.txt" || fail "explain KEY failed"
expect_in "$T/explain.txt" "per netns   since 4.10"
expect_in "$T/explain.txt" "default     0; 2 since 4.18"
expect_in "$T/explain.txt" "rules       tw-reuse-connecting, tw-reuse-off-for-servers"
"$BIN" explain tw-reuse-connecting "${SEL[@]}" > "$T/explain-rule.txt" || fail "explain RULE failed"
expect_in "$T/explain-rule.txt" "proposes    net.ipv4.tcp_tw_reuse = 1"
expect_in "$T/explain-rule.txt" "profiles    proxy (and profiles extending them)"
"$BIN" explain net.ipv4.tcp_tw_resue "${SEL[@]}" > /dev/null 2> "$T/explain.err"
rc=$?
[ "$rc" = 2 ] || fail "explain unknown key exit $rc (want 2)"
expect_in "$T/explain.err" "unknown key 'net.ipv4.tcp_tw_resue'; did you mean 'net.ipv4.tcp_tw_reuse'?"

# a snapshot of the fake root plans the same; --root and --snapshot together are refused
"$BIN" snapshot --root "$ROOT" -o "$T/snap.json" > /dev/null 2>&1 || fail "snapshot --root failed"
"$BIN" plan --snapshot "$T/snap.json" "${SEL[@]}" > "$T/snap-plan.txt" 2>&1 || fail "plan --snapshot failed"
expect_in "$T/snap-plan.txt" "net.ipv4.tcp_tw_reuse  2        -           1         warning   tw-reuse-connecting"
expect_in "$T/snap-plan.txt" "net.ipv4.tcp_fin_timeout at /etc/sysctl.d/99-tuning.conf:1"
"$BIN" plan --snapshot "$T/snap.json" --root "$ROOT" "${SEL[@]}" > /dev/null 2> "$T/both.err"
rc=$?
[ "$rc" = 2 ] || fail "plan --snapshot --root exit $rc (want 2)"
expect_in "$T/both.err" "--root and --snapshot exclude each other"

# a copy of /etc without /proc: planned offline, rules say what they need
mkdir -p "$T/etc-only/etc/sysctl.d"
cp "$ROOT/etc/sysctl.d/99-tuning.conf" "$T/etc-only/etc/sysctl.d/"
"$BIN" plan --root "$T/etc-only" "${SEL[@]}" --profile proxy > "$T/offline.txt" 2>&1 || fail "plan of an /etc copy failed"
expect_in "$T/offline.txt" "Kernel:  unknown"
expect_in "$T/offline.txt" "tw-reuse-connecting       needs the live host"
expect_in "$T/offline.txt" "net.ipv4.tcp_fin_timeout at /etc/sysctl.d/99-tuning.conf:1"

# lists
"$BIN" rules "${SEL[@]}" > "$T/rules.txt" || fail "rules failed"
[ "$(wc -l < "$T/rules.txt")" = 4 ] || fail "rules: want 4 lines"
expect_in "$T/rules.txt" "tw-reuse-connecting       warning  net.ipv4.tcp_tw_reuse=1             Reuse TIME_WAIT ports for outgoing connects"
"$BIN" profiles "${SEL[@]}" --format json > "$T/profiles.json" || fail "profiles --format json failed"
/usr/bin/python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
assert p["schema"] == "sysctl-advisor/profiles/v1"
assert [x["name"] for x in p["profiles"]] == ["generic", "proxy"]
assert p["profiles"][1]["extends"] == "generic" and p["profiles"][1]["traits"]["closes_first"] is True
' "$T/profiles.json" || fail "profiles JSON"

if [ "$fails" -gt 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "PASS"
