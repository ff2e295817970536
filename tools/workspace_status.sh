#!/bin/sh
# Bazel --workspace_status_command: the commit stamped into the packaged binary (//packaging).
# STABLE_ keys rebuild what uses them when they change; only the stamped build_info uses them, so
# the everyday //:sysctl-advisor and its tests stay cached across commits (they say "unstamped").
commit=$(git rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit-dirty"
fi
echo "STABLE_GIT_COMMIT $commit"
