#!/bin/bash
# bazel run //:install -- --prefix DIR [--destdir STAGE]
# Installs the stamped binary, rules, profiles, man page and bash completion under DIR (FHS):
#   DIR/bin/sysctl-advisor                 DIR/share/sysctl-advisor/{rules,profiles}
#   DIR/share/man/man1/sysctl-advisor.1.gz DIR/share/bash-completion/completions/sysctl-advisor
# The binary finds its data at ../share/sysctl-advisor from wherever it is; operator overrides stay
# in /etc/sysctl-advisor. --destdir stages the tree elsewhere (the .deb is built that way).
set -euo pipefail
prefix=/usr/local destdir=""
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --destdir) destdir=$2; shift 2 ;;
    --destdir=*) destdir=${1#*=}; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install: unknown argument '$1' (want --prefix DIR)" >&2; exit 2 ;;
  esac
done
# `bazel run` starts in the runfiles: relative paths are the user's, from BUILD_WORKING_DIRECTORY.
abs() { case $1 in /*) echo "$1" ;; *) echo "${BUILD_WORKING_DIRECTORY:-$PWD}/$1" ;; esac; }
prefix=$(abs "$prefix")
[ -n "$destdir" ] && destdir=$(abs "$destdir")
here=${RUNFILES_DIR:-$0.runfiles}/sysctl_advisor
[ -d "$here" ] || here=$(cd "$(dirname "$0")" && pwd)/install.runfiles/sysctl_advisor
root=$destdir$prefix

install -d "$root/bin" "$root/share/sysctl-advisor/rules" "$root/share/sysctl-advisor/profiles" \
  "$root/share/man/man1" "$root/share/bash-completion/completions"
install -m 0755 "$here/packaging/sysctl-advisor" "$root/bin/sysctl-advisor"
install -m 0644 "$here"/rules/*.toml "$here/rules/known-keys.txt" "$here/rules/VERSION" "$root/share/sysctl-advisor/rules/"
install -d "$root/share/sysctl-advisor/rules/orchestrators"  # Kubernetes' safe sysctls (check)
install -m 0644 "$here"/rules/orchestrators/*.toml "$root/share/sysctl-advisor/rules/orchestrators/"
install -m 0644 "$here"/profiles/*.toml "$root/share/sysctl-advisor/profiles/"
gzip -9n < "$here/packaging/sysctl-advisor.1" > "$root/share/man/man1/sysctl-advisor.1.gz"
chmod 0644 "$root/share/man/man1/sysctl-advisor.1.gz"
install -m 0644 "$here/packaging/sysctl-advisor.bash-completion" "$root/share/bash-completion/completions/sysctl-advisor"
echo "installed sysctl-advisor under $root (binary: $root/bin/sysctl-advisor)"
