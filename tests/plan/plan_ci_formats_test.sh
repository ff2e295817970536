#!/bin/sh
# `plan --format sarif|junit|github`: the plan of the lb-nginx-upstream-churn scenario host as the
# CI reports `check` writes: SARIF valid against the official schema, each change a result of its
# rule at the line configuring the key, rules not evaluated open; JUnit named for plan; GitHub
# annotations with the host's summary. --exit-code still says whether changes are pending.
set -u
R=${TEST_SRCDIR:?}/sysctl_advisor
BIN=$R/sysctl-advisor
SCHEMA=$R/tests/schemas/sarif-schema-2.1.0.json
T=${TEST_TMPDIR:?}
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

ROOT=$T/root
cp -rL "$R/tests/scenarios/lb-nginx-upstream-churn/root" "$ROOT"
chmod -R u+w "$ROOT"
python3 -c "import sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1]); import sockets; sockets.expand(sys.argv[2], sys.argv[3])" \
  "$R/tests/scenarios" "$R/tests/scenarios/lb-nginx-upstream-churn/sockets.txt" "$ROOT" || fail "cannot build the scenario root"
plan() { "$BIN" plan --root "$ROOT" --profile load-balancer "$@" </dev/null; }

plan --format sarif --exit-code > "$T/plan.sarif"; rc=$?
[ "$rc" = 1 ] || fail "sarif with --exit-code: exit $rc, expected 1 (a change is pending)"
ok "--exit-code keeps its meaning in the CI formats"
python3 - "$T/plan.sarif" "$SCHEMA" <<'PYEOF' || fail "sarif content"
import json, sys, jsonschema
doc = json.load(open(sys.argv[1]))
errors = list(jsonschema.Draft4Validator(json.load(open(sys.argv[2]))).iter_errors(doc))
assert not errors, [e.message for e in errors][:3]
run = doc["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
res = {r["ruleId"]: r for r in run["results"]}
change = res["tw-reuse-on-connecting-side"]
assert change["message"]["text"].startswith("net.ipv4.tcp_tw_reuse: 2 -> 1: "), change["message"]["text"][:80]
assert change["level"] == "warning"
recycle = res["tw-recycle-set-on-kernel-without-it"]
loc = recycle["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "etc/sysctl.d/99-tuning.conf" and loc["region"]["startLine"] == 2, loc
assert recycle["level"] == "error"
assert res["listen-overflows-rising"]["kind"] == "open", res["listen-overflows-rising"]
for r in run["tool"]["driver"]["rules"]:
    assert r["shortDescription"]["text"] and r["help"]["text"], r
assert set(res) <= set(ids)
print("ok: sarif valid; change, finding at its line, open rule, rule help")
PYEOF

plan --format junit > "$T/plan.xml"; rc=$?
[ "$rc" = 0 ] || fail "junit: exit $rc"
python3 - "$T/plan.xml" <<'PYEOF' || fail "junit content"
import sys, xml.etree.ElementTree as ET
top = ET.parse(sys.argv[1]).getroot()
assert top.get("name") == "sysctl-advisor plan", top.get("name")
cases = {c.get("name"): c for c in top.iter("testcase")}
assert "files" not in cases, "a check-only testcase in a plan report"
assert cases["tw-reuse-on-connecting-side"].find("failure") is not None
assert cases["fin-timeout-does-not-shorten-time-wait"].find("failure") is None  # a notice does not fail
assert cases["listen-overflows-rising"].find("skipped") is not None
# skipped: the 2 rules that need --sample and the 6 conntrack rules (this root has no netfilter:
# "conntrack is not loaded").
assert cases["conntrack-table-nearly-full"].find("skipped") is not None
assert int(top.get("failures")) == 4 and int(top.get("skipped")) == 8, (top.get("failures"), top.get("skipped"))
print("ok: junit named for plan; warnings and errors fail, notices do not, rules not evaluated skipped")
PYEOF

plan --format github > "$T/plan.gh"; rc=$?
[ "$rc" = 0 ] || fail "github: exit $rc"
grep -q '^::error file=etc/sysctl.d/99-tuning.conf,line=2,title=' "$T/plan.gh" || fail "github: no error annotation at 99-tuning.conf:2"
grep -q '^::warning title=.*\[tw-reuse-on-connecting-side\]::net.ipv4.tcp_tw_reuse: 2 -> 1' "$T/plan.gh" || fail "github: the change is not a warning"
last=$(tail -n 1 "$T/plan.gh")
[ "$last" = "1 error, 3 warnings, 3 notices, 1 info for $ROOT; 8 rules not evaluated; failing at warning" ] || fail "github summary: $last"
ok "github annotations and the plan's summary line"

plan --format bogus > "$T/out" 2> "$T/err"; rc=$?
[ "$rc" = 2 ] || fail "bogus format: exit $rc"
grep -q "one of text, json, markdown, prometheus, sarif, junit, github" "$T/err" || fail "the formats are not listed: $(cat "$T/err")"
ok "an unknown format is a usage error listing the formats"
