#!/bin/sh
# Other writers under --root (docs/writers.md): a TuneD profile with an include, ufw's sysctl file,
# an enabled unit running `sysctl -w`. plan names each writer, its file and value; a change to a key
# one of them sets "will not stay".
. "$(dirname "$0")/lib.sh"
fake_root

# TuneD: active profile "web" in /etc/tuned, including "base" from /usr/lib/tuned.
mkdir -p "$ROOT/etc/tuned/web" "$ROOT/usr/lib/tuned/base"
echo web > "$ROOT/etc/tuned/active_profile"
echo manual > "$ROOT/etc/tuned/profile_mode"
printf '[main]\nsummary=web\ninclude=base\n\n[sysctl]\nnet.core.somaxconn=1024\n' > "$ROOT/etc/tuned/web/tuned.conf"
printf '[sysctl]\nnet.ipv4.tcp_fin_timeout=${f:exec:/bin/echo:30}\nnet.core.somaxconn=2048\nvm.swappiness=10\n' \
  > "$ROOT/usr/lib/tuned/base/tuned.conf"
# ufw, enabled, with its sysctl file moved by /etc/default/ufw.
mkdir -p "$ROOT/etc/ufw" "$ROOT/etc/default"
printf 'ENABLED=yes\nLOGLEVEL=low\n' > "$ROOT/etc/ufw/ufw.conf"
printf 'IPT_SYSCTL=/etc/ufw/my-sysctl.conf\n' > "$ROOT/etc/default/ufw"
printf '# ufw\nnet/ipv4/ip_local_port_range=32768 60999\n' > "$ROOT/etc/ufw/my-sysctl.conf"
# An enabled unit (absolute link, resolved inside the tree) running sysctl -w; systemd-sysctl is not
# another writer.
mkdir -p "$ROOT/etc/systemd/system/multi-user.target.wants" "$ROOT/usr/lib/systemd/system"
printf '[Unit]\nDescription=tuning\n[Service]\nType=oneshot\nExecStart=/sbin/sysctl -w net.ipv4.tcp_tw_reuse=0\n' \
  > "$ROOT/usr/lib/systemd/system/tune.service"
printf '[Service]\nExecStart=/lib/systemd/systemd-sysctl\n' > "$ROOT/usr/lib/systemd/system/systemd-sysctl.service"
ln -s /usr/lib/systemd/system/tune.service "$ROOT/etc/systemd/system/multi-user.target.wants/tune.service"
ln -s /usr/lib/systemd/system/systemd-sysctl.service "$ROOT/etc/systemd/system/multi-user.target.wants/systemd-sysctl.service"

# An enabled unit by a relative link (../rel.service from the wants folder): named by its own path.
printf '[Service]\nExecStart=/usr/sbin/sysctl -w vm.dirty_ratio=7\n' > "$ROOT/etc/systemd/system/rel.service"
ln -s ../rel.service "$ROOT/etc/systemd/system/multi-user.target.wants/rel.service"

# A rule of the operator's that proposes tcp_tw_reuse = 1, so the plan changes a key the unit sets.
cat > "$T/local.toml" <<'TOML'
[[rule]]
id = "test-tw-reuse-on"
title = "Test: reuse TIME_WAIT ports"
severity = "warning"
condition = 'value("net.ipv4.tcp_tw_reuse") != 1'
set = { key = "net.ipv4.tcp_tw_reuse", value = "1" }
reason = "a test rule"
references = ["tests/apply/other_writers_test.sh"]
TOML

run plan --root "$ROOT" --profile generic --local-rules "$T/local.toml"
expect_eq "$rc" 0 "plan exits 0"
expect_contains "$T/out" "tuned (profile web, manual mode) sets net.core.somaxconn = 1024 [/etc/tuned/web/tuned.conf:6]  [other-writer]" \
  "TuneD: the including profile's value wins, with its file:line"
expect_contains "$T/out" "sets net.ipv4.tcp_fin_timeout: set by TuneD (value computed at runtime: \${f:exec:/bin/echo:30}) [/usr/lib/tuned/base/tuned.conf:2]" \
  "TuneD: a key from the included profile; a variable is computed at runtime"
expect_contains "$T/out" "reapply_sysctl=1" "TuneD: says it reapplies sysctl.d (the default)"
expect_contains "$T/out" "ufw sets net.ipv4.ip_local_port_range = 32768 60999 [/etc/ufw/my-sysctl.conf:2]" "ufw: its IPT_SYSCTL file"
expect_contains "$T/out" "systemd unit tune.service sets net.ipv4.tcp_tw_reuse = 0 [/usr/lib/systemd/system/tune.service:5]: the change to 1 will not stay" \
  "unit: sysctl -w, and the plan's change will not stay"
expect_contains "$T/out" "systemd unit rel.service sets vm.dirty_ratio = 7 [/etc/systemd/system/rel.service:2]" \
  "unit by a relative link: its file named as it is, not through the wants folder's .."
grep -q "unit systemd-sysctl" "$T/out" && fail "systemd-sysctl.service reported as another writer"
ok "systemd-sysctl.service is not another writer"

run plan --root "$ROOT" --profile generic --local-rules "$T/local.toml" --format json
expect_eq "$rc" 0 "plan --format json exits 0"
/usr/bin/python3 - "$T/out" <<'PY' || fail "JSON findings"
import json, sys
plan = json.load(open(sys.argv[1]))
f = [x for x in plan["findings"] if x["rule"] == "other-writer"]
by = {x["key"]: x for x in f}
assert by["net.ipv4.tcp_tw_reuse"]["severity"] == "warning", by
assert by["net.ipv4.tcp_tw_reuse"]["file"] == "/usr/lib/systemd/system/tune.service" and by["net.ipv4.tcp_tw_reuse"]["line"] == 5
assert by["net.core.somaxconn"]["severity"] == "notice"
assert "tuned (profile web" in by["net.core.somaxconn"]["message"]
assert "vm.swappiness" in by
PY
ok "JSON: other-writer findings with key, severity, file and line"

# rc.local loading a file with sysctl -p: the file's keys, each at its own line.
printf '#!/bin/sh\n# local tuning\nsysctl -q -p /etc/tune.conf\nexit 0\n' > "$ROOT/etc/rc.local"
printf '# tuning\nvm.dirty_ratio = 5\nkernel.pid_max=4194304\n' > "$ROOT/etc/tune.conf"
run plan --root "$ROOT" --profile generic
expect_contains "$T/out" "/etc/rc.local sets kernel.pid_max = 4194304 (loaded by \`sysctl -p /etc/tune.conf\` (/etc/rc.local:3)) [/etc/tune.conf:3]" \
  "rc.local: sysctl -p FILE gives the file's keys with their lines"
rm "$ROOT/etc/rc.local" "$ROOT/etc/tune.conf"

# ufw disabled: its file is not another writer.
printf 'ENABLED=no\n' > "$ROOT/etc/ufw/ufw.conf"
run plan --root "$ROOT" --profile generic
grep -q "ufw sets" "$T/out" && fail "disabled ufw reported"
ok "disabled ufw is not another writer"
printf 'ENABLED=yes\n' > "$ROOT/etc/ufw/ufw.conf"

# An include loop is refused and said; the rest is still read.
printf '[main]\ninclude=web\n[sysctl]\nvm.swappiness=10\n' > "$ROOT/usr/lib/tuned/base/tuned.conf"
run plan --root "$ROOT" --profile generic
expect_contains "$T/err" "note: TuneD include loop web -> base -> web: the include is refused" "an include loop is named"
expect_contains "$T/out" "sets net.core.somaxconn = 1024" "the profile is still read"

# A link in the tree that points out of it is read inside the tree (chroot semantics), never outside.
printf '[Service]\nExecStart=/sbin/sysctl -w net.core.somaxconn=7\n' > "$T/outside.service"
ln -s "$T/outside.service" "$ROOT/etc/systemd/system/multi-user.target.wants/escape.service"
ln -s ../../../../../../../../../../../../../../../../../../../../"$T/outside.service" \
  "$ROOT/etc/systemd/system/multi-user.target.wants/escape2.service"
run plan --root "$ROOT" --profile generic
expect_eq "$rc" 0 "a unit link out of the tree: still exit 0"
grep -q "somaxconn = 7" "$T/out" && fail "read a unit outside the tree"
ok "a link out of the tree is not followed out"
rm "$ROOT/etc/systemd/system/multi-user.target.wants/escape.service" "$ROOT/etc/systemd/system/multi-user.target.wants/escape2.service"

# apply refuses to change keys other writers set: exit 2, the writers named, nothing written.
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT"
expect_eq "$rc" 2 "apply: keys other writers own: exit 2"
expect_contains "$T/err" "another writer owns net.ipv4.tcp_tw_reuse = 1: systemd unit tune.service sets net.ipv4.tcp_tw_reuse = 0 [/usr/lib/systemd/system/tune.service:5]" \
  "apply names the unit, its file:line and value"
expect_contains "$T/err" "another writer owns net.core.somaxconn = 8192: tuned (profile web, manual mode) sets net.core.somaxconn = 1024" "apply names TuneD and its profile"
expect_contains "$T/err" "another writer owns net.ipv4.ip_local_port_range = 1024 65000: ufw sets" "apply names ufw"
expect_contains "$T/err" "rerun with --force" "says how to apply anyway"
expect_contains "$T/err" "nothing was changed" "says nothing was changed"
expect_defaults "refused"
expect_absent "$PERSIST" "no drop-in written"
expect_absent "$STATE" "no journal"
# Planned now (not from a file): the same refusal.
run apply --root "$ROOT" --profile generic --local-rules "$T/local.toml" --yes
expect_eq "$rc" 2 "apply of a plan made now: refused too"
expect_contains "$T/err" "another writer owns net.ipv4.tcp_tw_reuse = 1: systemd unit tune.service" "names the unit"
expect_eq "$(val net.ipv4.tcp_tw_reuse)" 2 "tcp_tw_reuse untouched"
expect_absent "$PERSIST" "no drop-in written"

# --force applies, and says the writers may undo it.
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" --force
expect_eq "$rc" 0 "apply --force: exit 0"
expect_contains "$T/err" "warning: --force: net.ipv4.tcp_tw_reuse = 1: systemd unit tune.service sets net.ipv4.tcp_tw_reuse = 0" "--force: names the writer"
expect_contains "$T/err" "the other writers may undo these changes when they write again" "--force: says they may undo it"
expect_lb_applied "--force"
expect_contains "$PERSIST" "net.ipv4.tcp_tw_reuse = 1" "--force: persisted"
# TuneD sets its value again (here: by hand, as its next start would): drift names it.
printf '1024\n' > "$ROOT/proc/sys/net/core/somaxconn"
run drift --root "$ROOT"
expect_eq "$rc" 1 "drift: exit 1"
expect_contains "$T/out" "changed since apply" "drift: somaxconn changed since the apply"
expect_contains "$T/out" "probably written by tuned (profile web, manual mode)" "drift names TuneD and its profile"
# The persisted file sets 4096 at boot, but TuneD sets 1024 again when it starts: not "lost at
# reboot" as if nothing would restore it, and the order decides (the review's finding).
grep 'net.core.somaxconn' "$T/out" | grep -q 'lost at reboot' && fail "drift calls a key TuneD sets again 'lost at reboot': $(grep somaxconn "$T/out")"
expect_contains "$T/out" "the boot files set another value; probably written by tuned (profile web, manual mode), which may set it again at boot (the order they run in decides)" \
  "drift: the boot files and TuneD disagree, and the order decides"
run drift --root "$ROOT" --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); k={x["key"]: x for x in d["keys"]}; sys.exit(0 if k["net.core.somaxconn"]["written_by"] == "tuned (profile web, manual mode)" and k["net.ipv4.tcp_tw_reuse"]["written_by"] is None else 1)' "$T/out" \
  || fail "drift JSON written_by"
ok "drift JSON: written_by for somaxconn, null for an unchanged key"
run rollback --root "$ROOT" --force
expect_eq "$rc" 0 "rolled back"
expect_defaults "rolled back"

# explain knows the id.
run explain other-writer
expect_eq "$rc" 0 "explain other-writer"
expect_contains "$T/out" "Another program sets this key" "explain: the title"
echo PASS
