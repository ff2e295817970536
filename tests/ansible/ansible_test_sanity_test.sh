#!/bin/bash
# `ansible-test sanity` (Debian's ansible-core 2.14) on the collection, offline: every sanity test
# that runs without installing Python requirements. The others (validate-modules, import, pep8,
# pylint, yamllint, ansible-doc, runtime-metadata) build a virtualenv and bootstrap pip from the
# network, which this machine and CI do not have; ansible_playbook_test runs ansible-doc instead.
# A planted smart quote must fail it, so the run is known to look at our files.
set -u
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
T="${TEST_TMPDIR:-$(mktemp -d)}"
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v ansible-test > /dev/null; then echo "SKIP: ansible-test not installed (tools/setup.sh installs ansible-core)"; exit 0; fi
# ansible-test wants to stand in ansible_collections/NAMESPACE/NAME, on real files.
C="$T/ansible_collections/sysctl_advisor/tcp"
rm -rf "$T/ansible_collections" && mkdir -p "$(dirname "$C")"
cp -rL "$RUNFILES/ansible/ansible_collections/sysctl_advisor/tcp" "$C" && chmod -R u+w "$C"
OFFLINE="compile shebang line-endings empty-init future-import-boilerplate metaclass-boilerplate no-assert
  no-basestring no-dict-iteritems no-dict-iterkeys no-dict-itervalues no-get-exception no-illegal-filenames
  no-main-display no-smart-quotes no-unicode-literals replace-urlopen symlinks use-argspec-type-path
  use-compat-six action-plugin-docs changelog ignores"
args=()
for t in $OFFLINE; do args+=(--test "$t"); done
sanity() { (cd "$C" && HOME="$T" PATH=/usr/bin:/bin ansible-test sanity --python "$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')" --local "$@"); }
sanity "${args[@]}" > "$T/sanity.log" 2>&1 || { cat "$T/sanity.log"; fail "ansible-test sanity failed"; }
n=$(grep -c '^Running sanity test' "$T/sanity.log")
[ "$n" -ge 20 ] || { cat "$T/sanity.log"; fail "only $n sanity tests ran"; }
echo "ok: $n offline sanity tests pass"
printf '#!/usr/bin/python\nx = \xe2\x80\x9cquoted\xe2\x80\x9d\n' > "$C/plugins/modules/planted.py"
if sanity --test no-smart-quotes > "$T/planted.log" 2>&1; then cat "$T/planted.log"; fail "a planted smart quote passed"; fi
grep -q "plugins/modules/planted.py:2" "$T/planted.log" || { cat "$T/planted.log"; fail "the planted file is not named"; }
echo "ok: a planted smart quote fails, named"
