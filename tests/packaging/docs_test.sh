#!/bin/bash
# The man page covers every command and every option the binary's --help lists, and the bash
# completion offers commands, options, profile names, rule ids and catalog keys.
source "$TEST_SRCDIR/sysctl_advisor/tests/packaging/lib.sh"
MAN="$RUNFILES/packaging/sysctl-advisor.1"
COMPLETION="$RUNFILES/packaging/sysctl-advisor.bash-completion"

# Rendered as a reader sees it (man -l), warnings from the formatter are failures.
if command -v man > /dev/null; then
  MANWIDTH=200 man -l "$MAN" 2> "$T/man.err" | col -b > "$T/man.txt"
  [ -s "$T/man.err" ] && fail "man reports: $(head -3 "$T/man.err")"
else
  sed 's/\\-/-/g; s/\\f[BIR]//g' "$MAN" > "$T/man.txt"
fi
expect_in "$T/man.txt" "SYSCTL-ADVISOR(1)"
commands=$("$BIN" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}')
[ -n "$commands" ] || fail "no commands in --help"
for c in $commands; do
  grep -q "^   $c\$" "$T/man.txt" || fail "man page has no section for '$c'"
  for o in $("$BIN" "$c" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    grep -qF -- "$o" "$T/man.txt" || fail "man page lacks $c's option $o"
  done
done
for g in --quiet --version NO_COLOR /etc/sysctl-advisor /usr/share/sysctl-advisor /var/lib/sysctl-advisor; do
  expect_in "$T/man.txt" "$g"
done

# Completion: COMP_WORDS as bash fills them; the binary is on PATH as an installed one would be.
mkdir -p "$T/bin" && ln -sf "$BIN" "$T/bin/sysctl-advisor"
complete_words() {  # complete_words WORD... (the last one is being completed)
  PATH="$T/bin:$PATH" bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _sysctl_advisor; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$COMPLETION" sysctl-advisor "$@"
}
complete_words pl > "$T/c1"; expect_in "$T/c1" "plan"
complete_words "" > "$T/c2"; for c in $commands; do grep -qx "$c" "$T/c2" || fail "completion lacks command $c"; done
complete_words plan --pro > "$T/c3"; expect_in "$T/c3" "--profile"; expect_in "$T/c3" "--profiles"
complete_words plan --profile "" > "$T/c4"; expect_in "$T/c4" "load-balancer"; expect_in "$T/c4" "web-behind-lb"
complete_words explain net.ipv4.tcp_tw_r > "$T/c5"; expect_in "$T/c5" "net.ipv4.tcp_tw_reuse"
complete_words explain tw-recycle-d > "$T/c6"; expect_in "$T/c6" "tw-recycle-disable-nat"
complete_words check --fail-on "" > "$T/c7"; expect_in "$T/c7" "warning"
finish
