#!/bin/bash
# `explain ID` works for every id a command prints: every id `rules --ids` lists (rules, lints, the
# other-writer finding, the diagnostic codes of core/code_registry.h), every rule or lint id `check`
# reports on the fixture repository, and every [code] that commands print for broken inputs (a
# missing path, an unknown profile, a snapshot that is not JSON, a plan file that is not a plan, a
# rule naming a key outside the catalog, malformed /proc files). Before, `explain shadowed-key`
# exited 2 although check reports that id, and so did `explain unreadable-input`.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
SRC="$TEST_SRCDIR/sysctl_advisor"
T="$TEST_TMPDIR"
REPO="$T/repo"
rm -rf "$REPO" && mkdir -p "$REPO" && cp -rL "$SRC/tests/fixtures/repo/." "$REPO/"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cd "$REPO"

"$BIN" rules --ids > "$T/ids.txt" || fail "rules --ids: exit $?"
listed=$(awk '{print $1}' "$T/ids.txt" | sort -u)

# Ids commands print for broken inputs: the [code] ending a diagnostic's first line.
"$BIN" check /nonexistent --profile generic > "$T/printed" 2>&1
"$BIN" check . --profile no-such-profile >> "$T/printed" 2>&1
echo x > "$T/not-json.json"
"$BIN" plan --snapshot "$T/not-json.json" --profile generic >> "$T/printed" 2>&1
echo '{"schema": "x"}' > "$T/not-snapshot.json"
"$BIN" plan --snapshot "$T/not-snapshot.json" --profile generic >> "$T/printed" 2>&1
echo '{}' > "$T/plan.json" && mkdir -p "$T/empty-root"
"$BIN" apply --plan "$T/plan.json" --root "$T/empty-root" --yes >> "$T/printed" 2>&1
rm -rf "$T/rules" && cp -rL "$SRC/rules" "$T/rules" && chmod -R u+w "$T/rules"
printf '[[rule]]\nid = "typo-set"\ntitle = "t"\nseverity = "warning"\ncondition = "true"\nset = { key = "net.ipv4.tcp_tw_resue", value = 1 }\n' > "$T/rules/zz.toml"
"$BIN" rules --rules "$T/rules" >> "$T/printed" 2>&1
rm -rf "$T/malformed" && cp -rL "$SRC/tests/fixtures/proc/malformed" "$T/malformed"  # runfiles are links out of the root
"$BIN" snapshot --root "$T/malformed" --format text >> "$T/printed" 2>&1
printed=$(grep -oE '\[[a-z0-9]+(-[a-z0-9]+)*\]$' "$T/printed" | tr -d '[]' | sort -u)
for id in unreadable-input unknown-profile snapshot-not-json snapshot-not-a-snapshot invalid-plan key-not-in-catalog \
          proc-column-mismatch proc-bad-socket-row sysctl-bad-value; do
  echo "$printed" | grep -qxF "$id" || fail "no command printed [$id] (the inputs above should provoke it)"
done
for id in $printed; do
  echo "$listed" | grep -qxF "$id" || fail "[$id] is printed but not listed by rules --ids"
done

ids=$( { echo "$listed"
         echo "$printed"
         "$BIN" rules | awk '{print $1}'
         "$BIN" check --format json | /usr/bin/python3 -c 'import json, sys; [print(f["rule"]) for f in json.load(sys.stdin)["findings"]]'
       } | sort -u)
n=0
for id in $ids; do
  n=$((n + 1))
  "$BIN" explain "$id" > "$T/explain.out" 2> "$T/explain.err" || { fail "explain $id: exit $?"; cat "$T/explain.err"; continue; }
  head -1 "$T/explain.out" | grep -qxF "$id" || fail "explain $id: first line is $(head -1 "$T/explain.out")"
done
[ "$n" -gt 130 ] || fail "only $n ids found"
for lint in shadowed-key duplicate-key unknown-key missing-equals unused-suppression; do
  echo "$ids" | grep -qxF "$lint" || fail "check on the fixture did not print $lint"
done
"$BIN" explain shadowed-key | grep -qF "  severity    warning" && "$BIN" explain shadowed-key | grep -qF "  reported by sysctl-advisor check (a built-in lint)" || fail "explain shadowed-key: not described as a lint"

# A code renders like a lint: title, severity, who reports it, what it means, references.
"$BIN" explain unreadable-input > "$T/code.txt" || fail "explain unreadable-input: exit $?"
for line in "unreadable-input" "  Path given to check cannot be checked" "  severity    error" \
            "  reported by sysctl-advisor check (exit 2)" "    - docs/check.md"; do
  grep -qxF "$line" "$T/code.txt" || fail "explain unreadable-input lacks the line '$line'"
done
grep -qF "A CI gate that checks nothing must not pass" "$T/code.txt" || fail "explain unreadable-input: no help"
grep -E '^  severity +notice$' <("$BIN" explain netlink-refused) > /dev/null || fail "explain netlink-refused: severity is not notice"
"$BIN" explain key-not-in-catalog | grep -qF "Rule names a key the catalog does not describe" || fail "explain key-not-in-catalog"
"$BIN" explain unknown-key | grep -qF "Key that is no sysctl" || fail "explain unknown-key is no longer the lint"

# The built-in ids need no rules: the codes of a missing rules folder are explained without one;
# anything else still needs them (exit 2 with the load errors).
"$BIN" explain no-folder --rules "$T/no-such-folder" > "$T/nf.out" 2> "$T/nf.err" || fail "explain no-folder without rules: exit $?"
head -1 "$T/nf.out" | grep -qxF no-folder || fail "explain no-folder without rules: $(head -3 "$T/nf.out" "$T/nf.err")"
"$BIN" explain tw-reuse-connecting --rules "$T/no-such-folder" > /dev/null 2> "$T/nf.err"; rc=$?
[ "$rc" = 2 ] || fail "explain of a rule without rules: exit $rc (want 2)"
grep -qF "nothing was loaded" "$T/nf.err" || fail "explain without rules does not say why: $(cat "$T/nf.err")"

# An unknown word still exits 2, with the nearest of all ids.
"$BIN" explain unreadable-inptu > /dev/null 2> "$T/unknown.err"; rc=$?
[ "$rc" = 2 ] || fail "explain of an unknown id: exit $rc (want 2)"
grep -qF "did you mean 'unreadable-input'?" "$T/unknown.err" || fail "no did-you-mean over the codes: $(cat "$T/unknown.err")"

[ "$fails" = 0 ] && echo "PASS: $n ids"
exit "$fails"
