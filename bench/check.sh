#!/bin/bash
# Benchmark of `sysctl-advisor check` on a generated fleet repository of about one million lines
# in two thousand files, against procps reading the same files (`sysctl -p --dry-run`, which looks
# every key up under /proc/sys) and against `cat` of the same files (the floor: reading them).
#
#   bench/check.sh [SYSCTL_ADVISOR_BINARY]     (default: sysctl-advisor on PATH)
#   HOSTS=200 FILES=10 LINES=500 RUNS=5 bench/check.sh ...
#   SHAPE=yaml bench/check.sh ...              (the YAML shape: see below)
#
# SHAPE=yaml: HOSTS x FILES = 2,000 YAML files of LINES lines (default 200) in apps/aNNN/: seven in
# ten are Kubernetes manifests (a Deployment with three pod sysctls, a Service, a ConfigMap whose
# data is most of the lines), two in ten Compose files (three services with sysctls and long
# environment lists), one in ten CI workflows that never say "sysctl"; every manifest and Compose
# file sets tcp_fin_timeout "5" (a finding each). One [[group]] maps apps/ (profile web-behind-lb,
# kernel 6.1, Kubernetes 1.29). Contenders: cat, check, check --format sarif.
#
# The repository: HOSTS host roots (hosts/hNNN/etc/sysctl.d/*.conf), FILES files each, LINES lines
# per file: one key in three lines, the rest comments and blanks as real files have, with every key
# a real one from this machine's /proc/sys (so procps finds them all) and one typo per file (a
# finding per file, as a repository under review has). A .sysctl-advisor.toml maps all hosts to one
# group (profile load-balancer, kernel 6.1), so `check` runs every rule of the profile per host.
set -euo pipefail
BIN=${1:-$(command -v sysctl-advisor || true)}
[ -x "$BIN" ] || { echo "usage: $0 SYSCTL_ADVISOR_BINARY (build: bazel build //:sysctl-advisor)" >&2; exit 2; }
BIN=$(readlink -f "$BIN")
HOSTS=${HOSTS:-200} FILES=${FILES:-10} LINES=${LINES:-500} RUNS=${RUNS:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
export SYSCTL_ADVISOR_DATA=${SYSCTL_ADVISOR_DATA:-$HERE}
WORK=$(mktemp -d /tmp/sa-bench-check.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT  # KEEP=1: leave the repository for profiling

if [ "${SHAPE:-conf}" = yaml ]; then
LINES=${LINES_YAML:-200}
/usr/bin/python3 - "$WORK" "$HOSTS" "$FILES" "$LINES" <<'PY'
import os, sys
work, hosts, files, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(os.path.join(work, ".sysctl-advisor.toml"), "w") as m:
    m.write('[kubernetes]\nversion = "1.29"\n[[group]]\nname = "apps"\npaths = ["apps"]\nprofile = "web-behind-lb"\nkernel = "6.1"\n')
def manifest(name):
    out = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: %s" % name, "  labels: {app: %s}" % name,
           "spec:", "  replicas: 3", "  selector:", "    matchLabels: {app: %s}" % name, "  template:", "    metadata:",
           "      labels: {app: %s}" % name, "    spec:", "      securityContext:", "        sysctls:",
           "        - name: net.ipv4.tcp_fin_timeout", '          value: "5"',
           "        - name: net.ipv4.ip_local_port_range", '          value: "1024 65000"',
           "        - name: net.ipv4.tcp_keepalive_time", '          value: "600"',
           "      containers:", "      - name: app", "        image: registry.example/%s:1.0" % name,
           "        ports: [{containerPort: 8080}]", "---", "apiVersion: v1", "kind: Service", "metadata:",
           "  name: %s" % name, "spec:", "  selector: {app: %s}" % name, "  ports:", "  - port: 80", "    targetPort: 8080",
           "---", "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: %s-nginx" % name, "data:", "  nginx.conf: |"]
    i = 0
    while len(out) < lines:
        out.append("    location /api/v%d/ { proxy_pass http://upstream-%d:8080; proxy_read_timeout 30s; }" % (i, i % 7)); i += 1
    return out
def compose(name):
    out = ["services:"]
    for svc in ("web", "worker", "cache"):
        out += ["  %s-%s:" % (name, svc), "    image: registry.example/%s-%s:1.0" % (name, svc), "    sysctls:",
                "      net.ipv4.tcp_fin_timeout: 5", "      net.core.somaxconn: 4096", "    environment:"]
        for i in range(max(1, (lines - 1) // 3 - 6)):
            out.append("      - SETTING_%d=value-%d" % (i, i))
    return out[:lines] if len(out) > lines else out
def workflow(name):
    out = ["name: ci-%s" % name, "on: [push, pull_request]", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:"]
    i = 0
    while len(out) < lines:
        out.append("      - run: make test-%d TARGET=%s" % (i, name)); i += 1
    return out
total = 0
for h in range(hosts):
    d = os.path.join(work, "apps", "a%03d" % h)
    os.makedirs(d)
    for f in range(files):
        kind = f % 10
        name = "app%03d-%d" % (h, f)
        body = manifest(name) if kind < 7 else compose(name) if kind < 9 else workflow(name)
        fname = ("deploy-%d.yaml" if kind < 7 else "compose-%d.yaml" if kind < 9 else "ci-%d.yml") % f
        with open(os.path.join(d, fname), "w") as fh:
            fh.write("\n".join(body) + "\n")
        total += len(body)
print("generated %d YAML lines in %d files" % (total, hosts * files), file=sys.stderr)
PY
cd "$WORK"
find apps -name '*.y*ml' | sort > files.txt
mapfile -t FILES_LIST < files.txt
BYTES=$(cat "${FILES_LIST[@]}" | wc -c)
LINECOUNT=$(cat "${FILES_LIST[@]}" | wc -l)
measure() {
  local walls=() cpus=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$@" > /dev/null 2>&1 || true
    read -r e u s < <(tail -1 "$WORK/time.txt")
    walls+=($(/usr/bin/python3 -c "print(round($e * 1000))"))
    cpus+=($(/usr/bin/python3 -c "print(round(($u + $s) * 1000))"))
  done
  local mid=$(( (RUNS + 1) / 2 ))
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p") $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}
cat "${FILES_LIST[@]}" > /dev/null
"$BIN" check > check-output.txt 2>&1 || true
FINDINGS=$(grep -c ': warning: \|: error: \|: notice: ' check-output.txt || true)
read -r CAT_W CAT_C < <(measure cat "${FILES_LIST[@]}")
read -r CHECK_W CHECK_C < <(measure "$BIN" check)
read -r SARIF_W SARIF_C < <(measure "$BIN" check --format sarif)
ratio() { /usr/bin/python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.1f' % (a / max(b, 1.0)))" "$1" "$2"; }
echo "YAML repository: $LINECOUNT lines, $(wc -l < files.txt) files, $BYTES bytes; check reports $FINDINGS findings"
echo "median of $RUNS runs, page cache warm, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
row() { printf '%-52s %8s %8s %8s %8s\n' "$@"; }
row "command" "wall ms" "x cat" "cpu ms" "x cat"
row "cat FILES > /dev/null" "$CAT_W" "1.0" "$CAT_C" "1.0"
row "sysctl-advisor check (mapping, every rule, text)" "$CHECK_W" "$(ratio "$CHECK_W" "$CAT_W")" "$CHECK_C" "$(ratio "$CHECK_C" "$CAT_C")"
row "sysctl-advisor check --format sarif" "$SARIF_W" "$(ratio "$SARIF_W" "$CAT_W")" "$SARIF_C" "$(ratio "$SARIF_C" "$CAT_C")"
exit 0
fi

/usr/bin/python3 - "$WORK" "$HOSTS" "$FILES" "$LINES" <<'PY'
import os, random, sys
work, hosts, files, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
keys = []
for d, _, fs in os.walk("/proc/sys"):
    for f in fs:
        p = os.path.join(d, f)
        try:
            with open(p) as fh:
                v = " ".join(fh.read().split())
        except OSError:
            continue
        if v and len(v) < 200:
            keys.append((p[len("/proc/sys/"):].replace("/", "."), v))
keys.sort()
rnd = random.Random(42)
with open(os.path.join(work, ".sysctl-advisor.toml"), "w") as m:
    m.write('[[group]]\nname = "fleet"\npaths = ["hosts/*"]\nprofile = "load-balancer"\nkernel = "6.1"\nloader = "systemd"\n')
total = 0
for h in range(hosts):
    d = os.path.join(work, "hosts", "h%03d" % h, "etc", "sysctl.d")
    os.makedirs(d)
    order = keys[:]
    rnd.shuffle(order)
    per = len(order) // files
    for f in range(files):
        mine = order[f * per:(f + 1) * per]
        out = ["# host h%03d, file %d: generated for bench/check.sh" % (h, f)]
        out.append("net.ipv4.tcp_fin_timout = 30")  # the typo of this file
        i = 0
        while len(out) < lines:
            r = len(out) % 3
            if r == 0 and i < len(mine):
                out.append("%s = %s" % mine[i]); i += 1
            elif r == 1:
                out.append("# why: the previous setting follows the platform baseline, ticket OPS-%d" % rnd.randrange(10000))
            else:
                out.append("")
        with open(os.path.join(d, "%02d-generated.conf" % (10 * f)), "w") as fh:
            fh.write("\n".join(out[:lines]) + "\n")
        total += lines
print("generated %d lines in %d files (%d keys from /proc/sys)" % (total, hosts * files, len(keys)), file=sys.stderr)
PY
cd "$WORK"
find hosts -name '*.conf' | sort > files.txt
mapfile -t FILES_LIST < files.txt
BYTES=$(cat "${FILES_LIST[@]}" | wc -c)
LINECOUNT=$(cat "${FILES_LIST[@]}" | wc -l)

# "WALL CPU": medians in milliseconds over RUNS runs of "$@" (output to /dev/null, exit status
# ignored). CPU = user + system: the machine is shared, so wall time carries other jobs' load.
measure() {
  local walls=() cpus=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$@" > /dev/null 2>&1 || true
    read -r e u s < <(tail -1 "$WORK/time.txt")
    walls+=($(/usr/bin/python3 -c "print(round($e * 1000))"))
    cpus+=($(/usr/bin/python3 -c "print(round(($u + $s) * 1000))"))
  done
  local mid=$(( (RUNS + 1) / 2 ))
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p") $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}

# Warm the page cache so every contender reads from memory.
cat "${FILES_LIST[@]}" > /dev/null
"$BIN" check > check-output.txt 2>&1 || true
FINDINGS=$(grep -c ': warning: \|: error: \|: notice: ' check-output.txt || true)

read -r CAT_W CAT_C < <(measure cat "${FILES_LIST[@]}")
read -r CHECK_W CHECK_C < <(measure "$BIN" check)
read -r SARIF_W SARIF_C < <(measure "$BIN" check --format sarif)
read -r FILES_W FILES_C < <(measure "$BIN" check --profile load-balancer --kernel 6.1 "${FILES_LIST[@]}")
read -r PROCPS_W PROCPS_C < <(measure sysctl -p --dry-run "${FILES_LIST[@]}")

ratio() { /usr/bin/python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.1f' % (a / max(b, 1.0)))" "$1" "$2"; }
echo "repository: $LINECOUNT lines, $(wc -l < files.txt) files, $BYTES bytes, $HOSTS host roots; check reports $FINDINGS findings"
echo "median of $RUNS runs, page cache warm, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg); $(sysctl --version)"
row() { printf '%-52s %8s %8s %8s %8s\n' "$@"; }
row "command" "wall ms" "x cat" "cpu ms" "x cat"
row "cat FILES > /dev/null" "$CAT_W" "1.0" "$CAT_C" "1.0"
row "sysctl-advisor check (mapping, every rule, text)" "$CHECK_W" "$(ratio "$CHECK_W" "$CAT_W")" "$CHECK_C" "$(ratio "$CHECK_C" "$CAT_C")"
row "sysctl-advisor check --format sarif" "$SARIF_W" "$(ratio "$SARIF_W" "$CAT_W")" "$SARIF_C" "$(ratio "$SARIF_C" "$CAT_C")"
row "sysctl-advisor check FILES (all as one set)" "$FILES_W" "$(ratio "$FILES_W" "$CAT_W")" "$FILES_C" "$(ratio "$FILES_C" "$CAT_C")"
row "sysctl -p --dry-run FILES (procps)" "$PROCPS_W" "$(ratio "$PROCPS_W" "$CAT_W")" "$PROCPS_C" "$(ratio "$PROCPS_C" "$CAT_C")"
echo "check / procps: $(ratio "$CHECK_W" "$PROCPS_W")x wall, $(ratio "$CHECK_C" "$PROCPS_C")x cpu"
