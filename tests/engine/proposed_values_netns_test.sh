#!/bin/bash
# Every value a shipped rule proposes can really be written: the catalog says the key exists on
# the kernels the rule targets, and in a throwaway network namespace (unshare -n, where net.* keys
# are per namespace and disposable) this kernel accepts the value and reads it back. Keys the
# catalog says are global (not per netns) are never written: that would change the host.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
DATA="$TEST_SRCDIR/sysctl_advisor"
T="${TEST_TMPDIR:-$(mktemp -d)}"
if [ "$(id -u)" != 0 ]; then
  echo "SKIP: needs root for unshare -n (uid $(id -u))"
  exit 0
fi
"$BIN" rules --rules "$DATA/rules" --profiles "$DATA/profiles" --format json > "$T/rules.json" || { echo "FAIL: rules --format json"; exit 1; }

/usr/bin/python3 - "$T/rules.json" "$DATA/rules/keys.toml" "$(uname -r)" > "$T/plan.txt" <<'PY'
import json, re, sys, tomllib
rules = json.load(open(sys.argv[1]))["rules"]
keys = {k["name"]: k for k in tomllib.load(open(sys.argv[2], "rb"))["key"]}
kernel = sys.argv[3]
def ver(v):
    return tuple(int(x) for x in re.match(r"[0-9]+(\.[0-9]+)*", v).group(0).split("."))
def cmp(a, b):
    a, b = ver(a), ver(b)
    n = max(len(a), len(b))
    a, b = a + (0,) * (n - len(a)), b + (0,) * (n - len(b))
    return (a > b) - (a < b)
for r in rules:
    if not r["set"]:
        continue
    key, value = r["set"]["key"], r["set"]["value"]
    k = keys.get(key)
    if k is None:
        print("FAIL %s %s: not in the catalog" % (r["id"], key)); continue
    removed = k.get("removed")
    if removed and cmp(kernel, removed) >= 0:
        # A rule that sets a removed key must only target older kernels: its condition has to
        # check the kernel version or exists(); say so, do not write.
        print("ABSENT %s %s %s removed-in-%s" % (r["id"], key, value.replace(" ", "_"), removed)); continue
    netns = k.get("per_netns_since", "")
    if not netns or netns == "never" or cmp(kernel, netns) < 0:
        print("GLOBAL %s %s %s" % (r["id"], key, value.replace(" ", "_"))); continue
    print("WRITE %s %s %s" % (r["id"], key, value.replace(" ", "_")))
PY
grep -q "^FAIL" "$T/plan.txt" && { grep "^FAIL" "$T/plan.txt"; exit 1; }
[ "$(grep -c '^WRITE' "$T/plan.txt")" -gt 0 ] || { echo "FAIL: no proposed value to write"; cat "$T/plan.txt"; exit 1; }

outer="$(readlink /proc/self/ns/net)"
unshare -n /bin/bash -s "$outer" "$T/plan.txt" <<'INNER'
set -u
outer="$1"
[ "$(readlink /proc/self/ns/net)" != "$outer" ] || { echo "FAIL: not in a new network namespace"; exit 1; }
fails=0
while read -r what rule key value rest; do
  value="${value//_/ }"
  case "$what" in
    WRITE)
      path="/proc/sys/$(echo "$key" | tr . /)"
      if ! printf '%s\n' "$value" > "$path" 2>/dev/null; then
        echo "FAIL: $rule: kernel $(uname -r) refused $key = $value"; fails=$((fails + 1)); continue
      fi
      got="$(tr -s ' \t' '  ' < "$path")"
      if [ "$got" != "$value" ]; then
        echo "FAIL: $rule: wrote $key = $value, read back '$got'"; fails=$((fails + 1)); continue
      fi
      echo "ok: $rule: $key = $value written and read back in a throwaway netns" ;;
    GLOBAL) echo "SKIP: $rule: $key is global (not per netns), not written" ;;
    ABSENT) echo "ok: $rule: $key = $value targets kernels before its removal ($rest); absent here" ;;
  esac
done < "$2"
exit $fails
INNER
rc=$?
[ "$rc" = 0 ] && echo PASS || echo "FAIL: $rc value(s)"
exit $rc
