#!/bin/bash
# Diagnostic codes are registry constants, and every code the sources give is explainable
# (code_literals.py says how). First the scanner is shown to catch what it is for, on a made-up
# source; then it runs on advisor/. Before the registry, it failed on about 100 literals (e.g.
# advisor/check/inputs.cc: "unreadable-input", which `explain` did not know).
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
SRC="$TEST_SRCDIR/sysctl_advisor"
SCAN="$SRC/tests/check/code_literals.py"
T="$TEST_TMPDIR"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$BIN" rules --ids > "$T/ids.txt" || fail "rules --ids: exit $?"

mkdir -p "$T/made-up"
cat > "$T/made-up/reader.cc" <<'CC'
void f(std::vector<Diagnostic>& out, Diagnostic& d, TableReader& r) {
  d.code = "made-up-code";
  out.push_back(make_error(src, at, "another-code",
                           "a message with a-dash-word inside"));
  out.push_back({Severity::error, "third-code", {file, 1, 1}, "message", ""});
  d.code = "unreadable-input";  // registered, but spelled again
  d.code = diag::kUnreadableInput;
  r.error(at, "wrong-type", "a message");
  d.code = kMadeUp;
}
CC
printf 'inline constexpr const char* kMadeUp = "made-up-constant";\n' > "$T/made-up/codes.h"
/usr/bin/python3 "$SCAN" "$T/ids.txt" "$T/made-up" > "$T/made-up.out"; rc=$?
[ "$rc" = 1 ] || fail "scanner on made-up sources: exit $rc (want 1)"
for want in 'reader.cc:2: diagnostic code "made-up-code" is not registered' \
            'reader.cc:3: diagnostic code "another-code" is not registered' \
            'reader.cc:5: diagnostic code "third-code" is not registered' \
            'reader.cc:6: diagnostic code "unreadable-input" as a literal: use its registry constant' \
            'reader.cc:8: diagnostic code "wrong-type" as a literal' \
            'reader.cc:9: kMadeUp = "made-up-constant"'; do
  grep -qF "$want" "$T/made-up.out" || fail "scanner missed: $want"
done
grep -qF "a-dash-word" "$T/made-up.out" && fail "scanner took a word inside a message for a code"
grep -qF "reader.cc:7:" "$T/made-up.out" && fail "scanner flagged a registered constant"

/usr/bin/python3 "$SCAN" "$T/ids.txt" "$SRC/advisor" || fail "advisor/ gives a code as a literal or an unregistered constant (above)"

[ "$fails" = 0 ] && echo PASS
exit "$fails"
