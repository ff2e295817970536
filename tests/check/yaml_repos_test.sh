#!/bin/bash
# `check` on repositories that keep their sysctls in YAML and scripts, as CI runs it (no PATH: each
# repository's .sysctl-advisor.toml): tests/fixtures/k8s-repo (Kubernetes manifests, several
# workload kinds in multi-document files, a List, malformed YAML, a Helm template value, foreign
# YAML, an excluded vendored chart) and tests/fixtures/compose-repo (Compose map and list forms,
# an alias, ${VAR} values, malformed YAML, foreign YAML, docker run --sysctl in a script) and
# tests/fixtures/ansible-repo (a playbook whose plays name inventory groups mapped to profiles, a
# role looping over a dict from its defaults or the group's group_vars, a Jinja value, malformed
# YAML, foreign YAML).
# The text output is compared whole (reasons, which belong to the rules, left out), every other
# format must name the same findings, and the SARIF must validate against the official schema.
set -u
BIN="$TEST_SRCDIR/sysctl_advisor/sysctl-advisor"
HERE="$TEST_SRCDIR/sysctl_advisor/tests/check"
SCHEMA="$TEST_SRCDIR/sysctl_advisor/tests/schemas/sarif-schema-2.1.0.json"
PY=/usr/bin/python3
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

check_repo() {  # check_repo NAME: the fixture tests/fixtures/NAME against expected/NAME.txt
  local name=$1 repo="$TEST_TMPDIR/$1" out="$TEST_TMPDIR/$1.out"
  rm -rf "$repo" && mkdir -p "$repo" && cp -rL "$TEST_SRCDIR/sysctl_advisor/tests/fixtures/$name/." "$repo/"
  cd "$repo" || return
  "$BIN" check > "$out.txt"
  [ $? = 1 ] || fail "$name: text: exit status, expected 1 (errors)"
  # Whole, but for the reasons under each finding and which rules need the live host (both the
  # rules' own text, owned by rules/*.toml).
  grep -v '^    ' "$out.txt" | sed -E 's/^([a-z-]+): info: [0-9]+ rules not evaluated \(needs the live host\): .*/\1: info: N rules not evaluated (needs the live host): .../; s/; [0-9]+ rules not evaluated offline;/; N rules not evaluated offline;/' > "$out.norm"
  diff -u "$HERE/expected/$name.txt" "$out.norm" || fail "$name: text output differs from expected/$name.txt"
  grep -E '^[^ ]+:[0-9]+:[0-9]+: [a-z]+: .*\[[a-z0-9-]+\]$' "$out.txt" |
    sed -E 's/^([^:]+):([0-9]+):([0-9]+): ([a-z]+): .* \[([a-z0-9-]+)\]$/\1:\2:\3 \4 \5/' > "$out.tuples"
  [ -s "$out.tuples" ] || fail "$name: no located findings"

  "$BIN" check --format json > "$out.json"; [ $? = 1 ] || fail "$name: json exit"
  $PY - "$out.json" > "$out.json.tuples" <<'PYEOF' || fail "$name: json contract"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "sysctl-advisor/check/v1"
for f in j["findings"]:
  if f["open"]: continue
  print("%s:%s:%s %s %s" % (f["file"], f["line"], f["col"], f["severity"], f["rule"]))
PYEOF
  diff -u "$out.tuples" "$out.json.tuples" || fail "$name: json findings differ from text"

  "$BIN" check --format sarif > "$out.sarif"; [ $? = 1 ] || fail "$name: sarif exit"
  $PY - "$out.sarif" "$SCHEMA" > "$out.sarif.tuples" <<'PYEOF' || fail "$name: sarif schema or content"
import json, sys, jsonschema
doc = json.load(open(sys.argv[1]))
errors = list(jsonschema.Draft4Validator(json.load(open(sys.argv[2]))).iter_errors(doc))
for e in errors: print("schema:", "/".join(map(str, e.path)), e.message, file=sys.stderr)
assert not errors
for res in doc["runs"][0]["results"]:
  if res["kind"] == "open": continue
  loc = res["locations"][0]["physicalLocation"]
  r = loc["region"]
  assert loc["artifactLocation"]["uri"].endswith((".yaml", ".yml", ".sh")), loc  # located in the YAML or script
  assert r["startLine"] > 0 and r["startColumn"] > 0, res
  print("%s:%s:%s %s %s" % (loc["artifactLocation"]["uri"], r["startLine"], r["startColumn"], res["properties"]["severity"], res["ruleId"]))
PYEOF
  diff -u "$out.tuples" "$out.sarif.tuples" || fail "$name: sarif findings differ from text"

  "$BIN" check --format github > "$out.gh"; [ $? = 1 ] || fail "$name: github exit"
  grep -E '^::(error|warning|notice) ' "$out.gh" |
    sed -E 's/^::([a-z]+) file=([^,]+),line=([0-9]+),col=([0-9]+),title=.*\[([a-z0-9-]+)\]::.*$/\2:\3:\4 \1 \5/' > "$out.gh.tuples"
  grep -v ' info ' "$out.tuples" > "$out.gh.expected"
  diff -u "$out.gh.expected" "$out.gh.tuples" || fail "$name: github findings differ from text"

  "$BIN" check --format junit > "$out.xml"; [ $? = 1 ] || fail "$name: junit exit"
  $PY - "$out.xml" "$(grep -c ' error ' "$out.tuples")" <<'PYEOF' || fail "$name: junit"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
failing = [c for s in root for c in s if c.find("failure") is not None]
assert root.get("failures") == str(len(failing)) and len(failing) >= 1, root.attrib
assert all(c.get("classname").endswith((".yaml", ".yml", ".sh")) for c in failing), [c.get("classname") for c in failing]
PYEOF
  cd "$TEST_TMPDIR" || return
}

check_repo k8s-repo
check_repo compose-repo
check_repo ansible-repo

# The Ansible fixture is real Ansible: ansible-playbook (Debian's ansible-core, with the
# ansible.posix collection from Debian's ansible) accepts the playbook, its roles and inventory.
if command -v ansible-playbook > /dev/null; then
  (cd "$TEST_TMPDIR/ansible-repo/ansible" && HOME="$TEST_TMPDIR" ANSIBLE_LOCAL_TEMP="$TEST_TMPDIR/ansible-tmp" \
    ansible-playbook --syntax-check site.yml > "$TEST_TMPDIR/syntax.txt" 2>&1) \
    || fail "ansible-playbook --syntax-check: $(cat "$TEST_TMPDIR/syntax.txt")"
else
  fail "ansible-playbook is not installed (tools/setup.sh installs ansible-core and ansible)"
fi

# The same repository with its inventory in YAML form (inventories/hosts.yml), found through
# ansible.cfg and, renamed `hosts` without an extension, by its content: real Ansible sees the same
# groups, and `check` finds exactly the same (frontends is checked for each child group).
for form in cfg bare; do
  y="$TEST_TMPDIR/ansible-yaml-$form"
  rm -rf "$y" && cp -r "$TEST_TMPDIR/ansible-repo" "$y" && chmod -R u+w "$y" && rm "$y/ansible/inventory/hosts.ini"
  if [ $form = cfg ]; then
    cp "$HERE/inventories/hosts.yml" "$y/ansible/inventory/hosts.yml"
    sed -i 's|^inventory = .*|inventory = inventory/hosts.yml|' "$y/ansible/ansible.cfg"
  else
    cp "$HERE/inventories/hosts.yml" "$y/ansible/inventory/hosts"
    sed -i '/^inventory = /d' "$y/ansible/ansible.cfg"
  fi
  (cd "$y" && "$BIN" check) > "$TEST_TMPDIR/yaml-inv-$form.txt"
  (cd "$TEST_TMPDIR/ansible-repo" && "$BIN" check) > "$TEST_TMPDIR/ini-inv.txt"
  diff -u "$TEST_TMPDIR/ini-inv.txt" "$TEST_TMPDIR/yaml-inv-$form.txt" > "$TEST_TMPDIR/inv.diff" \
    || fail "YAML inventory ($form): check differs from the INI inventory's: $(cat "$TEST_TMPDIR/inv.diff")"
done
if command -v ansible-inventory > /dev/null; then
  (cd "$TEST_TMPDIR/ansible-repo/ansible" && HOME="$TEST_TMPDIR" ansible-inventory --graph) > "$TEST_TMPDIR/graph-ini.txt" 2>&1
  (cd "$TEST_TMPDIR/ansible-yaml-cfg/ansible" && HOME="$TEST_TMPDIR" ansible-inventory --graph) > "$TEST_TMPDIR/graph-yaml.txt" 2>&1
  grep -q '@frontends' "$TEST_TMPDIR/graph-yaml.txt" || fail "ansible-inventory does not read the YAML inventory: $(cat "$TEST_TMPDIR/graph-yaml.txt")"
  [ "$(sort "$TEST_TMPDIR/graph-ini.txt")" = "$(sort "$TEST_TMPDIR/graph-yaml.txt")" ] || fail "the YAML inventory is not the INI one's groups for Ansible"
fi

# The target Kubernetes release and the kubelet's allowed patterns from the command line override
# the mapping file: on 1.29 tcp_fin_timeout and tcp_keepalive_time are safe, and net.ipv4.* allows
# the DaemonSet's keys.
cd "$TEST_TMPDIR/k8s-repo" || exit 1
"$BIN" check --kubernetes-version 1.29 --allowed-unsafe-sysctls 'net.core.somaxconn,net.ipv4.*' > "$TEST_TMPDIR/k129.txt"
grep -c '\[sysctl-forbidden\]' "$TEST_TMPDIR/k129.txt" | grep -qx 0 || fail "1.29 + net.ipv4.*: still forbidden: $(grep sysctl-forbidden "$TEST_TMPDIR/k129.txt")"
"$BIN" check --kubernetes-version 1.27 manifests/web.yaml --profile web-behind-lb > "$TEST_TMPDIR/k127.txt"
grep -qF 'manifests/web.yaml:18:19: error: Deployment/web: net.ipv4.tcp_fin_timeout is not a safe sysctl in Kubernetes 1.27 (safe since 1.29)' "$TEST_TMPDIR/k127.txt" \
  || fail "PATH form with --kubernetes-version: $(cat "$TEST_TMPDIR/k127.txt")"
"$BIN" check --kubernetes-version one manifests >/dev/null 2>&1; [ $? = 2 ] || fail "--kubernetes-version one: expected exit 2"

if [ "$fails" -ne 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "PASS"
