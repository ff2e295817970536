#!/bin/sh
# See differential_test.py. Runs 30 seeded trees, then the extra-file cases, for each real loader
# installed.
exec /usr/bin/python3 "$TEST_SRCDIR/sysctl_advisor/tests/config/differential_test.py" \
  "$TEST_SRCDIR/sysctl_advisor/sysctl-advisor" "$TEST_SRCDIR/sysctl_advisor/tests/config/load_with_extra"
