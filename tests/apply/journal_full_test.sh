#!/bin/sh
# The journal's disk is full (a 4 KiB tmpfs, filled): no journal entry, so nothing is changed.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

mkdir -p "$T/small" && mount -t tmpfs -o size=4k tmpfs "$T/small" || fail "tiny tmpfs"
dd if=/dev/zero of="$T/small/filler" bs=1k count=64 2>/dev/null
run apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$T/small/state"
expect_eq "$rc" 3 "apply exits 3"
expect_contains "$T/err" "could not write the journal entry" "says the journal could not be written"
expect_contains "$T/err" "No space left on device" "says why"
expect_contains "$T/err" "nothing was changed" "says nothing changed"
expect_defaults "with a full journal disk"
expect_absent "$PERSIST" "nothing persisted"
expect_eq "$(ls "$T/small/state" | grep -c '\.json$')" 0 "no journal entry left behind"
expect_eq "$(ls -a "$T/small/state" | grep -c '\.tmp-')" 0 "no temporary file left behind"
echo PASS
