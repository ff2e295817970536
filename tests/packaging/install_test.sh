#!/bin/bash
# `bazel run //:install -- --prefix DIR` gives a binary that works from any folder with its data
# under DIR/share (the issue: a binary copied to /usr/local/bin could not find rules/keys.toml), and
# operator overrides in /etc/sysctl-advisor (here $SYSCTL_ADVISOR_ETC) win file by file, rule by
# rule, key by key and profile by profile over the shipped data.
source "$TEST_SRCDIR/sysctl_advisor/tests/packaging/lib.sh"

PREFIX="$T/usr/local"
rm -rf "$PREFIX"
"$RUNFILES/packaging/install" --prefix "$PREFIX" > "$T/install.out" || fail "install failed"
INSTALLED="$PREFIX/bin/sysctl-advisor"
for f in bin/sysctl-advisor share/sysctl-advisor/rules/keys.toml share/sysctl-advisor/rules/VERSION \
         share/sysctl-advisor/profiles/generic.toml share/man/man1/sysctl-advisor.1.gz \
         share/bash-completion/completions/sysctl-advisor; do
  [ -f "$PREFIX/$f" ] || fail "install did not put $f under the prefix"
done

outside_bazel "$INSTALLED" --version > "$T/version.txt" || fail "--version of the installed binary"
expect_in "$T/version.txt" "rules: $(cat "$RUNFILES/rules/VERSION") ($PREFIX/share/sysctl-advisor/rules)"
grep -q "^commit: [0-9a-f]\{12\}\|^commit: unknown$" "$T/version.txt" || fail "installed binary is not stamped: $(grep commit "$T/version.txt")"

# The installed copy plans like the development binary (same rules, same host tree).
"$BIN" plan --root "$LB_ROOT" --profile load-balancer > "$T/dev-plan.txt"
outside_bazel "$INSTALLED" plan --root "$LB_ROOT" --profile load-balancer > "$T/inst-plan.txt"; rc=$?
[ "$rc" = 0 ] || fail "installed plan exit $rc"
cmp -s "$T/dev-plan.txt" "$T/inst-plan.txt" || fail "installed plan differs: $(diff "$T/dev-plan.txt" "$T/inst-plan.txt" | head -5)"
expect_in "$T/inst-plan.txt" "[tw-recycle-set-on-kernel-without-it]"

# Run from a folder that has rules/ and profiles/ of its own (a checkout of Prometheus rules, an
# older sysctl-advisor): the installed data is used, not the folders of the cwd.
mkdir -p "$T/cwd/rules" "$T/cwd/profiles"
echo 'groups: []' > "$T/cwd/rules/alerts.yml"
(cd "$T/cwd" && env -u RUNFILES_DIR -u TEST_SRCDIR -u RUNFILES_MANIFEST_FILE -u JAVA_RUNFILES "$INSTALLED" --version) > "$T/cwd-version.txt" 2>&1 \
  || fail "installed binary run from a folder with rules/: $(head -3 "$T/cwd-version.txt")"
expect_in "$T/cwd-version.txt" "($PREFIX/share/sysctl-advisor/rules)"
(cd "$T/cwd" && env -u RUNFILES_DIR -u TEST_SRCDIR -u RUNFILES_MANIFEST_FILE -u JAVA_RUNFILES "$INSTALLED" profiles) > "$T/cwd-profiles.txt" 2>&1 \
  || fail "installed 'profiles' from a folder with rules/ and profiles/: $(head -3 "$T/cwd-profiles.txt")"
expect_in "$T/cwd-profiles.txt" "load-balancer"

# Moved elsewhere with its share/ folder: still finds it (relative to the binary, not the cwd).
mv "$T/usr/local" "$T/moved" && PREFIX="$T/moved" && INSTALLED="$PREFIX/bin/sysctl-advisor"
outside_bazel "$INSTALLED" profiles > "$T/profiles.txt" || fail "moved install cannot list profiles"
expect_in "$T/profiles.txt" "load-balancer"

# --- /etc overrides ---------------------------------------------------------------------------
ETC="$T/etc-sysctl-advisor"
rm -rf "$ETC" && mkdir -p "$ETC/rules" "$ETC/profiles"
SHIPPED="$PREFIX/share/sysctl-advisor"
# Rule by rule: a shipped rule id redefined in a file of another name, with another title/severity.
awk '/^\[\[rule\]\]/{n++} n==1' "$SHIPPED/rules/myths.toml" \
  | sed -e 's/^title = .*/title = "LOCAL: tw_recycle line on a kernel without it"/' -e 's/^severity = "error"/severity = "warning"/' \
  > "$ETC/rules/local-myths.toml"
# File by file: an empty keepalive.toml drops the shipped file's rules.
: > "$ETC/rules/keepalive.toml"
# Key by key: one catalog entry with another summary; every other key stays.
awk 'BEGIN{RS="\\[\\[key\\]\\]\n"} /name = "net.ipv4.tcp_fin_timeout"/{printf "[[key]]\n%s", $0}' "$SHIPPED/rules/keys.toml" \
  | sed 's/^summary = .*/summary = "LOCAL: our FIN_WAIT_2 note"/' > "$ETC/rules/keys.toml"
# Profile by profile.
sed 's/^description = .*/description = "LOCAL: our databases"/' "$SHIPPED/profiles/database.toml" > "$ETC/profiles/database.toml"

run() { outside_bazel env SYSCTL_ADVISOR_ETC="$ETC" "$INSTALLED" "$@"; }
run rules > "$T/rules.txt" 2> "$T/rules.err"; rc=$?
[ "$rc" = 0 ] || { fail "rules with overrides exit $rc"; cat "$T/rules.err"; }
expect_in "$T/rules.txt" "LOCAL: tw_recycle line on a kernel without it"
expect_not_in "$T/rules.txt" "keepalive-idle-through-middleboxes"
expect_in "$T/rules.txt" "tw-recycle-disable-nat"   # the rest of myths.toml is still shipped
run explain net.ipv4.tcp_fin_timeout > "$T/fin.txt"
expect_in "$T/fin.txt" "LOCAL: our FIN_WAIT_2 note"
run explain net.ipv4.tcp_tw_reuse > "$T/reuse.txt" || fail "a key not overridden is gone"
run profiles > "$T/profiles.txt"
expect_in "$T/profiles.txt" "LOCAL: our databases"
expect_in "$T/profiles.txt" "load-balancer"
run plan --root "$LB_ROOT" --profile load-balancer > "$T/over-plan.txt"
expect_in "$T/over-plan.txt" "warning  net.ipv4.tcp_tw_recycle is set but this kernel has no such key"
run --version > "$T/over-version.txt"
expect_in "$T/over-version.txt" "overrides: 3 files in $ETC/rules"
# An explicit --rules folder is the only layer: no overrides.
run rules --rules "$SHIPPED/rules" > "$T/explicit.txt"
expect_in "$T/explicit.txt" "keepalive-idle-through-middleboxes"

# Two definitions of one id inside the override layer are still an error, with its location.
cp "$ETC/rules/local-myths.toml" "$ETC/rules/local-again.toml"
run rules > /dev/null 2> "$T/dup.err"; rc=$?
[ "$rc" = 2 ] || fail "duplicate id in /etc overrides: exit $rc, want 2"
expect_in "$T/dup.err" "local-myths.toml"
finish
