#!/bin/sh
# The shipped rules/ against their catalog and against this machine's kernel (in `unshare -n`).
set -eu
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
exec /usr/bin/python3 "$RUNFILES/tests/rules_data/rules_data_test.py" "$RUNFILES/rules"
