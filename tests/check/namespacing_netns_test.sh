#!/bin/sh
# The catalog's per-network-namespace facts, on the real kernel (the not-namespaced lint of `check`
# for pods and containers rests on them): in a fresh `unshare -n`, every key the catalog calls
# global (per_netns_since = "never") is absent from /proc/sys, and every key it calls per namespace
# since a release at or before this kernel is present (when the host has it at all). Seen on 6.18:
# net.core.netdev_max_backlog, net.ipv4.tcp_mem and tcp_max_orphans are absent in a child
# namespace (net/core/sysctl_net_core.c and net/ipv4/sysctl_net_ipv4.c register those tables for
# init_net only). Keys with netns_start = "global-read-only" (nf_conntrack_max, nf_conntrack_buckets)
# are one value for the machine too, but every namespace shows them read-only: present, mode 0444
# (nf_conntrack_standalone_init_sysctl()).
set -eu
KEYS=${TEST_SRCDIR:?}/sysctl_advisor/rules/keys.toml
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }
KERNEL=$(uname -r)
/usr/bin/python3 - "$KEYS" "$KERNEL" > "${TEST_TMPDIR:-/tmp}/expect.txt" <<'PY'
import re, sys, tomllib, os
cat = tomllib.load(open(sys.argv[1], "rb"))
ver = lambda v: tuple(int(x) for x in re.findall(r"\d+", v)[:3])
kernel = ver(sys.argv[2])
for k in cat["key"]:
    since = k.get("per_netns_since", "")
    path = "/proc/sys/" + k["name"].replace(".", "/")
    if not os.path.exists(path):
        continue  # this kernel has no such key (tcp_tw_recycle, ...)
    if k.get("netns_start") == "global-read-only":
        print("readonly", path)
    elif since == "never":
        print("absent", path)
    elif since and ver(since) <= kernel:
        print("present", path)
PY
[ -s "${TEST_TMPDIR:-/tmp}/expect.txt" ] || { echo "FAIL: no catalog key to check"; exit 1; }
exec unshare -n sh -s "${TEST_TMPDIR:-/tmp}/expect.txt" <<'INNER'
fails=0
while read -r want path; do
  if [ ! -e "$path" ]; then got=absent
  elif [ "$want" = readonly ] && [ "$(stat -c %a "$path")" = 444 ]; then got=readonly
  else got=present; fi
  if [ "$got" != "$want" ]; then echo "FAIL: $path is $got in a new network namespace; the catalog says $want"; fails=$((fails + 1)); fi
done < "$1"
echo "$(wc -l < "$1") catalog keys checked in a new network namespace"
[ "$fails" -eq 0 ] && echo PASS
exit "$fails"
INNER
