#!/bin/sh
# Time and peak memory of each hostile input of docs/hostile-inputs.md, measured with
# /usr/bin/time -v on a fake --root tree (nothing outside the tree is touched). Prints the table.
# Usage: bench/hostile_inputs.sh [BINARY]   (default: bazel-bin/sysctl-advisor)
set -u
BIN=${1:-bazel-bin/sysctl-advisor}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
R=$T/root
fresh() {
  rm -rf "$R"; mkdir -p "$R/etc/sysctl.d" "$R/proc/sys/net/ipv4" "$R/proc/sys/net/core" "$R/proc/sys/kernel" "$R/proc/net"
  printf '60\n' > "$R/proc/sys/net/ipv4/tcp_fin_timeout"; printf '2\n' > "$R/proc/sys/net/ipv4/tcp_tw_reuse"
  printf '32768\t60999\n' > "$R/proc/sys/net/ipv4/ip_local_port_range"; printf '4096\n' > "$R/proc/sys/net/core/somaxconn"
  printf '6.18.0\n' > "$R/proc/sys/kernel/osrelease"
}
measure() {  # NAME, then the command
  name=$1; shift
  /usr/bin/time -v timeout 60 "$@" >/dev/null 2>"$T/time" </dev/null
  rc=$(sed -n 's/.*Exit status: //p' "$T/time")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time")
  msg=$(grep -v '^\s' "$T/time" | grep -v 'Command being timed' | grep -i 'fifo\|device\|larger\|nested\|range\|stops reading\|outside\|bytes' | head -1 | cut -c1-110 | sed "s|$T|TMP|g")
  printf '| %s | %s | %s | %s MB | %s |\n' "$name" "$rc" "$wall" "$((rss / 1024))" "$msg"
}
echo "| input | exit | wall time | peak RSS | message (first matching line) |"
echo "| --- | --- | --- | --- | --- |"
fresh; mkfifo "$R/etc/sysctl.d/50-fifo.conf"
measure "FIFO in sysctl.d: config" "$BIN" config --root "$R"
measure "FIFO in sysctl.d: apply --yes" "$BIN" apply --root "$R" --profile generic --yes
fresh; ln -s /dev/zero "$R/etc/sysctl.d/50-zero.conf"; mknod "$R/proc/net/snmp" c 1 5
measure "/dev/zero (c 1 5) at proc/net/snmp: snapshot" "$BIN" snapshot --root "$R"
fresh; truncate -s 100G "$R/etc/sysctl.d/60-huge.conf"
measure "100 GB sparse .conf: config" "$BIN" config --root "$R"
fresh; head -c 10000000 /dev/zero | tr '\0' x > "$R/etc/sysctl.d/61-line.conf"
measure "10 MB single line: config --loader systemd" "$BIN" config --root "$R" --loader systemd
measure "10 MB single line: config --loader procps" "$BIN" config --root "$R" --loader procps
fresh; ln -s loop2 "$R/etc/sysctl.d/loop1.conf"; ln -s loop1.conf "$R/etc/sysctl.d/loop2"
measure "symlink loop in sysctl.d: config" "$BIN" config --root "$R"
fresh; rm -rf "$R/proc/sys/net/core"; ln -s /etc "$R/proc/sys/net/core"
measure "proc/sys/net/core -> /etc: snapshot" "$BIN" snapshot --root "$R"
fresh; mkfifo "$R/proc/net/netstat" "$R/proc/sys/net/ipv4/tcp_sack"
measure "FIFOs at proc/net/netstat, a proc/sys key: snapshot" "$BIN" snapshot --root "$R"
fresh; python3 -c "import sys; sys.stdout.write('{\"schema\": \"sysctl-advisor/snapshot/v1\", \"config\": ' + '['*200000 + ']'*200000 + '}')" > "$T/deep.json"
measure "snapshot nested 200,000 deep: plan --snapshot" "$BIN" plan --snapshot "$T/deep.json" --profile generic
mkdir -p "$R/var/lib/sysctl-advisor" && chmod 700 "$R/var/lib/sysctl-advisor"
cp "$T/deep.json" "$R/var/lib/sysctl-advisor/20000101-000000-000-1.json"
measure "journal entry nested 200,000 deep: history" "$BIN" history --root "$R"
measure "journal entry nested 200,000 deep: rollback" "$BIN" rollback --root "$R"
fresh; python3 -c "
n = 60000
print('TcpExt: ' + ' '.join('a%d' % i for i in range(n)))
print('TcpExt: ' + ' '.join('x' for i in range(n)))" > "$R/proc/net/netstat"
measure "netstat pair of 60,000 non-numbers (530 KB): snapshot" "$BIN" snapshot --root "$R"
fresh; python3 -c "
import sys
for i in range(2000):
    sys.stdout.write('TcpExt: ' + ' '.join('a%d' % j for j in range(3000)) + '\n')
    sys.stdout.write('TcpExt: ' + ' '.join('x' for j in range(3000)) + '\n')" > "$R/proc/net/netstat"
measure "netstat of 6 million non-numbers (46 MB): snapshot" "$BIN" snapshot --root "$R"
fresh; truncate -s 2G "$R/proc/net/tcp"
measure "2 GB sparse proc/net/tcp: snapshot" "$BIN" snapshot --root "$R"
fresh; truncate -s 1000M "$R/proc/net/tcp"
measure "1000 MB sparse proc/net/tcp (under the cap): snapshot" "$BIN" snapshot --root "$R"
mkdir -p "$T/junk-rules" && python3 -c "
print('key = [{name = \"net.ipv4.tcp_zzz\"' + ''.join(', f%d = 1' % i for i in range(20000)) + '}]')" > "$T/junk-rules/keys.toml"
measure "keys.toml line of 20,000 unknown fields (240 KB): rules --rules" "$BIN" rules --rules "$T/junk-rules"
