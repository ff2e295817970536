#!/bin/bash
# `sysctl-advisor config` as a user runs it: output text, JSON fields, exit codes, stderr.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
# Runfiles are links into the source tree; a root must hold real files (links resolve inside it).
ROOTS="$TEST_TMPDIR/roots"
mkdir -p "$ROOTS" && cp -rL "$TEST_SRCDIR/sysctl_advisor/tests/fixtures/config/." "$ROOTS/"
fails=0
check() {  # check NAME COMMAND... : the command must succeed
  local name="$1"; shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fails=$((fails + 1)); fi
}
has() { grep -qF -- "$2" "$1" || { echo "  missing in $1: $2"; sed 's/^/  | /' "$1"; return 1; }; }

"$BIN" config --root "$ROOTS/web01" >"$TEST_TMPDIR/out" 2>"$TEST_TMPDIR/err"; rc=$?
check "clean root exits 0" [ "$rc" = 0 ]
check "default loader is systemd where it runs" has "$TEST_TMPDIR/out" "# loader: systemd-sysctl (default: /run/systemd/system exists)"
check "effective value with its origin" has "$TEST_TMPDIR/out" "net.ipv4.tcp_fin_timeout = 15  (/run/sysctl.d/70-runtime.conf:1)"
check "shadowed lines beneath, oldest first" has "$TEST_TMPDIR/out" "    shadows 60  (/usr/lib/sysctl.d/50-default.conf:2)
    shadows 30  (/etc/sysctl.d/60-tuning.conf:2)"
check "slash key and folded value" has "$TEST_TMPDIR/out" "net.ipv4.ip_local_port_range = 1024 65000  (/etc/sysctl.d/60-tuning.conf:3)"
check "hidden file listed" has "$TEST_TMPDIR/out" "/usr/lib/sysctl.d/60-tuning.conf  hidden by /etc/sysctl.d/60-tuning.conf"
check "explicit key beats glob" has "$TEST_TMPDIR/out" "    beats glob net.ipv4.conf.*.rp_filter = 2  (/usr/lib/sysctl.d/50-default.conf:3)"
check "systemd never reads /etc/sysctl.conf" has "$TEST_TMPDIR/out" "net.core.somaxconn = 4096  (/run/sysctl.d/70-runtime.conf:2)"
check "nothing on stderr" [ ! -s "$TEST_TMPDIR/err" ]

"$BIN" config --root "$ROOTS/web01" --loader procps >"$TEST_TMPDIR/out" 2>&1
check "procps reads /etc/sysctl.conf last" has "$TEST_TMPDIR/out" "net.core.somaxconn = 1024  (/etc/sysctl.conf:2)"

"$BIN" config --root "$ROOTS/web01" --format json >"$TEST_TMPDIR/json"; rc=$?
check "json exits 0" [ "$rc" = 0 ]
check "json follows the contract" /usr/bin/python3 - "$TEST_TMPDIR/json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "sysctl-advisor/config/v1", j["schema"]
assert j["loader"] == "systemd"
k = {e["key"]: e for e in j["keys"]}
fin = k["net.ipv4.tcp_fin_timeout"]
assert (fin["value"], fin["file"], fin["line"]) == ("15", "/run/sysctl.d/70-runtime.conf", 1), fin
assert [(s["value"], s["file"], s["line"]) for s in fin["shadowed"]] == [
    ("60", "/usr/lib/sysctl.d/50-default.conf", 2), ("30", "/etc/sysctl.d/60-tuning.conf", 2)], fin["shadowed"]
assert k["net.ipv4.conf.all.rp_filter"]["excluded"] is True
assert k["net.ipv4.conf.all.rp_filter"]["value"] is None
assert k["net.ipv4.conf.*.rp_filter"]["glob"] is True
assert k["net.ipv4.tcp_ecn"]["ignore_failure"] is True
assert j["diagnostics"] == []
PY

"$BIN" config --root "$ROOTS/broken" --format json >"$TEST_TMPDIR/json" 2>"$TEST_TMPDIR/err"; rc=$?
check "errors in the files exit 2" [ "$rc" = 2 ]
check "stderr names file:line and the code" has "$TEST_TMPDIR/err" "/etc/sysctl.d/10-bad.conf:2:1: error: not an assignment"
check "binary line reported" has "$TEST_TMPDIR/err" "/etc/sysctl.d/20-binary.conf:2: error: NUL byte"
check "good lines still count, JSON stays valid" /usr/bin/python3 - "$TEST_TMPDIR/json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
keys = {e["key"]: e["value"] for e in j["keys"]}
assert keys["net.ipv4.tcp_sack"] == "1" and keys["net.ipv4.tcp_syncookies"] == "1" and keys["net.ipv4.tcp_ecn"] == "1", keys
codes = sorted(d["code"] for d in j["diagnostics"])
assert codes == ["binary-line", "empty-key", "inline-comment", "invalid-key", "missing-equals", "not-utf8"], codes
assert all(set(d) >= {"file", "line", "message", "severity", "code"} for d in j["diagnostics"])
PY

"$BIN" config "$ROOTS/web01/etc/sysctl.d/60-tuning.conf" "$ROOTS/web01/run/sysctl.d/70-runtime.conf" --loader procps >"$TEST_TMPDIR/out"; rc=$?
check "explicit files, in the order given" has "$TEST_TMPDIR/out" "net.ipv4.tcp_fin_timeout = 15  ($ROOTS/web01/run/sysctl.d/70-runtime.conf:1)"

if [ -w /dev/full ]; then
  "$BIN" config --root "$ROOTS/web01" >/dev/full 2>"$TEST_TMPDIR/err"; rc=$?
  check "output that cannot be written exits 2" [ "$rc" = 2 ]
  check "and says so" has "$TEST_TMPDIR/err" "cannot write the output"
  "$BIN" config --root "$ROOTS/web01" --format json >/dev/full 2>"$TEST_TMPDIR/err"; rc=$?
  check "JSON that cannot be written exits 2 too" [ "$rc" = 2 ]
fi

"$BIN" config --help >"$TEST_TMPDIR/out"; rc=$?
check "--help exits 0 and explains" [ "$rc" = 0 ]
check "--help names the loaders" has "$TEST_TMPDIR/out" "--loader"
"$BIN" config --format yaml >/dev/null 2>"$TEST_TMPDIR/err"; rc=$?
check "bad --format is a usage error" [ "$rc" = 2 ]
check "usage error says why" has "$TEST_TMPDIR/err" "--format must be text or json"
"$BIN" config --loader upstart >/dev/null 2>&1; rc=$?
check "bad --loader is a usage error" [ "$rc" = 2 ]

[ "$fails" = 0 ] || { echo "$fails checks failed"; exit 1; }
echo "all checks passed"
