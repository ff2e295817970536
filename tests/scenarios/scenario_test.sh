#!/bin/sh
# Plans one scenario host (tests/scenarios/NAME) with the built binary and checks its expected.txt.
set -eu
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
exec /usr/bin/python3 "$RUNFILES/tests/scenarios/run_scenario.py" \
  "$RUNFILES/sysctl-advisor" "$RUNFILES/tests/scenarios/$1" "${TEST_TMPDIR:?}/$1"
