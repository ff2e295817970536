#!/bin/sh
# Symlinks planted at the persist path or as the state folder are never followed.
. "$(dirname "$0")/lib.sh"
in_namespace "$@"

printf 'precious\n' > "$T/target"
ln -s "$T/target" "$PERSIST"
run apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$STATE"
expect_eq "$rc" 2 "apply refuses a symlink at the persist path"
expect_contains "$T/err" "$PERSIST is a symbolic link" "names the symlink"
expect_eq "$(cat "$T/target")" precious "the symlink's target is untouched"
[ -L "$PERSIST" ] || fail "the symlink was replaced"
expect_defaults "after the refusal"
rm "$PERSIST"

mkdir "$T/elsewhere"
ln -s "$T/elsewhere" "$T/state-link"
run apply --plan "$(stamped lb-plan.json)" --yes --state-dir "$T/state-link"
expect_eq "$rc" 2 "apply refuses a symlinked state folder"
expect_contains "$T/err" "state-link is a symbolic link" "names it"
expect_eq "$(ls "$T/elsewhere" | wc -l)" 0 "nothing written through it"
expect_defaults "after the refusal"
run rollback --state-dir "$T/state-link"
expect_eq "$rc" 2 "rollback refuses it too"
echo PASS
