#!/bin/sh
# Under --root: confirmation, nothing-to-change, and the boot-order check against later files.
. "$(dirname "$0")/lib.sh"
fake_root

# No terminal and no --yes: refused, nothing changed.
run apply --plan "$(stamped lb-plan.json)" --root "$ROOT"
expect_eq "$rc" 2 "no terminal, no --yes: exit 2"
expect_contains "$T/err" "rerun with --yes" "says to use --yes"
expect_contains "$T/out" "net.ipv4.tcp_tw_reuse         2 -> 1" "shows the plan first"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "nothing changed"
expect_absent "$STATE/lock" "no lock taken"

# A later file in the load order would undo a key at boot: refused, naming file:line.
printf '# local tuning\nnet.ipv4.tcp_fin_timeout = 45\n' > "$ROOT/etc/sysctl.d/99-local.conf"
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" --loader systemd
expect_eq "$rc" 2 "a later file overriding at boot: exit 2"
expect_contains "$T/err" "/etc/sysctl.d/99-local.conf:2 sets net.ipv4.tcp_fin_timeout = 45" "names the file:line that would win"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "nothing changed"
# An earlier file is overridden by us, which is fine; a later persist file wins over 99-local.
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" --loader systemd --persist-file "$ROOT/etc/sysctl.d/99-zz-advisor.conf"
expect_eq "$rc" 0 "a persist file read later is accepted"
expect_contains "$ROOT/etc/sysctl.d/99-zz-advisor.conf" "net.ipv4.tcp_fin_timeout = 30" "persisted there"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 30 "applied"
run rollback --root "$ROOT"
expect_eq "$rc" 0 "rolled back"
expect_absent "$ROOT/etc/sysctl.d/99-zz-advisor.conf" "persist file removed"
rm "$ROOT/etc/sysctl.d/99-local.conf"

# A later bare "-key" line: systemd-sysctl then writes nothing for the key at boot (the line
# cancels the earlier assignment); procps never lets it cancel one.
printf -- '-net.ipv4.tcp_fin_timeout\n' > "$ROOT/etc/sysctl.d/99-local.conf"
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" --loader systemd
expect_eq "$rc" 2 "systemd: a later '-key' line would cancel the persisted value at boot"
expect_contains "$T/err" "/etc/sysctl.d/99-local.conf:1 excludes net.ipv4.tcp_fin_timeout" "names the file:line that excludes it"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "nothing changed"
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" --loader procps
expect_eq "$rc" 0 "procps: a '-key' line never cancels an assignment"
run rollback --root "$ROOT"
expect_eq "$rc" 0 "rolled back"
rm "$ROOT/etc/sysctl.d/99-local.conf"

# procps reads /etc/sysctl.conf after every sysctl.d file.
printf 'net.core.somaxconn = 1024\n' > "$ROOT/etc/sysctl.conf"
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" --loader procps
expect_eq "$rc" 2 "procps: /etc/sysctl.conf would win"
expect_contains "$T/err" "/etc/sysctl.conf:1 sets net.core.somaxconn = 1024" "names /etc/sysctl.conf:1"
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" --loader systemd
expect_eq "$rc" 0 "systemd does not read /etc/sysctl.conf itself"
rm "$ROOT/etc/sysctl.conf"

# Someone changes a key after the apply: rollback reports it and needs --force.
printf '15\n' > "$ROOT/proc/sys/net/ipv4/tcp_fin_timeout"
run rollback --root "$ROOT"
expect_eq "$rc" 2 "rollback refuses to overwrite someone else's change"
expect_contains "$T/err" "net.ipv4.tcp_fin_timeout is 15 now" "reports the key"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 1 "nothing rolled back without --force"
run rollback --root "$ROOT" --force
expect_eq "$rc" 0 "rollback --force"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "--force overwrites it"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "and restores the rest"

# The persisted file edited by hand since the apply: reported, restored only with --force.
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT"
expect_eq "$rc" 0 "applied again"
printf 'kernel.pid_max = 4194304\n' >> "$PERSIST"
run rollback --root "$ROOT"
expect_eq "$rc" 2 "rollback refuses to overwrite a hand-edited persist file"
expect_contains "$T/err" "90-sysctl-advisor.conf was changed since apply" "names the file"
run rollback --root "$ROOT" --force
expect_eq "$rc" 0 "rollback --force"
expect_absent "$PERSIST" "--force removes it (it did not exist before)"

# On a terminal: the plan is shown and the answer decides (script(1) gives it a terminal).
if command -v script >/dev/null 2>&1; then
  echo n | script -qec "'$BIN' apply --plan '$(stamped lb-plan.json)' --root '$ROOT'" /dev/null >"$T/out" 2>&1; rc=$?
  expect_eq "$rc" 1 "answering n exits 1"
  expect_contains "$T/out" "Apply these changes? [y/N]" "asks on a terminal"
  expect_contains "$T/out" "Not applied: nothing was changed." "says nothing changed"
  expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "answering n changes nothing"
  echo y | script -qec "'$BIN' apply --plan '$(stamped lb-plan.json)' --root '$ROOT'" /dev/null >"$T/out" 2>&1; rc=$?
  expect_eq "$rc" 0 "answering y applies"
  expect_eq "$(val net.ipv4.tcp_tw_reuse)" 1 "answering y changed the value"
  run rollback --root "$ROOT"
  expect_eq "$rc" 0 "rolled back"
else
  echo "SKIP (part): script(1) not installed, the terminal prompt is not tested"
fi

# Empty plan: nothing to change, no journal entry.
printf '{"schema":"sysctl-advisor/plan/v1","profile":"x","changes":[],"findings":[]}' > "$T/empty.json"
n=$(ls "$STATE" | grep -c json)
run apply --plan "$T/empty.json" --root "$ROOT"
expect_eq "$rc" 0 "empty plan exits 0"
expect_contains "$T/out" "Nothing to change" "says nothing to change"
expect_eq "$(ls "$STATE" | grep -c json)" "$n" "no journal entry"
echo PASS
