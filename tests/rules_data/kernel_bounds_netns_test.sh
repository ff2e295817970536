#!/bin/sh
# rules/keys.toml's min/max and kernel_min/kernel_max against this kernel's handlers, in a throwaway
# network namespace (kernel_bounds_netns_test.py): what `check` says the kernel refuses or takes.
set -eu
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }
exec unshare -n /usr/bin/python3 "$RUNFILES/tests/rules_data/kernel_bounds_netns_test.py" "$RUNFILES/rules/keys.toml"
