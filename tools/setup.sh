#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the benchmarks need. Idempotent, and
# quiet when everything is already present.
set -euo pipefail

packages=(
  bazel-bootstrap bazel-bootstrap-source  # Bazel 4.2.3 and the local stand-ins of its repositories
  g++
  clang libclang-rt-14-dev                # fuzz/run.sh: libFuzzer with ASan/UBSan (bazel test needs neither)
  libboost-program-options-dev            # command line
  libtomlplusplus-dev                     # rules, profiles, catalog (TOML)
  nlohmann-json3-dev                      # JSON output and snapshots
  libmnl-dev                              # netlink sock_diag census
  libfyaml-dev                            # YAML (Ansible, Kubernetes, Compose) in check
  doctest-dev                             # unit tests
  procps iproute2 util-linux              # sysctl, ss, unshare: the peers tests and benchmarks compare with
  nftables                                # nft: tests/live/conntrack_netns_test tracks loopback flows in a throwaway netns
  systemd                                 # systemd-sysctl, the other real loader (differential test)
  time                                    # /usr/bin/time -v: bench/hostile_inputs.sh measures peak memory
  python3 python3-jsonschema              # SARIF schema validation in tests
  hyperfine                               # benchmarks
  dpkg-dev lintian bash-completion        # the .deb: Depends from dpkg-shlibdeps, lintian, completion test
  prometheus-node-exporter prometheus     # textfile collector test, promtool check rules
  ansible-core ansible                    # ansible-playbook --syntax-check of the Ansible test repository (ansible: the ansible.posix collection)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: missing packages (${missing[*]}); run as root to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
