#!/bin/sh
# Text fields of a plan (profile, rule, reason, the plan's own path) cannot smuggle an assignment
# into the persisted drop-in: the file is written under --root, then the real boot loaders
# (systemd-sysctl and procps `sysctl --system`) read it for real inside a throwaway mount + network
# namespace with the tree's sysctl.d bind-mounted over /etc/sysctl.d, and must set exactly the
# plan's keys. systemd-sysctl ends a line at LF, CR and NUL (src/basic/fileio.c read_line_full).
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ]; then echo "SKIP: needs root for unshare -n -m (the real loaders run there)"; exit 0; fi
fake_root

# The hostile plan: LF in profile, CR in rule, NUL in reason, ESC in reason, LF in the file name.
PLANDIR=$T/plans
mkdir -p "$PLANDIR"
PLAN="$PLANDIR/x
net.ipv4.tcp_timestamps = 0
.json"
python3 - "$(stamped lb-plan.json)" "$PLAN" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["profile"] = "load-balancer\nnet.ipv4.ip_forward = 1"
c = p["changes"]
c[0]["reason"] = "tw\rnet.ipv4.conf.all.forwarding = 1"
c[1]["reason"] = "ports\u0000net.ipv4.tcp_syncookies = 0"
c[2]["reason"] = "orphans\r\nnet.ipv4.tcp_sack = 0\n\u001b[8m hidden"
c[3]["reason"] = "bursts\u000bnet.ipv4.tcp_ecn = 0\fx\u0085y"
json.dump(p, open(sys.argv[2], "w"))
PY
# A CR in a rule name never gets as far as the drop-in: plan trust refuses a rule it does not know.
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["changes"][0]["rule"]="tw-reuse-on-connecting-side\rnet.ipv4.conf.all.forwarding = 1"; json.dump(p, open(sys.argv[2], "w"))' "$PLAN" "$T/badrule.json"
run apply --plan "$T/badrule.json" --yes --root "$ROOT"
expect_eq "$rc" 2 "a plan whose rule name carries a CR is refused"
[ -e "$PERSIST" ] && fail "the refused plan left a drop-in"
run apply --plan "$PLAN" --yes --root "$ROOT"
expect_eq "$rc" 0 "the hostile plan's values are applied"
# Every byte below 0x20 in a comment is \xNN; only the plan's four keys start a line.
tr -d '\n' < "$PERSIST" | grep -q "$(printf '[\001-\010\013-\037\177]')" && fail "a control byte reached $PERSIST"
grep -v '^#' "$PERSIST" | grep -v '^$' | sed 's/ = .*//' | sort > "$T/keys"
printf 'net.core.somaxconn\nnet.ipv4.ip_local_port_range\nnet.ipv4.tcp_fin_timeout\nnet.ipv4.tcp_tw_reuse\n' > "$T/want"
cmp -s "$T/keys" "$T/want" || { cat "$PERSIST" >&2; fail "the drop-in assigns other keys"; }
ok "the drop-in assigns only the plan's keys"
expect_contains "$PERSIST" 'profile load-balancer\x0anet.ipv4.ip_forward = 1' "the LF in profile is shown as \\x0a"
expect_contains "$PERSIST" '# tw\x0dnet.ipv4.conf.all.forwarding = 1' "the CR in reason is shown as \\x0d"
expect_contains "$PERSIST" '# ports\x00net.ipv4.tcp_syncookies = 0' "the NUL in reason is shown as \\x00"

# The real loaders, inside a throwaway mount + network namespace, read the tree's drop-in.
cat > "$T/boot.sh" <<'SH'
set -e
mount --make-rprivate /
for d in /etc/sysctl.d /run/sysctl.d /usr/local/lib/sysctl.d /usr/lib/sysctl.d /lib/sysctl.d; do
  [ -d "$d" ] && [ ! -L "$d" ] && mount -t tmpfs tmpfs "$d"
done
[ -f /etc/sysctl.conf ] && mount --bind /dev/null /etc/sysctl.conf
mount --bind "$1" /etc/sysctl.d
if [ "$2" = systemd ]; then /lib/systemd/systemd-sysctl; else sysctl --system >/dev/null; fi
for k in net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv4.tcp_syncookies net.ipv4.tcp_timestamps \
         net.ipv4.tcp_sack net.ipv4.tcp_ecn net.ipv4.tcp_fin_timeout net.ipv4.tcp_tw_reuse net.core.somaxconn; do
  echo "$k=$(sysctl -n $k)"
done
SH
LOADERS=procps
[ -x /lib/systemd/systemd-sysctl ] && LOADERS="systemd procps" || echo "NOTE: systemd-sysctl not installed: only procps runs"
for L in $LOADERS; do
  unshare -n -m sh "$T/boot.sh" "$ROOT/etc/sysctl.d" "$L" > "$T/boot.$L" 2>&1 || fail "$L: $(cat "$T/boot.$L")"
  expect_contains "$T/boot.$L" "net.ipv4.ip_forward=0" "$L: ip_forward untouched"
  expect_contains "$T/boot.$L" "net.ipv4.conf.all.forwarding=0" "$L: conf.all.forwarding untouched"
  expect_contains "$T/boot.$L" "net.ipv4.tcp_syncookies=1" "$L: tcp_syncookies untouched"
  expect_contains "$T/boot.$L" "net.ipv4.tcp_timestamps=1" "$L: tcp_timestamps untouched"
  expect_contains "$T/boot.$L" "net.ipv4.tcp_sack=1" "$L: tcp_sack untouched"
  expect_contains "$T/boot.$L" "net.ipv4.tcp_ecn=2" "$L: tcp_ecn untouched"
  expect_contains "$T/boot.$L" "net.ipv4.tcp_fin_timeout=30" "$L: the plan's tcp_fin_timeout applied"
  expect_contains "$T/boot.$L" "net.core.somaxconn=8192" "$L: the plan's somaxconn applied"
done

# Rollback puts the tree back.
run rollback --root "$ROOT"
expect_eq "$rc" 0 "rollback"
expect_absent "$PERSIST" "the drop-in is gone again"
echo PASS
