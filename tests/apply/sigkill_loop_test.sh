#!/bin/sh
# 100 rounds of apply and rollback, each SIGKILLed at a random moment (0-40 ms after start: before,
# during and after its writes, its journal saves and the persisted file's rename). After the
# rounds, plain rollbacks must bring every value back, history must read every entry without a
# warning, and no temp file may remain in the state folder or the persist folder.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"
ROUNDS=${ROUNDS:-100}
PLAN=$(stamped lb-plan.json)
start=$(date +%s)
killed_at() {  # runs the command, SIGKILLs it after $1 microseconds
  "$BIN" "$@" >/dev/null 2>&1 </dev/null &
  p=$!
  usleep_s=$(awk -v u="$delay" 'BEGIN { printf "%.4f", u / 1000000 }')
  sleep "$usleep_s"
  kill -KILL $p 2>/dev/null
  wait $p 2>/dev/null
}
i=0
while [ $i -lt $ROUNDS ]; do
  delay=$(awk -v s=$i 'BEGIN { srand(s); printf "%d", rand() * 40000 }')
  killed_at apply --plan "$PLAN" --yes --state-dir "$STATE"
  delay=$(awk -v s=$((i + 1000)) 'BEGIN { srand(s); printf "%d", rand() * 40000 }')
  killed_at rollback --state-dir "$STATE"
  i=$((i + 1))
done
ok "$ROUNDS rounds in $(( $(date +%s) - start )) s"
# Complete whatever the last kills left, then undo every apply still in effect.
n=0
while [ $n -lt 300 ]; do
  run rollback --state-dir "$STATE"
  grep -q "Nothing to roll back\|nothing to roll back" "$T/out" "$T/err" && break
  [ "$rc" = 0 ] || [ "$rc" = 2 ] || fail "rollback failed with $rc"
  [ "$rc" = 2 ] && break
  n=$((n + 1))
done
expect_defaults "after the SIGKILL rounds and rollback"
expect_absent "$PERSIST" "no persisted file remains"
run history --state-dir "$STATE"
expect_eq "$rc" 0 "history reads"
grep -q "unreadable journal entry\|did not finish\|interrupted write" "$T/err" && fail "history warns: $(cat "$T/err")"
ok "history: every entry readable, none unfinished"
left=$(ls -A "$STATE" /etc/sysctl.d | grep '\.tmp-' || true)
[ -z "$left" ] || fail "temp files left: $left"
ok "no temp files left"
echo PASS
