#!/bin/bash
# Builds the .deb from the files Bazel hands over (genrule //packaging:deb):
#   build_deb.sh OUT.deb VERSION BINARY MANPAGE COMPLETION SERVICE TIMER CONTROL_IN COPYRIGHT POSTRM \
#                --rules FILE... --profiles FILE...
# FHS layout; Depends: from the shared libraries the binary links (dpkg-shlibdeps over the symbols
# files of the installed -dev packages' libraries); dpkg-deb --root-owner-group so no build user leaks.
set -euo pipefail
out=$1 version=$2 binary=$3 man=$4 completion=$5 service=$6 timer=$7 control_in=$8 copyright=$9 postrm=${10}
shift 10
rules=() profiles=() into=
for a in "$@"; do
  case $a in --rules) into=rules ;; --profiles) into=profiles ;; *) eval "$into+=(\"\$a\")" ;; esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/sysctl-advisor/rules" "$root/usr/share/sysctl-advisor/profiles" \
  "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" "$root/lib/systemd/system" \
  "$root/usr/share/doc/sysctl-advisor"
install -m 0755 "$binary" "$root/usr/bin/sysctl-advisor"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/sysctl-advisor"
# Keep the folders under rules/ (rules/orchestrators/ holds what `check` reads, not rule files).
for f in "${rules[@]}"; do install -D -m 0644 "$f" "$root/usr/share/sysctl-advisor/rules/${f#*rules/}"; done
for f in "${profiles[@]}"; do install -D -m 0644 "$f" "$root/usr/share/sysctl-advisor/profiles/${f#*profiles/}"; done
gzip -9n < "$man" > "$root/usr/share/man/man1/sysctl-advisor.1.gz"
install -m 0644 "$completion" "$root/usr/share/bash-completion/completions/sysctl-advisor"
install -m 0644 "$service" "$timer" "$root/lib/systemd/system/"
install -m 0644 "$copyright" "$root/usr/share/doc/sysctl-advisor/copyright"
printf 'sysctl-advisor (%s) unstable; urgency=medium\n\n  * Packaged by bazel build //packaging:deb.\n\n -- sysctl-advisor maintainers <sysctl-advisor@example.org>  Thu, 03 Dec 2026 00:00:00 +0000\n' "$version" \
  | gzip -9n > "$root/usr/share/doc/sysctl-advisor/changelog.gz"
install -m 0755 "$postrm" "$root/DEBIAN/postrm"
chmod 0644 "$root/usr/share/man/man1/sysctl-advisor.1.gz" "$root/usr/share/doc/sysctl-advisor/changelog.gz"

# Depends: what the binary links, as Debian's own packages compute it.
mkdir -p "$work/src/debian"
printf 'Source: sysctl-advisor\n\nPackage: sysctl-advisor\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/bin/sysctl-advisor" 2>"$work/shlibdeps.err" | sed -n 's/^shlibs:Depends=//p') \
  || { cat "$work/shlibdeps.err" >&2; exit 1; }
[ -n "$depends" ] || { echo "build_deb: dpkg-shlibdeps found no dependencies" >&2; cat "$work/shlibdeps.err" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$(dpkg --print-architecture)/" -e "s/@SIZE@/$size/" \
  -e "s/@DEPENDS@/$depends/" "$control_in" > "$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
SOURCE_DATE_EPOCH=1796256000 dpkg-deb --root-owner-group -Zxz --build "$root" "$out" > /dev/null
