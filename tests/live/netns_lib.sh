# Shared by the *_netns_test.sh scripts of tests/live: sourced inside `unshare -n`.
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
