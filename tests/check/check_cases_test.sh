#!/bin/bash
# `sysctl-advisor check` case by case: every exit code, every suppression case, the PATH forms
# (files in the order given, a folder, a host root under each loader, --root), the mapping file's
# own mistakes, and command-line options overriding it. Each case builds its files in TEST_TMPDIR.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
W="$TEST_TMPDIR/cases"
rm -rf "$W" && mkdir -p "$W" && cd "$W"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# run WANT_EXIT ARGS...: runs check, keeps stdout in $OUT and stderr in $ERR.
run() {
  local want=$1; shift
  OUT=$("$BIN" check "$@" 2> "$W/stderr"); local got=$?
  ERR=$(cat "$W/stderr")
  [ "$got" = "$want" ] || fail "check $*: exit $got, expected $want; stdout: $OUT; stderr: $ERR"
}
has() { grep -qF -- "$2" <<< "$1" || fail "expected a line containing: $2"$'\n'"in:"$'\n'"$1"; }
lacks() { if grep -qF -- "$2" <<< "$1"; then fail "expected no line containing: $2"$'\n'"in:"$'\n'"$1"; fi; }

# --- exit codes -------------------------------------------------------------------------------
printf 'net.ipv4.tcp_syncookies = 1\n' > clean.conf
run 0 clean.conf --profile generic --kernel 6.1
has "$OUT" "0 errors, 0 warnings, 0 notices, 0 info in 1 file of 1 host group"

printf 'net.ipv4.tcp_syncookies = 256\n' > error.conf
run 1 error.conf --profile generic --kernel 6.1
has "$OUT" "error.conf:1:27: error: net.ipv4.tcp_syncookies = '256': value '256' is not one of net.ipv4.tcp_syncookies's values (0, 1, 2) [invalid-value]"
# The kernel takes 9 (proc_dou8vec_minmax(): any byte; tests/rules_data/kernel_bounds_netns_test.sh):
# not "refused at boot" (an error that said so before), but no documented meaning either.
printf 'net.ipv4.tcp_syncookies = 9\nnet.ipv4.tcp_sack = 01\nnet.ipv4.tcp_fin_timeout = 0\n' > undocumented.conf
run 0 undocumented.conf --profile generic --kernel 6.1
has "$OUT" "undocumented.conf:1:27: warning: net.ipv4.tcp_syncookies = '9': value '9' is not one of net.ipv4.tcp_syncookies's values (0, 1, 2) [undocumented-value]"
has "$OUT" "undocumented.conf:3:28: warning: net.ipv4.tcp_fin_timeout = '0': value 0 is out of range for net.ipv4.tcp_fin_timeout: expected an integer between 1 and 2147483 [undocumented-value]"
lacks "$OUT" "tcp_sack"
lacks "$OUT" "refuses the write"
run 0 undocumented.conf --profile generic --kernel 6.1 --format json
has "$OUT" "The kernel takes the write and applies it at boot"
# A key the kernel does not have: what each loader does at boot, as seen in unshare -n -m with the
# sysctl folders bind-mounted over (systemd 252 "Couldn't write ..., ignoring", exit 0; procps 4.0.2
# `sysctl --system` silent, exit 0; only `sysctl -p FILE` says 'cannot stat' and exits 1). Before,
# both said "cannot stat ... and the loader reports an error": false for both boot loaders.
printf 'net.ipv4.tcp_tw_reuse_delay = 100\n' > absent.conf
run 1 absent.conf --profile generic --kernel 6.1 --loader systemd
has "$OUT" "    At boot systemd-sysctl logs \"Couldn't write ..., ignoring: No such file or directory\" and goes on (exit 0: nothing fails visibly); the setting never applies."
lacks "$OUT" "cannot stat"
run 1 absent.conf --profile generic --kernel 6.1 --loader procps
has "$OUT" "    At boot \`sysctl --system\` skips the line without a word and exits 0 (only \`sysctl -p FILE\` prints 'cannot stat /proc/sys/...' and exits 1); the setting never applies."
# A repository .yml the yaml fuzz target found: libfyaml crashed on it (SEGV), and check with it.
mkdir -p crashrepo && printf -- '- ? s:~  ? :\t\0 sysctl' > crashrepo/site.yml
run 1 crashrepo --profile generic
has "$OUT" "site.yml:1:14: error: malformed YAML: control character U+0000 (YAML allows only TAB, LF and CR among control characters) [yaml-syntax]"
KEY=$("$BIN" explain net.ipv4.tcp_sack)
has "$KEY" "  kernel      0..255 taken (outside: refused at boot with EINVAL)"

printf 'net.ipv4.tcp_tw_reuce = 1\n' > warning.conf
run 0 warning.conf --profile generic                    # default --fail-on error
run 1 warning.conf --profile generic --fail-on warning
has "$OUT" "failing at --fail-on warning"

printf 'net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_fin_timeout = 30\n' > notice.conf
run 0 notice.conf --profile generic --fail-on warning
has "$OUT" "notice.conf:1:1: notice: net.ipv4.tcp_fin_timeout = 30 is assigned again on line 2 with the same value [duplicate-key]"
run 1 notice.conf --profile generic --fail-on notice

# Not evaluated offline is never a failure, even at --fail-on notice.
run 0 clean.conf --profile load-balancer --kernel 6.1 --fail-on notice
has "$OUT" "rules not evaluated (needs the live host): "

run 2 clean.conf --profile generic --format yaml
has "$ERR" "--format 'yaml' is not one of: text, json, sarif, junit, github"
run 2 clean.conf --profile generic --fail-on info
has "$ERR" "--fail-on 'info' is not one of: error, warning, notice"
run 2 clean.conf --profile generic --loader upstart
run 2 clean.conf --profile generic --kernel latest
has "$ERR" "--kernel 'latest' is not a version like 6.1 or 4.19.0"
run 2 clean.conf
has "$ERR" "--profile NAME is required with PATH or --root"
run 2 clean.conf --profile load-balancr
has "$ERR" "unknown profile 'load-balancr' for host group 'files'; did you mean 'load-balancer'?"
run 2 missing.conf --profile generic
has "$ERR" "missing.conf: error: no such file or folder [unreadable-input]"
run 2 --no-such-option
mkdir -p empty && (cd empty && "$BIN" check > /dev/null 2> "$W/stderr"; [ $? = 2 ] || fail "no PATH, no mapping: expected exit 2")
has "$(cat "$W/stderr")" "nothing to check: give PATHs or --root DIR, or run where a .sysctl-advisor.toml maps the host groups"

# --- suppressions -------------------------------------------------------------------------------
cat > sup.conf <<'CONF'
# sysctl-advisor: ignore unknown-key -- vendor patch adds it
net.ipv4.tcp_tw_reuce = 1
nett.ipv4.tcp_sack = 1 # sysctl-advisor: ignore unknown-key -- same line
# sysctl-advisor: ignore unknown-key -- two lines above the finding: too far
# (nothing)
net.ipv4.tcp_tw_reuze = 1
# sysctl-advisor: ignore unknwn-key -- typo in the rule id
net.ipv4.tcp_tw_reuxe = 1
# sysctl-advisor: ignore duplicate-key -- stale: nothing is duplicated here
net.ipv4.tcp_sack = 1
# sysctl-advisor: ignore duplicate-key -- silences the duplicate, not the invalid value
net.ipv4.tcp_syncookies = 256
net.ipv4.tcp_syncookies = 1
# sysctl-advisor: mute everything
CONF
run 1 sup.conf --profile generic --kernel 6.1
lacks "$OUT" "sup.conf:2:1:"                                   # the line after: silenced
lacks "$OUT" "sup.conf:3:1: error: unknown key 'nett.ipv4.tcp_sack'"   # the same line: silenced
has "$OUT" "sup.conf:3:24: warning: '#' does not start a comment after a value"  # other rules stay
has "$OUT" "sup.conf:4:1: warning: suppression of 'unknown-key' silences nothing on this line or the next [unused-suppression]"
has "$OUT" "sup.conf:6:1: warning: unknown key 'net.ipv4.tcp_tw_reuze'; did you mean 'net.ipv4.tcp_tw_reuse'? [unknown-key]"
has "$OUT" "sup.conf:7:1: warning: suppression of unknown rule 'unknwn-key'; did you mean 'unknown-key'? [unused-suppression]"
has "$OUT" "sup.conf:8:1: warning: unknown key 'net.ipv4.tcp_tw_reuxe'"
has "$OUT" "sup.conf:9:1: warning: suppression of 'duplicate-key' silences nothing on this line or the next [unused-suppression]"
lacks "$OUT" "sup.conf:12:1: warning: net.ipv4.tcp_syncookies = 256 is assigned again"
has "$OUT" "sup.conf:12:27: error: net.ipv4.tcp_syncookies = '256'"
has "$OUT" "sup.conf:14:1: warning: expected 'ignore RULE-ID -- reason' after \"sysctl-advisor:\" [bad-suppression]"
has "$OUT" "; 3 suppressed;"
# An unused suppression fails a --fail-on warning gate on its own.
printf '# sysctl-advisor: ignore duplicate-key -- stale\nnet.ipv4.tcp_syncookies = 1\n' > stale.conf
run 0 stale.conf --profile generic
run 1 stale.conf --profile generic --fail-on warning

# --- PATH forms ---------------------------------------------------------------------------------
printf 'net.ipv4.tcp_fin_timeout = 30\n' > a.conf
printf 'net.ipv4.tcp_fin_timeout = 20\n' > b.conf
run 0 a.conf b.conf --profile generic
has "$OUT" "a.conf:1:1: warning: net.ipv4.tcp_fin_timeout = 30 is overridden at boot by b.conf:1 (20) under systemd [shadowed-key]"
run 0 b.conf a.conf --profile generic                  # the order given is the load order
has "$OUT" "b.conf:1:1: warning: net.ipv4.tcp_fin_timeout = 20 is overridden at boot by a.conf:1 (30) under systemd [shadowed-key]"
mkdir -p confdir && cp b.conf confdir/20-b.conf && cp a.conf confdir/10-a.conf
run 0 confdir --profile generic                        # a plain folder: its *.conf in name order
has "$OUT" "confdir/10-a.conf:1:1: warning: net.ipv4.tcp_fin_timeout = 30 is overridden at boot by confdir/20-b.conf:1 (20)"

# A host root: procps reads /etc/sysctl.conf last, systemd-sysctl never reads it.
mkdir -p host/etc/sysctl.d
printf 'net.ipv4.tcp_fin_timeout = 30\n' > host/etc/sysctl.d/10-a.conf
printf 'net.ipv4.tcp_fin_timeout = 45\n' > host/etc/sysctl.conf
run 0 host --profile generic --loader procps
has "$OUT" "host/etc/sysctl.d/10-a.conf:1:1: warning: net.ipv4.tcp_fin_timeout = 30 is overridden at boot by host/etc/sysctl.conf:1 (45) under procps [shadowed-key]"
run 0 host --profile generic --loader systemd
lacks "$OUT" "shadowed-key"
has "$OUT" "in 1 file of 1 host group"
run 0 --root host --profile generic --loader procps --format json
has "$OUT" '"file": "host/etc/sysctl.d/10-a.conf"'

# --- the mapping file ---------------------------------------------------------------------------
mkdir -p repo/hosts/a/etc/sysctl.d && cd repo
printf 'net.ipv4.tcp_tw_reuse_delay = 1000\n' > hosts/a/etc/sysctl.d/10-a.conf
cat > .sysctl-advisor.toml <<'TOML'
[[group]]
name = "a"
paths = ["hosts/a", "hosts/gone-*"]
profile = "generic"
kernel = "6.1"
TOML
run 1
has "$OUT" ".sysctl-advisor.toml:3:21: error: path 'hosts/gone-*' of group 'a' matches no file or folder [mapping-matches-nothing]"
has "$OUT" "hosts/a/etc/sysctl.d/10-a.conf:1:1: error: net.ipv4.tcp_tw_reuse_delay does not exist on kernel 6.1 (added in 6.14) [absent-on-kernel]"
run 1 --kernel 6.14                                    # options override the mapping
lacks "$OUT" "absent-on-kernel"
run 2 --profile nosuch
has "$ERR" "unknown profile 'nosuch' for host group 'a'"
# `bazel run` starts in the runfiles: the user's folder is BUILD_WORKING_DIRECTORY.
(cd / && BUILD_WORKING_DIRECTORY="$W/repo" "$BIN" check > "$W/bwd.txt"; [ $? = 1 ] || fail "BUILD_WORKING_DIRECTORY: expected exit 1")
has "$(cat "$W/bwd.txt")" "hosts/a/etc/sysctl.d/10-a.conf:1:1: error:"
printf '[[group]]\nname = "a"\npathz = ["hosts/a"]\n' > .sysctl-advisor.toml
run 2
has "$ERR" ".sysctl-advisor.toml:3:9: error: unknown key 'pathz' in [[group]]; expected one of: name, paths, profile, kernel, loader [bad-mapping]"
cd "$W"

[ "$fails" = 0 ] && echo "PASS: exit codes, suppressions, PATH forms, mapping"
exit $((fails > 0))
