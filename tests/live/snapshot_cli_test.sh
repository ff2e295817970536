#!/bin/bash
# `sysctl-advisor snapshot` end to end: what a user sees on stdout, in the file, and the exit code.
set -uo pipefail
SA="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
# A dereferenced copy: runfiles are links out of the tree, which --root (a jail) does not follow.
FIX="${TEST_TMPDIR:-/tmp}/proc-fixtures"
rm -rf "$FIX" && mkdir -p "$FIX" && cp -rL "$TEST_SRCDIR/sysctl_advisor/tests/fixtures/proc/." "$FIX/"
HELPER="$TEST_SRCDIR/sysctl_advisor/tests/live/make_sockets.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fails=$((fails + 1)); fi
}
jq_py() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$1')); $2"; }

# 1. --root of a 3.10 host, piped: JSON with the contract's fields.
"$SA" snapshot --root "$FIX/kernel-3.10" > "$TMP/s.json" 2> "$TMP/err"
check "exit 0 for a --root snapshot" test $? -eq 0
check "piped output is JSON with the snapshot schema" jq_py "$TMP/s.json" 'assert d["schema"] == "sysctl-advisor/snapshot/v2"'
check "kernel and dotted keys, tab folded" jq_py "$TMP/s.json" '
assert d["kernel"] == "3.10.0-1160.el7.x86_64"
assert d["sysctl"]["net.ipv4.ip_local_port_range"] == "32768 61000"
assert d["sysctl"]["net.ipv4.tcp_tw_recycle"] == "0"'
check "a key this kernel lacks is null (absent)" jq_py "$TMP/s.json" 'assert d["sysctl"]["net.ipv4.tcp_tw_reuse_delay"] is None'
check "census from /proc under --root, states as ss spells them" jq_py "$TMP/s.json" '
s = d["sockets"]
assert s["source"] == "proc" and s["states"]["time-wait"] == 8 and s["states"]["close-wait"] == 2, s["states"]'
check "peers: remote addr:port, count, port_share" jq_py "$TMP/s.json" '
p = d["sockets"]["peers"][0]
assert p == {"remote": "127.0.0.1:8080", "state": "time-wait", "count": 6, "port_share": 6 / 28232,
             "sources": 1, "busiest_source": "127.0.0.1", "busiest_count": 6,
             "owner": None, "owner_established": 0}, p'
check "counters by name, rates null without --sample" jq_py "$TMP/s.json" '
assert d["counters"]["TcpExt.ListenOverflows"] == 1234 and d["rates"] is None'
check "the configuration model rides along" jq_py "$TMP/s.json" 'assert isinstance(d["config"], dict) and "keys" in d["config"]'

# 2. -o FILE writes the same document and says so on stderr.
"$SA" snapshot --root "$FIX/kernel-4.14" -o "$TMP/o.json" > "$TMP/out" 2> "$TMP/err"
check "-o exits 0" test $? -eq 0
check "-o writes nothing to stdout" test ! -s "$TMP/out"
check "-o reports the file" grep -q "snapshot written to $TMP/o.json" "$TMP/err"
check "-o file is the snapshot" jq_py "$TMP/o.json" 'assert d["usable_local_ports"] == 27231 and d["sysctl"]["net.ipv4.tcp_tw_recycle"] is None'

# 3. Text for a person with --format text.
"$SA" snapshot --root "$FIX/kernel-3.10" --format text > "$TMP/t.txt"
check "text: header with the kernel" grep -q "kernel 3.10.0-1160.el7.x86_64" "$TMP/t.txt"
check "text: socket summary" grep -q "Sockets (from /proc/net/tcp and tcp6): 6 established, 8 time-wait, 2 close-wait" "$TMP/t.txt"
check "text: busiest destination" grep -Eq "^  time-wait +127\.0\.0\.1:8080 +6 +0\.0%" "$TMP/t.txt"
check "text: rates unknown without sampling" grep -q "rates unknown: use --sample SECONDS" "$TMP/t.txt"
check "text: tcp_tw_recycle shown" grep -Eq "net.ipv4.tcp_tw_recycle += 0$" "$TMP/t.txt"

# 4. A malformed root: still a snapshot, with its problems recorded.
"$SA" snapshot --root "$FIX/malformed" > "$TMP/m.json"
check "malformed root still exits 0" test $? -eq 0
check "malformed root lists diagnostics with file and line" jq_py "$TMP/m.json" '
ds = d["diagnostics"]
assert any(x["code"] == "proc-column-mismatch" and x["file"].endswith("proc/net/netstat") and x["line"] == 4 for x in ds), ds'

# 5. Usage errors exit 2 with the reason.
"$SA" snapshot --format xml > /dev/null 2> "$TMP/err"
check "bad --format exits 2" test $? -eq 2
check "bad --format names the problem" grep -q "format must be text, json or prometheus" "$TMP/err"
"$SA" snapshot --root "$TMP/nope" > /dev/null 2> "$TMP/err"
check "missing --root exits 2" test $? -eq 2
"$SA" snapshot --sample -1 > /dev/null 2> "$TMP/err"
check "negative --sample exits 2" test $? -eq 2
"$SA" snapshot --processes maybe > /dev/null 2> "$TMP/err"
check "bad --processes exits 2" test $? -eq 2
check "bad --processes names the problem" grep -q "processes must be yes or no" "$TMP/err"

# 6. The live host in a throwaway namespace: netlink and proc agree, sampling gives rates.
if [ "$(id -u)" != 0 ]; then
  echo "SKIP: live namespace part needs root (unshare -n)"
else
  unshare -n bash -c '
    ip link set lo up
    coproc H { /usr/bin/python3 "$0" time-wait:4:127.0.0.1:9001 established:2:127.0.0.1:9002; }
    read -r line <&"${H[0]}"
    "$1" snapshot --census netlink > "$2/n.json"
    "$1" snapshot --census proc > "$2/p.json"
    "$1" snapshot --census netlink --processes no > "$2/np.json"
    "$1" snapshot --sample 1 > "$2/r.json"
    kill $H_PID' "$HELPER" "$SA" "$TMP"
  check "netlink census of the namespace" jq_py "$TMP/n.json" '
s = d["sockets"]; assert s["source"] == "netlink" and s["states"]["time-wait"] == 4 and s["states"]["established"] == 4, s'
  check "proc census gives the same states and peers" /usr/bin/python3 -c "
import json
n = json.load(open('$TMP/n.json'))['sockets']; p = json.load(open('$TMP/p.json'))['sockets']
assert n['states'] == p['states'], (n['states'], p['states'])
assert n['peers'] == p['peers'], (n['peers'], p['peers'])"
  check "--processes no: the same census, no process attributed (the benchmark times both)" /usr/bin/python3 -c "
import json
n = json.load(open('$TMP/n.json'))['sockets']; np = json.load(open('$TMP/np.json'))['sockets']
assert n['processes'] == 'attributed' and any(g['comm'] == 'python3' for g in n['programs']), n
assert np['processes'] == 'unknown: not asked for' and 'programs' not in np, np
assert n['states'] == np['states'], (n['states'], np['states'])"
  check "--sample 1 gives rates per second" jq_py "$TMP/r.json" '
assert 0.9 < d["sample_seconds"] < 2.5 and isinstance(d["rates"], dict) and "TcpExt.TW" in d["rates"] and "Tcp.CurrEstab" not in d["rates"]'
fi

# 7. The conntrack paragraph of the text view, from a --root copy whose conntrack files hold an
# escape sequence and lack one timeout: the value escaped, the missing one shown as "?".
CT="$TMP/ct-root" && mkdir -p "$CT/proc/sys/net/netfilter" && cp -r "$FIX/kernel-4.14/." "$CT/"
echo 1000 > "$CT/proc/sys/net/netfilter/nf_conntrack_count"
echo 4000 > "$CT/proc/sys/net/netfilter/nf_conntrack_max"
printf '432000\033[2J\n' > "$CT/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established"
echo 60 > "$CT/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_close_wait"
"$SA" snapshot --root "$CT" --format text > "$TMP/ct.txt" 2> "$TMP/err"
check "conntrack text: count against the limit" grep -q "1,000 of 4,000 entries (25.0%)" "$TMP/ct.txt"
check "conntrack text: a timeout not read is '?', not an empty gap" grep -q "time_wait ? s, close_wait 60 s" "$TMP/ct.txt"
check "conntrack text: no escape byte reaches the terminal" bash -c "! grep -q \$'\\033' '$TMP/ct.txt'"

# 8. The settings paragraph of the text view: a --root copy is outside input; a value holding a
# terminal escape (clear screen, set the window title) is shown escaped, never sent to the terminal.
printf '\033[2J\033]0;pwned\00760\n' > "$CT/proc/sys/net/ipv4/tcp_fin_timeout"
"$SA" snapshot --root "$CT" --format text > "$TMP/esc.txt" 2> "$TMP/err"
check "settings text: no escape byte reaches the terminal" bash -c "! grep -q \$'\\033' '$TMP/esc.txt' && ! grep -q \$'\\a' '$TMP/esc.txt'"
check "settings text: the value shown escaped" grep -q 'tcp_fin_timeout *= \\x1b\[2J' "$TMP/esc.txt"

# 9. Prometheus from a --root copy whose nf_conntrack_count is not a number: no sample line of it
# (a line "5 x" makes node_exporter's textfile collector reject the whole file).
printf '5 sysctl_advisor_fake 1\n' > "$CT/proc/sys/net/netfilter/nf_conntrack_count"
"$SA" snapshot --root "$CT" --format prometheus > "$TMP/ct.prom" 2> "$TMP/err"
check "prometheus: a count that is no number gives no sample" bash -c "! grep -q '^sysctl_advisor_conntrack_entries ' '$TMP/ct.prom'"
check "prometheus: the limit still does" grep -q '^sysctl_advisor_conntrack_entries_limit 4000$' "$TMP/ct.prom"

echo "$fails failed"
[ "$fails" -eq 0 ]
