# Shared by the *_netns_test.sh scripts of tests/live.
# in_netns "$@": re-runs the calling test inside a new network namespace (`unshare -n`: its own
# sysctl values, loopback only, thrown away at exit) and sets BIN, HERE and T; without root it
# prints SKIP and exits 0. Call it right after sourcing this file.
in_netns() {
  BIN=${TEST_SRCDIR:?}/sysctl_advisor/sysctl-advisor
  HERE=${TEST_SRCDIR}/sysctl_advisor/tests/live
  T=${TEST_TMPDIR:-/tmp}
  if [ -z "${SA_IN_NETNS:-}" ]; then
    [ "$(id -u)" = 0 ] || { echo "SKIP: needs root for unshare -n"; exit 0; }
    SA_IN_NETNS=1 exec unshare -n sh "$0" "$@"
  fi
}
# check JSON_FILE PYTHON_EXPR MESSAGE: the expression sees the parsed document as p.
check() {
  /usr/bin/python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" \
    || { echo "FAIL: $3"; cat "$1"; exit 1; }
  echo "ok: $3"
}
# The namespace's loopback with extra addresses on it (no dummy module needed): lo answers for any
# address assigned to it.
net_up() {
  ip link set lo up
  for a in "$@"; do
    case $a in
      *:*) ip -6 addr add "$a/128" dev lo nodad ;;
      *) ip addr add "$a/32" dev lo ;;
    esac
  done
}
