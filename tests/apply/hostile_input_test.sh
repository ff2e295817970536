#!/bin/sh
# Hostile files under --root and in the state folder: a link out of the tree, FIFOs, a device, a
# 100 GB sparse file, a 10 MB line, JSON nested 200,000 deep, a number out of range, a rules file of
# 400,000 errors. Each command ends within a bounded time (timeout 20 s; measured numbers in
# docs/hostile-inputs.md), names the file, and reads and writes nothing outside the tree.
. "$(dirname "$0")/lib.sh"
fake_root
OUT=$T/outside
mkdir -p "$OUT/etc-like" "$OUT/ipv4"
printf 'TOPSECRET-HASH\n' > "$OUT/etc-like/shadow"
printf '60\n' > "$OUT/ipv4/tcp_fin_timeout"
TO="timeout 20"
bounded() { [ "$rc" != 124 ] || fail "$1: still running after 20 s"; ok "$1: ends in time (exit $rc)"; }

# 1. snapshot --root: a folder link out of the tree is resolved inside it, never followed out.
ln -s "$OUT/etc-like" "$ROOT/proc/sys/net/core.out"
rm -rf "$ROOT/proc/sys/net/core" && ln -s "$OUT/etc-like" "$ROOT/proc/sys/net/core"
run snapshot --root "$ROOT" -o "$T/snap.json"
grep -q TOPSECRET "$T/snap.json" "$T/out" 2>/dev/null && fail "snapshot embedded a file from outside the tree"
ok "snapshot --root: nothing from outside the tree"
expect_contains "$T/err" "note: $ROOT/proc/sys/net/core links to $OUT/etc-like: under --root that is $ROOT$OUT/etc-like (links are never followed out of the tree)" \
  "snapshot --root names the link that points out of the tree and where it was read instead"
[ "$(grep -c 'proc/sys/net/core links to' "$T/err")" = 1 ] || fail "the link is noted once, not once per read"
ok "the link is noted once"
rm "$ROOT/proc/sys/net/core" "$ROOT/proc/sys/net/core.out"; mkdir -p "$ROOT/proc/sys/net/core"; printf '4096\n' > "$ROOT/proc/sys/net/core/somaxconn"
# A tree made of links (cp -s, a runfiles tree): ten notes, then a count, not one line per file.
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do ln -s "$OUT/etc-like/shadow" "$ROOT/etc/sysctl.d/8$i-link.conf"; done
run config --root "$ROOT"
expect_eq "$(grep -c 'links to' "$T/err")" 10 "ten links named"
expect_contains "$T/err" "note: and 2 more links out of the --root tree" "the rest counted"
grep -q TOPSECRET "$T/out" "$T/err" && fail "config read a linked file from outside the tree"
rm "$ROOT"/etc/sysctl.d/8*-link.conf

# 2. apply --root: /proc/sys/net/ipv4 linked out of the tree: refused, the outside file untouched.
mv "$ROOT/proc/sys/net/ipv4" "$ROOT/proc/sys/net/ipv4.real" && ln -s "$OUT/ipv4" "$ROOT/proc/sys/net/ipv4"
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT"
expect_eq "$rc" 2 "apply through a linked /proc/sys/net/ipv4 is refused"
expect_contains "$T/err" "$ROOT/proc/sys/net/ipv4 links to $OUT/ipv4: under --root that is $ROOT$OUT/ipv4" "apply --root names the link it did not follow"
expect_eq "$(cat "$OUT/ipv4/tcp_fin_timeout")" 60 "the file outside the tree is untouched"
rm "$ROOT/proc/sys/net/ipv4" && mv "$ROOT/proc/sys/net/ipv4.real" "$ROOT/proc/sys/net/ipv4"
# ... and /etc linked out of the tree: the persist folder is not created or written outside.
mv "$ROOT/etc" "$ROOT/etc.real" && mkdir -p "$OUT/etc-target" && ln -s "$OUT/etc-target" "$ROOT/etc"
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT"
[ "$rc" != 0 ] || fail "apply wrote through a linked /etc"
[ -z "$(ls -A "$OUT/etc-target")" ] || fail "apply wrote outside the tree: $(ls -R "$OUT/etc-target")"
ok "apply --root: nothing written through /etc -> outside (exit $rc)"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "and no live value changed"
rm "$ROOT/etc" && mv "$ROOT/etc.real" "$ROOT/etc"
# ... and a sysctl.d file linked by a relative path that climbs above the tree: read inside it.
printf 'net.ipv4.tcp_fin_timeout = 33\n' > "$T/escaped.conf"
ln -s "../../../../../../../../../../..$T/escaped.conf" "$ROOT/etc/sysctl.d/70-climb.conf"
run config --root "$ROOT"
grep -q 'tcp_fin_timeout.*33' "$T/out" && fail "config read a file outside the tree through ../.."
expect_contains "$T/err" "$ROOT/etc/sysctl.d/70-climb.conf links to ../../../../../../../../../../..$T/escaped.conf: under --root that is $ROOT$T/escaped.conf" \
  "config --root names a link climbing out of the tree"
rm "$ROOT/etc/sysctl.d/70-climb.conf"

# 3. FIFOs: in sysctl.d (config, apply before its lock), at /proc/net/netstat and a /proc/sys key,
#    and named *.toml in a rules folder.
mkfifo "$ROOT/etc/sysctl.d/50-fifo.conf"
$TO "$BIN" config --root "$ROOT" >"$T/out" 2>"$T/err"; rc=$?
bounded "config with a FIFO in sysctl.d"
expect_contains "$T/err" "50-fifo.conf" "the FIFO is named"
expect_contains "$T/err" "FIFO" "and called a FIFO"
$TO "$BIN" apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT" >"$T/out" 2>"$T/err" </dev/null; rc=$?
bounded "apply with a FIFO in sysctl.d"
$TO "$BIN" rollback --root "$ROOT" >"$T/out" 2>"$T/err" </dev/null; rc=$?
bounded "the next rollback does not wait on a lock either"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "and the tree is as before"
rm "$ROOT/etc/sysctl.d/50-fifo.conf"
mkdir -p "$ROOT/proc/net"
mkfifo "$ROOT/proc/net/netstat"
mkfifo "$ROOT/proc/sys/net/ipv4/tcp_sack"
$TO "$BIN" snapshot --root "$ROOT" -o "$T/snap.json" >"$T/out" 2>"$T/err"; rc=$?
bounded "snapshot with FIFOs under /proc"
expect_contains "$T/snap.json" "proc/net/netstat" "the netstat FIFO is named (snapshot diagnostics)"
expect_contains "$T/snap.json" "is a FIFO, not a regular file" "and called a FIFO"
rm "$ROOT/proc/net/netstat" "$ROOT/proc/sys/net/ipv4/tcp_sack"
RULES=$T/rules && mkdir -p "$RULES" && cp "$TEST_SRCDIR/sysctl_advisor/rules/"*.toml "$RULES/" 2>/dev/null
mkfifo "$RULES/zz-fifo.toml"
$TO "$BIN" plan --root "$ROOT" --profile generic --rules "$RULES" >"$T/out" 2>"$T/err"; rc=$?
bounded "plan with a FIFO named *.toml in the rules folder"
expect_contains "$T/err" "zz-fifo.toml" "the FIFO rule file is named"

# 4. A character device (/dev/zero's numbers) at /proc/net/snmp: refused, not read forever.
mknod "$ROOT/proc/net/snmp" c 1 5 2>/dev/null && {
  $TO "$BIN" snapshot --root "$ROOT" -o "$T/snap.json" >"$T/out" 2>"$T/err"; rc=$?
  bounded "snapshot with a character device at /proc/net/snmp"
  expect_contains "$T/snap.json" "is a character device, not a regular file" "called a character device"
  rm "$ROOT/proc/net/snmp"
}

# 5. A 100 GB sparse .conf and a 10 MB single line: named, bounded, no std::bad_alloc.
truncate -s 100G "$ROOT/etc/sysctl.d/60-huge.conf"
$TO "$BIN" config --root "$ROOT" >"$T/out" 2>"$T/err"; rc=$?
bounded "config with a 100 GB sparse .conf"
expect_contains "$T/err" "60-huge.conf" "the huge file is named"
grep -q bad_alloc "$T/err" && fail "bad_alloc"
rm "$ROOT/etc/sysctl.d/60-huge.conf"
head -c 10000000 /dev/zero | tr '\0' x > "$ROOT/etc/sysctl.d/61-line.conf"
printf '\nnet.ipv4.tcp_sack = 1\n' >> "$ROOT/etc/sysctl.d/61-line.conf"
$TO "$BIN" config --root "$ROOT" --loader systemd >"$T/out" 2>"$T/err"; rc=$?
bounded "config with a 10 MB line"
expect_contains "$T/err" "61-line.conf:1" "the line is located"
expect_contains "$T/err" "systemd-sysctl stops reading" "and says systemd-sysctl reads no further"
rm "$ROOT/etc/sysctl.d/61-line.conf"

# 6. JSON: a journal entry nested 200,000 deep beside a good one; a plan with 1e400.
run apply --plan "$(stamped lb-plan.json)" --yes --root "$ROOT"
expect_eq "$rc" 0 "a good apply"
python3 -c "import sys; sys.stdout.write('{\"id\": ' + '['*200000 + ']'*200000 + '}')" > "$STATE/20000101-000000-000-1.json"
$TO "$BIN" history --root "$ROOT" >"$T/out" 2>"$T/err"; rc=$?
expect_eq "$rc" 0 "history survives a deeply nested entry"
expect_contains "$T/err" "20000101-000000-000-1.json:1:" "names the entry with its position"
expect_contains "$T/err" "nested deeper than 64 levels" "and says why"
$TO "$BIN" history --root "$ROOT" --format json >"$T/out" 2>"$T/err"; rc=$?
expect_eq "$rc" 0 "history --format json survives it too"
$TO "$BIN" rollback --root "$ROOT" >"$T/out" 2>"$T/err"; rc=$?
expect_eq "$rc" 0 "rollback of the good entry still works"
expect_eq "$(val net.ipv4.tcp_fin_timeout)" 60 "and restored the value"
# A pid that is a number but no int (1e40): converting it was undefined behaviour (fuzz, journal).
good=$(ls "$STATE"/2*.json | grep -v 20000101 | head -1)
sed 's/"pid": [0-9]*/"pid": 1e40/' "$good" > "$STATE/20000102-000000-000-1.json"
$TO "$BIN" history --root "$ROOT" >"$T/out" 2>"$T/err"; rc=$?
expect_eq "$rc" 0 "history survives a pid of 1e40"
expect_contains "$T/err" "pid: expected a process id (a whole number), got 1e+40" "and says what is wrong with the entry"
rm "$STATE/20000102-000000-000-1.json"
sed 's/"proposed": "30"/"proposed": 1e400/' "$FIX/lb-plan.json" > "$T/bad-plan.json"
run apply --plan "$T/bad-plan.json" --yes --root "$ROOT"
expect_eq "$rc" 2 "a plan with 1e400 is refused"
expect_contains "$T/err" "bad-plan.json:11:" "with file and line"
expect_contains "$T/err" "number out of range: '1e400'" "in our words"
grep -q "json.exception" "$T/err" && fail "the library's exception text leaked"

# 7. Terminal escapes in values (a sysctl.d line, a /proc/sys file of the --root copy): config and
#    drift show them escaped (\x1b...), never send them to the terminal.
printf 'net.ipv4.tcp_fin_timeout = \033[31m5\n' > "$ROOT/etc/sysctl.d/62-escape.conf"
cp "$ROOT/proc/sys/net/ipv4/tcp_fin_timeout" "$T/fin.saved"
printf '\033[2J60\n' > "$ROOT/proc/sys/net/ipv4/tcp_fin_timeout"
for cmd in config drift; do
  run "$cmd" --root "$ROOT"
  grep -q "$(printf '\033')" "$T/out" && fail "$cmd sent an escape byte from a file to the terminal"
  expect_contains "$T/out" '\x1b[' "$cmd shows the escape as text"
done
cp "$T/fin.saved" "$ROOT/proc/sys/net/ipv4/tcp_fin_timeout"
rm "$ROOT/etc/sysctl.d/62-escape.conf"

# 8. A rules file of 400 conditions with 999 unknown keys each (13.6 MB): the first 50 errors are
#    shown, located and with their "did you mean"; the other 399,550 are only counted. Making a
#    hint and a location for each of them took 29 s.
python3 -c "
cond = ' + '.join('value(\"net.ipv4.tcp_tw_reusx%d\")' % (i % 10) for i in range(999))
for r in range(400):
    print('[[rule]]\nid = \"junk%d\"\ntitle = \"t\"\nseverity = \"notice\"\ncondition = \'\'\'%s > 0\'\'\'\nmessage = \"m\"\nreason = \"r\"\nreferences = [\"x\"]' % (r, cond))
" > "$T/junk-rules.toml"
$TO "$BIN" rules --local-rules "$T/junk-rules.toml" >"$T/out" 2>"$T/err"; rc=$?
bounded "rules with 399,600 unknown keys in one file"
expect_eq "$rc" 2 "the junk rules file is refused"
expect_contains "$T/err" "junk-rules.toml:5:22: error: in rule 'junk0' condition: unknown key 'net.ipv4.tcp_tw_reusx0' (not in the key catalog rules/keys.toml); did you mean 'net.ipv4.tcp_tw_reuse'?" \
  "the first error is located, with its hint"
expect_contains "$T/err" "junk-rules.toml:5:56: error: in rule 'junk0' condition: unknown key 'net.ipv4.tcp_tw_reusx1'" "the second too"
expect_contains "$T/err" "junk-rules.toml: error: more errors in this file are not shown (the first 50 are)" "the rest are counted"
echo PASS
