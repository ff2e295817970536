#!/bin/sh
# A plan with a key like net/../../etc/passwd is refused whole before any key becomes a path.
# Runs on a fake --root (no kernel needed, no root needed).
. "$(dirname "$0")/lib.sh"
fake_root

cp "$ROOT/etc/passwd" "$T/passwd.before"
run apply --plan "$FIX/bad-key-plan.json" --yes --root "$ROOT"
expect_eq "$rc" 2 "apply exits 2"
expect_contains "$T/err" "changes[1].key: 'net/../../etc/passwd' is not a valid sysctl key" "names the bad key and where it is"
expect_contains "$T/err" "refusing the whole plan: nothing was changed" "refuses the whole plan"
cmp -s "$ROOT/etc/passwd" "$T/passwd.before" || fail "etc/passwd changed"
ok "etc/passwd untouched"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "the valid key before it was not written either"
expect_absent "$STATE" "no journal"
expect_absent "$PERSIST" "no persisted file"

# A malformed plan file: every problem named with its JSON path.
printf '{"schema":"sysctl-advisor/plan/v1","profile":"x","changes":[{"key":"net.ipv4.tcp_tw_reuse","proposed":1}],"findings":[]}' > "$T/broken.json"
run apply --plan "$T/broken.json" --yes --root "$ROOT"
expect_eq "$rc" 2 "a malformed plan exits 2"
expect_contains "$T/err" "broken.json: error: changes[0].proposed: expected a string, got number [invalid-plan]" "names the field"
expect_contains "$T/err" "changes[0].rule: missing" "names every problem"

# A value with a newline would smuggle a second line into the persisted file.
/usr/bin/python3 -c '
import json,sys
p=json.load(open(sys.argv[1])); p["changes"][0]["proposed"]="1\nkernel.core_pattern = |/tmp/x"
json.dump(p,open(sys.argv[2],"w"))' "$FIX/lb-plan.json" "$T/newline.json"
run apply --plan "$T/newline.json" --yes --root "$ROOT"
expect_eq "$rc" 2 "a value with a newline is refused"
expect_contains "$T/err" "contains a control character" "says why"
echo PASS
