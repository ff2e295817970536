#!/bin/sh
# `check` of a blog-copied sysctl file for kernels 5.15 and 4.9 (see check_offline_test.py).
set -eu
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
exec /usr/bin/python3 "$RUNFILES/tests/scenarios/check_offline_test.py" "$RUNFILES/sysctl-advisor" \
  "$RUNFILES/tests/scenarios/lb-nginx-upstream-churn/root/etc/sysctl.d/99-tuning.conf"
