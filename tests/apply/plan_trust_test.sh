#!/bin/sh
# apply --plan checks the file before anything is written: every change must come from a loaded rule
# or stay inside the key catalog (or be allowed per key), never touch a denied key, and the plan
# must have been made on this host against the values it still has. Each refusal exits 2 and leaves
# the fake root as it was: values, no persisted file, no journal.
. "$(dirname "$0")/lib.sh"
fake_root
mkdir -p "$ROOT/proc/sys/kernel/yama"
printf 'core\n' > "$ROOT/proc/sys/kernel/core_pattern"
printf '1\n' > "$ROOT/proc/sys/kernel/yama/ptrace_scope"
mkdir -p "$ROOT/proc/sys/net/ipv4/conf/all"
GOOD=$(stamped lb-plan.json)

# edit OUT PYTHON: a copy of the stamped plan changed by PYTHON (the plan is `p`, changes `c`).
edit() {
  /usr/bin/python3 -c "
import json,sys
p=json.load(open(sys.argv[1])); c=p['changes']
$2
json.dump(p,open(sys.argv[2],'w'))" "$GOOD" "$T/$1"
  echo "$T/$1"
}
snapshot_root() { (cd "$ROOT" && find . -type f -o -type l | sort | xargs cat 2>/dev/null | md5sum); }
BEFORE=$(snapshot_root)
nothing_written() {
  expect_eq "$(snapshot_root)" "$BEFORE" "$1: every file under the root as it was"
  expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "$1: tcp_tw_reuse not written"
  expect_absent "$PERSIST" "$1: no persisted file"
  expect_absent "$STATE" "$1: no journal"
}

# A change whose rule the rules do not have, even on a key apply could otherwise write.
P=$(edit madeup.json "c.append({'key':'net.ipv4.tcp_keepalive_time','current':'7200','configured':None,'proposed':'600','rule':'made-up','severity':'warning','reason':'trust me'})")
printf '7200\n' > "$ROOT/proc/sys/net/ipv4/tcp_keepalive_time"; BEFORE=$(snapshot_root)
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "made-up rule: exit 2"
expect_contains "$T/err" "changes[4].rule: no rule 'made-up' in the loaded rules" "made-up rule: named with its place"
expect_contains "$T/err" "refusing the whole plan (1 change the rules and the key catalog do not allow): nothing was changed" "made-up rule: whole plan refused"
nothing_written "made-up rule"

# The issue's plan: net.ipv4.ip_forward from a made-up rule; and a key outside the catalog by hand.
printf '0\n' > "$ROOT/proc/sys/net/ipv4/ip_forward"
printf '0\n' > "$ROOT/proc/sys/net/ipv4/tcp_ecn"; BEFORE=$(snapshot_root)
P=$(edit outside.json "c.append({'key':'net.ipv4.tcp_ecn','current':'0','configured':None,'proposed':'1','rule':'','severity':'notice','reason':''})")
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "key outside the catalog: exit 2"
expect_contains "$T/err" "changes[4].key: net.ipv4.tcp_ecn is not in the key catalog (rules/keys.toml); to apply it anyway pass --allow-key net.ipv4.tcp_ecn" "outside the catalog: says how to allow it"
nothing_written "key outside the catalog"

# Every offending entry is listed, not only the first.
P=$(edit several.json "c[0]['rule']='made-up'; c[1]['proposed']='0 70000'; c.append({'key':'kernel.core_pattern','current':'core','configured':None,'proposed':'|/tmp/x','rule':'','severity':'notice','reason':''})")
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "several problems: exit 2"
expect_contains "$T/err" "changes[0].rule: no rule 'made-up'" "several: the made-up rule"
expect_contains "$T/err" "changes[1].proposed: range '0 70000' is out of bounds for net.ipv4.ip_local_port_range" "several: the value out of range"
expect_contains "$T/err" "changes[4].key: kernel.core_pattern is never written by apply" "several: the denied key"
expect_contains "$T/err" "(3 changes the rules and the key catalog do not allow)" "several: counted"
nothing_written "several problems"

# Denied keys stay denied with --allow-key, also in sysctl.d's slash form and under a denied subtree.
P=$(edit denied.json "c.append({'key':'kernel/core_pattern','current':'core','configured':None,'proposed':'|/tmp/x','rule':'','severity':'notice','reason':''}); c.append({'key':'kernel.yama.ptrace_scope','current':'1','configured':None,'proposed':'0','rule':'','severity':'notice','reason':''})")
run apply --plan "$P" --yes --root "$ROOT" --allow-key kernel.core_pattern --allow-key kernel.yama.ptrace_scope
expect_eq "$rc" 2 "denied key with --allow-key: exit 2"
expect_contains "$T/err" "changes[4].key: kernel/core_pattern is never written by apply (denied by kernel.core_pattern in" "denied: slash form caught"
expect_contains "$T/err" "run that program as root" "denied: gives the reason from the data"
expect_contains "$T/err" "--allow-key does not lift the deny list" "denied: says --allow-key does not help"
expect_contains "$T/err" "changes[5].key: kernel.yama.ptrace_scope is never written by apply (denied by kernel.yama.*" "denied: subtree"
expect_eq "$(cat "$ROOT/proc/sys/kernel/core_pattern")" core "denied: core_pattern untouched"
nothing_written "denied key"

# A value the rule does not propose and the catalog's range does not allow.
P=$(edit range.json "c[3]['proposed']='-5'")
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "value out of range: exit 2"
expect_contains "$T/err" "changes[3].proposed:" "out of range: names the change"
expect_contains "$T/err" "net.core.somaxconn" "out of range: names the key"
nothing_written "value out of range"
P=$(edit enum.json "c[0]['proposed']='7'")
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "value outside the key's type: exit 2"
expect_contains "$T/err" "changes[0].proposed:" "outside the type: names the change"
nothing_written "value outside the key's type"

# A rule that exists but proposes another key is a lie about where the change comes from.
P=$(edit misattributed.json "c[0]['rule']='somaxconn-raise'")
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "misattributed rule: exit 2"
expect_contains "$T/err" "changes[0].key: rule 'somaxconn-raise' sets net.core.somaxconn, not net.ipv4.tcp_tw_reuse" "misattributed: says so"
nothing_written "misattributed rule"

# Another host's plan is refused, even with --force-stale.
P=$(edit foreign.json "p['host']['hostname']='db-7'")
run apply --plan "$P" --yes --root "$ROOT" --force-stale
expect_eq "$rc" 2 "another host's plan: exit 2"
expect_contains "$T/err" "hostname: the plan says 'db-7', this host 'fakehost'" "foreign: names the difference"
expect_contains "$T/err" "made on another host" "foreign: says why"
nothing_written "another host's plan"
P=$(edit otherns.json "p['host']['netns']='net:[4026532999]'")
run apply --plan "$P" --yes --root "$ROOT" --force-stale
expect_eq "$rc" 2 "another namespace in the same boot: exit 2"
expect_contains "$T/err" "network namespace: the plan says 'net:[4026532999]', this host 'net:[4026531840]'" "other netns: names it"
nothing_written "another namespace's plan"

# A stale plan: the value it was made against is not the live one any more; a reboot since.
P=$(edit stale.json "c[2]['current']='7'; p['host']['boot_id']='11111111-2222-3333-4444-555555555555'")
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "stale plan: exit 2"
expect_contains "$T/err" "net.ipv4.tcp_fin_timeout: the plan was made when it was 7; it is 60 now" "stale: names the value"
expect_contains "$T/err" "boot id (the host rebooted since): the plan says '11111111-2222-3333-4444-555555555555'" "stale: names the reboot"
expect_contains "$T/err" "or pass --force-stale" "stale: says how to override"
nothing_written "stale plan"
# A plan that records no host at all (older versions, hand-written) is stale too.
P=$(edit nohost.json "del p['host']")
run apply --plan "$P" --yes --root "$ROOT"
expect_eq "$rc" 2 "plan without a host: exit 2"
expect_contains "$T/err" "the plan does not record the host it was made on" "no host: says so"
nothing_written "plan without a host"

# --force-stale applies a stale plan, saying what it overrode.
P=$(edit stale2.json "c[2]['current']='7'")
run apply --plan "$P" --yes --root "$ROOT" --force-stale --no-persist
expect_eq "$rc" 0 "--force-stale applies"
expect_contains "$T/err" "warning: net.ipv4.tcp_fin_timeout: the plan was made when it was 7; it is 60 now" "--force-stale: warns"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 30 "--force-stale: applied"
run rollback --root "$ROOT"
expect_eq "$rc" 0 "rolled back"
rm -rf "$STATE"; BEFORE=$(snapshot_root)

# --allow-key lets one key outside the catalog through (and only that one); an edited value inside
# the catalog's range is accepted with a note.
P=$(edit allowed.json "c.append({'key':'net.ipv4.tcp_ecn','current':'0','configured':None,'proposed':'1','rule':'','severity':'notice','reason':''}); c[3]['proposed']='5000'")
run apply --plan "$P" --yes --root "$ROOT" --allow-key net.ipv4.tcp_ecn --no-persist
expect_eq "$rc" 0 "--allow-key applies the named key"
expect_contains "$T/err" "note: changes[4]: net.ipv4.tcp_ecn is not in the key catalog; applied because of --allow-key" "--allow-key: noted"
expect_contains "$T/err" "note: changes[3]: net.core.somaxconn = 5000 is not what rule 'somaxconn-raise' proposes (4096)" "edited value: noted"
expect_eq "$(val net.ipv4.tcp_ecn)" 1 "--allow-key: written"
rollback_all() { run rollback --root "$ROOT"; rm -rf "$STATE"; BEFORE=$(snapshot_root); }
rollback_all

# Files read as root are checked like sudo and ssh check theirs. A plan anyone can write:
cp "$GOOD" "$T/open.json"; chmod 0666 "$T/open.json"
run apply --plan "$T/open.json" --yes --root "$ROOT"
expect_eq "$rc" 2 "world-writable plan: exit 2"
expect_contains "$T/err" "refusing to trust $T/open.json: $T/open.json is writable by everyone (mode 0666) (--insecure reads it anyway)" "world-writable plan: says why and how to override"
nothing_written "world-writable plan"
# A plan in a folder anyone can write, without the sticky bit: anyone could swap it.
mkdir -p "$T/shared"; chmod 0777 "$T/shared"; cp "$GOOD" "$T/shared/plan.json"
run apply --plan "$T/shared/plan.json" --yes --root "$ROOT"
expect_eq "$rc" 2 "plan in an open folder: exit 2"
expect_contains "$T/err" "folder $T/shared is writable by others (mode 0777) without the sticky bit" "open folder: says why"
nothing_written "plan in an open folder"
if [ "$(id -u)" = 0 ]; then
  # A plan in a sticky folder like /tmp, but owned by another user: that user could edit it.
  mkdir -p "$T/tmp"; chmod 1777 "$T/tmp"; cp "$GOOD" "$T/tmp/plan.json"; chown nobody "$T/tmp/plan.json"
  run apply --plan "$T/tmp/plan.json" --yes --root "$ROOT"
  expect_eq "$rc" 2 "plan in sticky /tmp owned by another user: exit 2"
  expect_contains "$T/err" "$T/tmp/plan.json belongs to nobody (uid $(id -u nobody)), not to root or to you" "sticky /tmp: names the owner"
  nothing_written "plan owned by another user"
  # The same folder with our own plan in it is fine: the sticky bit stops others replacing it.
  cp "$GOOD" "$T/tmp/mine.json"
  run apply --plan "$T/tmp/mine.json" --yes --root "$ROOT" --no-persist
  expect_eq "$rc" 0 "our own plan in a sticky folder applies"
  rollback_all
  # A symlink someone else planted, pointing at a good plan, could be re-pointed after the check.
  ln -s "$GOOD" "$T/tmp/link.json"; chown -h nobody "$T/tmp/link.json"
  run apply --plan "$T/tmp/link.json" --yes --root "$ROOT"
  expect_eq "$rc" 2 "a planted symlink to a plan: exit 2"
  expect_contains "$T/err" "symlink $T/tmp/link.json belongs to nobody" "planted symlink: says so"
  nothing_written "planted symlink"
else
  echo "SKIP: the other-user cases need root to chown (running as uid $(id -u))"
fi
# --insecure goes on, and says so.
run apply --plan "$T/open.json" --yes --root "$ROOT" --insecure --no-persist
expect_eq "$rc" 0 "--insecure applies"
expect_contains "$T/err" "warning: reading $T/open.json although $T/open.json is writable by everyone (mode 0666) (--insecure)" "--insecure: named"
rollback_all

# A rules folder others can write decides what a plan may contain: refused too.
cp -rL "$(dirname "$BIN")/rules" "$T/rules" 2>/dev/null || cp -rL "${TEST_SRCDIR}/sysctl_advisor/rules" "$T/rules"
chmod 0777 "$T/rules"
run apply --plan "$GOOD" --yes --root "$ROOT" --rules "$T/rules"
expect_eq "$rc" 2 "world-writable rules folder: exit 2"
expect_contains "$T/err" "refusing to trust $T/rules: $T/rules is writable by everyone (mode 0777)" "rules folder: says why"
nothing_written "world-writable rules folder"
chmod 0755 "$T/rules"; chmod 0666 "$T/rules/time-wait.toml"
run plan --root "$ROOT" --rules "$T/rules" --profile load-balancer
expect_eq "$rc" 2 "plan refuses a world-writable rule file too"
expect_contains "$T/err" "$T/rules/time-wait.toml is writable by everyone (mode 0666)" "rule file: says which"
# The deny list is part of the rules: without it apply refuses to run at all.
chmod 0644 "$T/rules/time-wait.toml"; rm "$T/rules/apply-deny.toml"
run apply --plan "$GOOD" --yes --root "$ROOT" --rules "$T/rules"
expect_eq "$rc" 2 "no deny list: exit 2"
expect_contains "$T/err" "apply-deny.toml" "no deny list: names the file"
nothing_written "no deny list"
echo PASS
