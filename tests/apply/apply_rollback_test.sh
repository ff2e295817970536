#!/bin/sh
# A load-balancer plan applied in a throwaway network namespace changes the kernel's values and
# persists them; rollback puts every value and the persisted file back, byte for byte.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

expect_defaults "before"
run apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE"
expect_eq "$rc" 0 "apply exits 0"
expect_lb_applied "after apply"
expect_contains "$T/out" "net.ipv4.tcp_tw_reuse: 2 -> 1" "apply says what it changed"
expect_contains "$PERSIST" "# Written by sysctl-advisor apply" "persisted file says what wrote it"
expect_contains "$PERSIST" "profile load-balancer" "persisted file names the plan's profile"
expect_contains "$PERSIST" "# more local ports per upstream" "each line's reason is a comment"
expect_contains "$PERSIST" "(rule tw-reuse-on-connecting-side)" "each line names its rule"
expect_contains "$PERSIST" "net.ipv4.ip_local_port_range = 1024 65000" "persisted file holds the values"
expect_eq "$(stat -c %a "$STATE")" 700 "state folder is 0700"
entry=$(ls "$STATE"/*.json)
expect_eq "$(stat -c %a $entry)" 600 "journal entry is 0600"
expect_contains "$entry" '"outcome": "applied"' "journal says applied"
expect_contains "$entry" '"before": "32768 60999"' "journal holds the value before"

# Same plan again: nothing to change, no new journal entry.
run apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE"
expect_eq "$rc" 0 "second apply exits 0"
expect_contains "$T/out" "Nothing to change" "second apply says nothing to change"
expect_eq "$(ls "$STATE"/*.json | wc -l)" 1 "no journal entry for nothing"

# A second plan over the first: its rollback must give back the first file byte for byte.
cp "$PERSIST" "$T/persist-after-first"
run apply --plan "$(stamped second-plan.json net.ipv4.tcp_fin_timeout=30 net.core.somaxconn=8192)" --yes --state-dir "$STATE"
expect_eq "$rc" 0 "second plan applies"
expect_eq "$(val net.core.somaxconn)" 16384 "second plan changed somaxconn"
expect_contains "$PERSIST" "net.ipv4.tcp_tw_reuse = 1" "second plan keeps the first plan's keys in the file"
expect_contains "$PERSIST" "net.core.somaxconn = 16384" "second plan's value is in the file"
run rollback --state-dir "$STATE"
expect_eq "$rc" 0 "rollback of the second plan exits 0"
cmp -s "$PERSIST" "$T/persist-after-first" || fail "persisted file not restored byte for byte"
ok "persisted file restored byte for byte"
expect_lb_applied "after rolling back the second plan"

# Twice is harmless: the newest apply is already rolled back, so nothing happens.
run rollback --state-dir "$STATE"
expect_eq "$rc" 0 "rollback twice exits 0"
expect_contains "$T/out" "already rolled back" "rollback twice says so"
expect_lb_applied "rolling back twice changes nothing"

# The first apply, by id: every value back to the namespace defaults, the file gone (it did not exist).
first=$(basename "$entry" .json)
run rollback --id "$first" --state-dir "$STATE"
expect_eq "$rc" 0 "rollback --id exits 0"
expect_defaults "after rollback"
expect_absent "$PERSIST" "persisted file removed (it did not exist before)"

run history --state-dir "$STATE"
expect_eq "$rc" 0 "history exits 0"
expect_eq "$(grep -c ' apply ' "$T/out")" 2 "history lists both applies"
expect_eq "$(grep -c ' rollback ' "$T/out")" 2 "history lists both rollbacks"
expect_contains "$T/out" "rolled-back by" "history shows the outcome"
run history --state-dir "$STATE" --format json
/usr/bin/python3 - "$T/out" "$first" <<'PY' || fail "history json"
import json, sys
h = json.load(open(sys.argv[1]))
assert h["schema"] == "sysctl-advisor/history/v1", h["schema"]
e = [x for x in h["entries"] if x["id"] == sys.argv[2]][0]
assert e["kind"] == "apply" and e["outcome"] == "rolled-back" and e["profile"] == "load-balancer", e
assert [k["key"] for k in e["keys"]][0] == "net.ipv4.tcp_tw_reuse", e["keys"]
assert all(x["user"] for x in h["entries"])
PY
ok "history --format json has id, kind, outcome, profile, keys, user"
echo PASS
