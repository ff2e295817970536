#!/bin/bash
# The .deb: control fields (Depends from the linked libraries), FHS layout, lintian, the systemd
# units, and an install into a throwaway root (dpkg --root) whose packaged binary and rules plan a
# host tree; removal leaves only the state folder, purge not even that.
source "$TEST_SRCDIR/sysctl_advisor/tests/packaging/lib.sh"
DEB=$(ls "$RUNFILES"/packaging/sysctl-advisor_*_*.deb)

dpkg-deb -f "$DEB" Package Version Architecture Depends > "$T/control.txt" || fail "dpkg-deb -f"
expect_in "$T/control.txt" "Package: sysctl-advisor"
for lib in libc6 libstdc++6 libboost-program-options1.74.0 libtomlplusplus3 libmnl0; do
  grep -q "^Depends:.*\b$lib\b" "$T/control.txt" || fail "Depends lacks $lib: $(grep Depends "$T/control.txt")"
done
# Every shared library the binary links is owned by a package named in Depends.
dpkg-deb -x "$DEB" "$T/x"
for so in $(ldd "$T/x/usr/bin/sysctl-advisor" | awk '/=> \//{print $3}'); do
  pkg=$(dpkg -S "$(readlink -f "$so")" 2>/dev/null | head -1 | cut -d: -f1)
  [ -z "$pkg" ] && pkg=$(dpkg -S "$so" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$pkg" ] || { fail "no package owns $so"; continue; }
  grep -q "^Depends:.*\b$pkg\b" "$T/control.txt" || fail "$so is from $pkg, not in Depends"
done
dpkg-deb -c "$DEB" | awk '{print $6}' > "$T/files.txt"
for f in ./usr/bin/sysctl-advisor ./usr/share/sysctl-advisor/rules/keys.toml ./usr/share/sysctl-advisor/rules/VERSION \
         ./usr/share/sysctl-advisor/profiles/generic.toml ./usr/share/man/man1/sysctl-advisor.1.gz \
         ./usr/share/sysctl-advisor/rules/orchestrators/kubernetes.toml \
         ./usr/share/bash-completion/completions/sysctl-advisor ./lib/systemd/system/sysctl-advisor-audit.service \
         ./lib/systemd/system/sysctl-advisor-audit.timer ./usr/share/doc/sysctl-advisor/copyright; do
  grep -qx -- "$f" "$T/files.txt" || fail "package lacks $f"
done

if command -v lintian > /dev/null; then
  lintian --no-tag-display-limit "$DEB" > "$T/lintian.txt" 2>&1
  grep -q '^E:' "$T/lintian.txt" && fail "lintian errors: $(grep '^E:' "$T/lintian.txt")"
  echo "lintian: $(grep -c '^W:' "$T/lintian.txt") warning(s)"; grep '^W:' "$T/lintian.txt"
else
  echo "SKIP lintian: not installed"
fi

if command -v systemd-analyze > /dev/null; then
  # Documentation=man:sysctl-advisor(1) is checked too: the packaged man page is on MANPATH.
  MANPATH="$T/x/usr/share/man:" systemd-analyze verify "$T/x/lib/systemd/system/sysctl-advisor-audit.service" \
    "$T/x/lib/systemd/system/sysctl-advisor-audit.timer" > "$T/verify.txt" 2>&1 || fail "systemd-analyze verify: $(cat "$T/verify.txt")"
  [ -s "$T/verify.txt" ] && fail "systemd-analyze verify complains: $(cat "$T/verify.txt")"
else
  echo "SKIP systemd-analyze: not installed"
fi

# Install with dpkg into a throwaway root (its own dpkg database; maintainer scripts see DPKG_ROOT).
R="$T/root"
rm -rf "$R" && mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/prometheus/node-exporter"
: > "$R/var/lib/dpkg/status"
DPKG=(dpkg --root="$R" --force-script-chrootless --force-depends --force-not-root --log=/dev/null)
"${DPKG[@]}" -i "$DEB" > "$T/dpkg-i.txt" 2>&1 || fail "dpkg -i: $(cat "$T/dpkg-i.txt")"
outside_bazel "$R/usr/bin/sysctl-advisor" --version > "$T/version.txt"
expect_in "$T/version.txt" "rules: $(cat "$RUNFILES/rules/VERSION") ($R/usr/share/sysctl-advisor/rules)"
grep -q "^commit: unknown (unstamped" "$T/version.txt" && fail "packaged binary is not stamped"
outside_bazel "$R/usr/bin/sysctl-advisor" plan --root "$LB_ROOT" --profile load-balancer > "$T/plan.txt"; rc=$?
[ "$rc" = 0 ] || fail "packaged plan exit $rc"
"$BIN" plan --root "$LB_ROOT" --profile load-balancer > "$T/dev-plan.txt"
cmp -s "$T/plan.txt" "$T/dev-plan.txt" || fail "packaged plan differs from the development one"
expect_in "$T/plan.txt" "[tw-recycle-set-on-kernel-without-it]"

# The state the tool keeps (an apply journal) and metrics the timer wrote, then remove.
mkdir -p "$R/var/lib/sysctl-advisor" && echo '{}' > "$R/var/lib/sysctl-advisor/journal-test.json"
echo "sysctl_advisor_plan_pending_changes 0" > "$R/var/lib/prometheus/node-exporter/sysctl_advisor_plan.prom"
"${DPKG[@]}" -r sysctl-advisor > "$T/dpkg-r.txt" 2>&1 || fail "dpkg -r: $(cat "$T/dpkg-r.txt")"
left=$(cd "$R" && find . ! -type d ! -path './var/lib/dpkg/*' | sort)
[ "$left" = "./var/lib/sysctl-advisor/journal-test.json" ] || fail "after removal, left behind: $left"
"${DPKG[@]}" --purge sysctl-advisor > "$T/dpkg-p.txt" 2>&1 || fail "dpkg --purge: $(cat "$T/dpkg-p.txt")"
left=$(cd "$R" && find . ! -path './var/lib/dpkg*' ! -path . ! -path ./var ! -path ./var/lib ! -path ./var/lib/prometheus ! -path ./var/lib/prometheus/node-exporter | sort)
[ -z "$left" ] || fail "after purge, left behind: $left"
finish
