#!/bin/sh
# rules/keys.toml's netns_start against this kernel, in throwaway namespaces (netns_start_test.py).
set -eu
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
exec /usr/bin/python3 "$RUNFILES/tests/rules_data/netns_start_test.py" "$RUNFILES/rules/keys.toml"
