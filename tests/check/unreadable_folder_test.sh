#!/bin/sh
# A folder of the repository that cannot be read must not hide the rest of it: the walk behind
# .sysctl-advisor.toml used to stop at the first such folder, so every host group after it went
# unchecked without a word. Run as an unprivileged user (a user namespace maps us to nobody), since
# root reads any folder; says SKIP where user namespaces are not allowed.
set -u
RUNFILES=${TEST_SRCDIR:?}/sysctl_advisor
if ! unshare -U true 2>/dev/null; then echo "SKIP: no user namespaces"; exit 0; fi
# Somewhere nobody can reach (the test's own folder is under root's home).
W=$(mktemp -d /tmp/unreadable-folder-test.XXXXXX)
trap 'chmod -R u+rwx "$W"; rm -rf "$W"' EXIT
cp "$RUNFILES/sysctl-advisor" "$W/sysctl-advisor"
cp -rL "$RUNFILES/rules" "$RUNFILES/profiles" "$W/"
R="$W/repo"
mkdir -p "$R"
printf '[[group]]\nname = "fleet"\npaths = ["hosts/*"]\nprofile = "generic"\nkernel = "6.1"\nloader = "systemd"\n' > "$R/.sysctl-advisor.toml"
for n in 0 1 2 3 4 5 6 7 8 9; do
  mkdir -p "$R/hosts/h$n/etc/sysctl.d" "$R/hosts/h$n/private"
  printf 'net.ipv4.tcp_fin_timout = 30\n' > "$R/hosts/h$n/etc/sysctl.d/10-typo.conf"
  chmod 000 "$R/hosts/h$n/private"
done
chmod -R a+rX "$W" 2>/dev/null
for n in 0 1 2 3 4 5 6 7 8 9; do chmod 000 "$R/hosts/h$n/private"; done
chmod 755 "$W"
(cd "$R" && SYSCTL_ADVISOR_DATA="$W" unshare -U "$W/sysctl-advisor" check --format json) > "$W/out.json" 2> "$W/err"
rc=$?
/usr/bin/python3 - "$W/out.json" <<'PY' || { echo "FAIL (exit $rc)"; cat "$W/err"; exit 1; }
import json, sys
j = json.load(open(sys.argv[1]))
groups = sorted(g["name"] for g in j["groups"])
assert len(groups) == 10, "expected all 10 host groups checked, got %s" % groups
typos = [f for f in j["findings"] if f["rule"] == "unknown-key"]
assert len(typos) == 10, "expected the typo of each of the 10 hosts, got %d" % len(typos)
PY
echo PASS
