#!/bin/bash
# `sysctl-advisor check` on tests/fixtures/repo as CI runs it (no PATH: the .sysctl-advisor.toml
# maps three host groups): the exact findings in every format, the SARIF valid against the official
# 2.1.0 schema, and the commands of examples/github-workflow.yml and .pre-commit-hooks.yaml.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
HERE="$TEST_SRCDIR/sysctl_advisor/tests/check"
SCHEMA="$TEST_SRCDIR/sysctl_advisor/tests/schemas/sarif-schema-2.1.0.json"
PY=/usr/bin/python3
REPO="$TEST_TMPDIR/repo"
rm -rf "$REPO" && mkdir -p "$REPO" && cp -rL "$TEST_SRCDIR/sysctl_advisor/tests/fixtures/repo/." "$REPO/"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_exit() {  # expect_exit WANT GOT WHAT
  [ "$1" = "$2" ] || fail "$3: exit $2, expected $1"
}
same() {  # same EXPECTED_FILE ACTUAL_FILE WHAT
  if ! diff -u "$1" "$2"; then fail "$3 differs from $(basename "$1")"; fi
}
cd "$REPO"

# text: compiler-style lines; the lints' lines exactly, every finding's position/severity/rule.
"$BIN" check > "$TEST_TMPDIR/out.txt"; expect_exit 1 $? "text"
grep -E '^(hosts|legacy|scratch)/' "$TEST_TMPDIR/out.txt" |
  sed -E 's/^([^:]+):([0-9]+):([0-9]+): ([a-z]+): .* \[([a-z0-9-]+)\]$/\1:\2:\3 \4 \5/; s/^([^:]+): ([a-z]+): .* \[([a-z0-9-]+)\]$/\1:0:0 \2 \3/' \
  > "$TEST_TMPDIR/text.tuples"
same "$HERE/expected/repo_findings.txt" "$TEST_TMPDIR/text.tuples" "text findings"
while IFS= read -r line; do
  grep -qxF -- "$line" "$TEST_TMPDIR/out.txt" || fail "text: missing line: $line"
done < "$HERE/expected/repo_lint_lines.txt"
# How many rules need the live host depends on rules/*.toml: counted here, compared across formats.
OPEN=$("$BIN" check --format json | /usr/bin/python3 -c 'import json, sys; print(sum(f["open"] for f in json.load(sys.stdin)["findings"]))')
[ "$OPEN" -gt 0 ] || fail "no rule reported as not evaluated offline"
grep -qxF "4 errors, 9 warnings, 4 notices, 2 info in 6 files of 3 host groups; $OPEN rules not evaluated offline; 1 suppressed; failing at --fail-on error" "$TEST_TMPDIR/out.txt" \
  || fail "text: summary line: $(tail -1 "$TEST_TMPDIR/out.txt")"
for g in edge-lb web db; do
  grep -qE "^$g: info: [0-9]+ rules not evaluated \(needs the live host\): [a-z0-9-]+(, [a-z0-9-]+)*$" "$TEST_TMPDIR/out.txt" || fail "text: open rules of $g"
done
# The reason sits under its finding, indented.
grep -A1 -F '10-network.conf:4:1: warning:' "$TEST_TMPDIR/out.txt" | tail -1 | grep -qxF '    Only the last assignment in a file takes effect; this line is dead text.' \
  || fail "text: reason under the finding"

# json: the check/v1 contract.
"$BIN" check --format json > "$TEST_TMPDIR/out.json"; expect_exit 1 $? "json"
$PY - "$TEST_TMPDIR/out.json" "$OPEN" > "$TEST_TMPDIR/json.tuples" <<'PYEOF' || fail "json: contract"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "sysctl-advisor/check/v1", j["schema"]
assert j["failed"] is True and j["fail_on"] == "error"
assert [g["name"] for g in j["groups"]] == ["edge-lb", "web", "db"], j["groups"]
assert j["groups"][0] == {"name": "edge-lb", "profile": "load-balancer", "kernel": "6.1", "loader": "systemd",
  # systemd reads by file name across its folders: the vendor file sits between the two in /etc.
  "files": ["hosts/edge-lb/etc/sysctl.d/10-network.conf", "hosts/edge-lb/usr/lib/sysctl.d/50-default.conf",
            "hosts/edge-lb/etc/sysctl.d/99-legacy.conf"]}, j["groups"][0]
assert j["groups"][1]["loader"] == "procps" and j["groups"][2]["kernel"] == "4.9"
for f in j["findings"]:
  assert set(f) == {"rule", "severity", "key", "message", "reason", "file", "line", "col", "group", "open", "references"}, f
  if f["open"]:
    assert f["severity"] == "info" and f["file"] is None and f["message"].startswith("not evaluated (needs the live host)"), f
    continue
  print("%s:%s:%s %s %s" % (f["file"], f["line"] or 0, f["col"] or 0, f["severity"], f["rule"]))
s = j["summary"]
assert (s["error"], s["warning"], s["notice"], s["info"], s["not_evaluated"], s["suppressed"], s["files"]) == (4, 9, 4, 2, int(sys.argv[2]), 1, 6), s
PYEOF
same "$HERE/expected/repo_findings.txt" "$TEST_TMPDIR/json.tuples" "json findings"

# sarif: valid against the vendored official schema, same findings, rule metadata.
"$BIN" check --format sarif > "$TEST_TMPDIR/out.sarif"; expect_exit 1 $? "sarif"
$PY - "$TEST_TMPDIR/out.sarif" "$SCHEMA" > "$TEST_TMPDIR/sarif.tuples" <<'PYEOF' || fail "sarif: schema or content"
import json, sys, jsonschema
doc = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
  print("schema:", "/".join(map(str, e.path)), e.message, file=sys.stderr)
assert not errors, "%d schema errors" % len(errors)
run = doc["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert ids == sorted(ids)
for r in rules:
  assert r["shortDescription"]["text"] and r["help"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note"), r
recycle = rules[ids.index("tw-recycle-set-on-kernel-without-it")]
assert "4396e46187ca" in recycle["help"]["text"], recycle["help"]["text"]  # reasoning and references
level = {"error": "error", "warning": "warning", "note": None}
for res in run["results"]:
  assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
  loc = res["locations"][0]["physicalLocation"]
  assert loc["artifactLocation"]["uriBaseId"] == "SRCROOT" and not loc["artifactLocation"]["uri"].startswith("/")
  if res["kind"] == "open":
    assert res["level"] == "none"
    continue
  region = loc.get("region", {})
  sev = res["properties"]["severity"]
  assert res["level"] == {"error": "error", "warning": "warning", "notice": "note", "info": "note"}[sev]
  print("%s:%s:%s %s %s" % (loc["artifactLocation"]["uri"], region.get("startLine", 0), region.get("startColumn", 0), sev, res["ruleId"]))
PYEOF
same "$HERE/expected/repo_findings.txt" "$TEST_TMPDIR/sarif.tuples" "sarif findings"

# junit: well-formed, a test case per file and rule, the failing ones are the errors.
"$BIN" check --format junit > "$TEST_TMPDIR/out.xml"; expect_exit 1 $? "junit"
$PY - "$TEST_TMPDIR/out.xml" "$OPEN" <<'PYEOF' || fail "junit"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites"
suites = {s.get("name"): s for s in root}
assert list(suites) == ["edge-lb", "web", "db", "repository"], list(suites)  # repository: the unmapped file
failing = sorted((c.get("classname"), c.get("name"), c.get("line")) for s in root for c in s if c.find("failure") is not None)
assert failing == [
  ("hosts/edge-lb/etc/sysctl.d/10-network.conf", "invalid-value", "7"),
  ("hosts/edge-lb/etc/sysctl.d/10-network.conf", "missing-equals", "16"),
  ("hosts/edge-lb/etc/sysctl.d/10-network.conf", "tw-recycle-set-on-kernel-without-it", "3"),
  ("hosts/edge-lb/etc/sysctl.d/10-network.conf", "unknown-key", "15"),
], failing
cases = {(c.get("classname"), c.get("name")) for s in root for c in s}
for f in ["hosts/web/etc/sysctl.conf", "legacy/db/10-db.conf"]:
  for lint in ["absent-on-kernel", "duplicate-key", "invalid-value", "shadowed-key", "unknown-key"]:
    assert (f, lint) in cases, (f, lint)
skipped = [c for s in root for c in s if c.find("skipped") is not None]
assert len(skipped) == int(sys.argv[2]) and root.get("skipped") == sys.argv[2] and root.get("failures") == "4", (len(skipped), root.attrib)
PYEOF

# github: one workflow command per finding, error/warning/notice.
"$BIN" check --format github > "$TEST_TMPDIR/out.gh"; expect_exit 1 $? "github"
grep -E '^::(error|warning|notice) ' "$TEST_TMPDIR/out.gh" |
  sed -E 's/^::([a-z]+) file=([^,]+),line=([0-9]+),col=([0-9]+),title=.*\[([a-z0-9-]+)\]::.*$/\2:\3:\4 \1 \5/; s/^::([a-z]+) file=([^,]+),title=.*\[([a-z0-9-]+)\]::.*$/\2:0:0 \1 \3/' \
  > "$TEST_TMPDIR/gh.tuples"
grep -v ' info ' "$HERE/expected/repo_findings.txt" > "$TEST_TMPDIR/expected-gh"
same "$TEST_TMPDIR/expected-gh" "$TEST_TMPDIR/gh.tuples" "github findings"
grep -qF '::warning file=hosts/edge-lb/etc/sysctl.d/10-network.conf,line=5,col=1,title=Key that is no sysctl [unknown-key]::unknown key '"'"'net.ipv4.tcp_tw_reuce'"'"'; did you mean '"'"'net.ipv4.tcp_tw_reuse'"'"'?%0A' "$TEST_TMPDIR/out.gh" \
  || fail "github: annotation text and escaping"

# The commands the example workflow and the pre-commit hook run, with sysctl-advisor on PATH.
mkdir -p "$TEST_TMPDIR/bin" && ln -sf "$BIN" "$TEST_TMPDIR/bin/sysctl-advisor"
export PATH="$TEST_TMPDIR/bin:$PATH"
WORKFLOW="$TEST_SRCDIR/sysctl_advisor/examples/github-workflow.yml"
HOOKS="$TEST_SRCDIR/sysctl_advisor/.pre-commit-hooks.yaml"
mapfile -t RUNS < <($PY -c 'import sys, yaml
for step in yaml.safe_load(open(sys.argv[1]))["jobs"]["check"]["steps"]:
  if "sysctl-advisor" in step.get("run", ""): print(step["run"].strip())' "$WORKFLOW")
[ "${#RUNS[@]}" = 2 ] || fail "workflow: expected 2 run steps with sysctl-advisor, got ${#RUNS[@]}"
bash -c "${RUNS[0]}" > "$TEST_TMPDIR/wf.gh"; expect_exit 1 $? "workflow step 1 (${RUNS[0]})"
cmp -s "$TEST_TMPDIR/wf.gh" "$TEST_TMPDIR/out.gh" || fail "workflow step 1 output differs from --format github"
bash -c "${RUNS[1]}"; expect_exit 0 $? "workflow step 2 (${RUNS[1]}: findings must not fail it)"
$PY -c 'import json, sys; json.load(open("sysctl-advisor.sarif"))["runs"][0]["results"][0]' || fail "workflow: sysctl-advisor.sarif"
rm -f sysctl-advisor.sarif
ENTRY=$($PY -c 'import sys, yaml; h = yaml.safe_load(open(sys.argv[1]))[0]; assert h["pass_filenames"] is False and h["language"] == "system"; print(h["entry"])' "$HOOKS")
[ "$ENTRY" = "sysctl-advisor check" ] || fail "pre-commit entry: '$ENTRY'"
bash -c "$ENTRY" > "$TEST_TMPDIR/hook.txt"; expect_exit 1 $? "pre-commit hook"
cmp -s "$TEST_TMPDIR/hook.txt" "$TEST_TMPDIR/out.txt" || fail "pre-commit hook output differs from plain check"
$PY -c 'import re, sys, yaml; h = yaml.safe_load(open(sys.argv[1]))[0]
for f in ["hosts/web/etc/sysctl.conf", "legacy/db/10-db.conf", ".sysctl-advisor.toml"]: assert re.search(h["files"], f), f
assert not re.search(h["files"], "README.md")' "$HOOKS" || fail "pre-commit files pattern"

[ "$fails" = 0 ] && echo "PASS: check on the fixture repository in text, json, sarif, junit, github; workflow and hook commands"
exit $((fails > 0))
