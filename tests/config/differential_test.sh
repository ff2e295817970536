#!/bin/sh
# See differential_test.py. Runs 30 seeded trees for each real loader installed.
exec /usr/bin/python3 "$TEST_SRCDIR/sysctl_advisor/tests/config/differential_test.py" \
  "$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
