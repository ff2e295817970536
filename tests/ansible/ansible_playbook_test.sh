#!/bin/bash
# The Ansible collection driven by Debian's ansible-core: ansible-doc shows the modules; the
# example playbook in check mode plans --root trees (nothing written, diffs shown) and `report`
# summarises the run; with -e apply=true inside a throwaway network namespace it applies a plan
# (values change) and a plan the kernel refuses midway is rolled back (values as before).
set -u
RUNFILES="${TEST_SRCDIR:?}/sysctl_advisor"
BIN="$RUNFILES/sysctl-advisor"
COLL="$RUNFILES/ansible/ansible_collections/sysctl_advisor/tcp"
T="${TEST_TMPDIR:-$(mktemp -d)}"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_in() { grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/    | /' "$1" | tail -40; }; }
if ! command -v ansible-playbook > /dev/null; then echo "SKIP: ansible-core not installed (tools/setup.sh installs it)"; exit 0; fi

# Ansible as a user runs it, kept inside $T; the tool on PATH as an installed one would be.
export HOME="$T/home" ANSIBLE_LOCAL_TEMP="$T/ansible-tmp" ANSIBLE_REMOTE_TEMP="$T/ansible-tmp"
export ANSIBLE_COLLECTIONS_PATH="$RUNFILES/ansible" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
mkdir -p "$HOME" "$T/bin"
ln -sf "$BIN" "$T/bin/sysctl-advisor"
export PATH="$T/bin:$PATH"

ansible-doc sysctl_advisor.tcp.plan > "$T/doc.txt" 2>&1 || fail "ansible-doc plan: $(tail -3 "$T/doc.txt")"
expect_in "$T/doc.txt" "SYSCTL_ADVISOR.TCP.PLAN"
expect_in "$T/doc.txt" "check_mode"
ansible-doc sysctl_advisor.tcp.facts > "$T/doc2.txt" 2>&1 || fail "ansible-doc facts"
expect_in "$T/doc2.txt" "ansible_facts.sysctl_advisor"

# --- check mode over --root trees --------------------------------------------------------------
for h in web-app-db-churn postgres-listen-overflow lb-nginx-upstream-churn; do
  rm -rf "$T/roots/$h" && mkdir -p "$T/roots" && cp -rL "$RUNFILES/tests/scenarios/$h/root" "$T/roots/$h"
done
cat > "$T/check.ini" <<INI
[web_servers]
web01 ansible_connection=local sysctl_advisor_root=$T/roots/web-app-db-churn sysctl_advisor_profile=web-behind-lb
db01 ansible_connection=local sysctl_advisor_root=$T/roots/postgres-listen-overflow sysctl_advisor_profile=database
[load_balancers]
lb01 ansible_connection=local sysctl_advisor_root=$T/roots/lb-nginx-upstream-churn sysctl_advisor_profile=load-balancer
[all:vars]
ansible_python_interpreter=/usr/bin/python3
INI
# The tool's own opinion of each tree, to compare with what Ansible reports.
for h in web01:web-app-db-churn:web-behind-lb db01:postgres-listen-overflow:database lb01:lb-nginx-upstream-churn:load-balancer; do
  IFS=: read -r name tree profile <<< "$h"
  "$BIN" plan --root "$T/roots/$tree" --profile "$profile" --format json > "$T/want-$name.json"
done
before=$(cd "$T/roots" && find . -type f -exec md5sum {} + | sort)
# The dry run of an apply: -e apply=true under --check (state: applied, nothing written).
ansible-playbook -i "$T/check.ini" "$COLL/playbooks/fleet.yml" --check --diff -e apply=true -e report_dir="$T/plans" > "$T/check.out" 2>&1
rc=$?
[ "$rc" = 0 ] || { fail "check-mode playbook exit $rc"; tail -30 "$T/check.out"; }
after=$(cd "$T/roots" && find . -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || fail "check mode changed files under the --root trees"
for h in web01 db01 lb01; do
  python3 - "$T/plans/$h.json" "$T/want-$h.json" <<'PY' || fail "$h: the plan Ansible returned differs from sysctl-advisor's"
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:])
key = lambda d: ([(c["key"], c["proposed"], c["rule"]) for c in d["changes"]], sorted(f["rule"] for f in d["findings"]))
sys.exit(0 if key(got) == key(want) else 1)
PY
done
# Diff mode: each pending change as before/after lines; changed only where changes are pending.
first=$(python3 -c "import json; c=json.load(open('$T/want-web01.json'))['changes'][0]; print('%s = %s|%s = %s' % (c['key'], c['current'], c['key'], c['proposed']))")
expect_in "$T/check.out" "-${first%%|*}"
expect_in "$T/check.out" "+${first##*|}"
sed -n '/^TASK \[Plan/,/^TASK/p' "$T/check.out" > "$T/plan-task.out"
expect_in "$T/plan-task.out" "changed: [web01]"   # changes pending: would change
expect_in "$T/plan-task.out" "ok: [lb01]"         # nothing to change on this tree
# The report play summarised the run.
expect_in "$T/check.out" "3 hosts"
rule=$(python3 -c "import json; print(json.load(open('$T/want-web01.json'))['changes'][0]['rule'])")
expect_in "$T/check.out" "$rule"
"$BIN" report "$T/plans" > "$T/report.txt" || fail "report over the playbook's plans"
expect_in "$T/report.txt" "Fleet: 3 hosts"

# --- apply in a throwaway network namespace ------------------------------------------------------
if [ "$(id -u)" != 0 ]; then
  echo "SKIP apply: needs root for unshare -n -m"
else
  FIX="$RUNFILES/tests/apply/fixtures"
  mkdir -p "$T/ns/host_vars"
  printf '[load_balancers]\nns-lb ansible_connection=local\n[all:vars]\nansible_python_interpreter=/usr/bin/python3\nsysctl_advisor_persist=false\nsysctl_advisor_state_dir=%s\n' "$T/state" > "$T/ns/apply.ini"
  cp "$T/ns/apply.ini" "$T/ns/fail.ini" && sed -i 's/ns-lb/ns-bad/' "$T/ns/fail.ini"
  # The plans are stamped inside the namespace they are applied in: apply refuses a plan made for
  # another host or network namespace (plan trust), exactly as `plan` there would have recorded it.
  cat > "$T/stamp.py" <<'PY'
import json, os, sys
def first(p):
    try:
        with open(p) as f: return " ".join(f.readline().split())
    except OSError: return ""
plan = json.load(open(sys.argv[1]))
plan["host"] = {"hostname": first("/proc/sys/kernel/hostname"), "boot_id": first("/proc/sys/kernel/random/boot_id"),
                "kernel": first("/proc/sys/kernel/osrelease"), "netns": os.readlink("/proc/self/ns/net")}
json.dump({"sysctl_advisor_plan": plan}, open(sys.argv[2], "w"))
PY
  unshare -n -m bash -c '
    set -u
    mount --make-rprivate /
    v() { tr -s "\t " "  " < /proc/sys/$(echo "$1" | tr . /); }
    python3 "$1/stamp.py" "$3/lb-plan.json" "$1/ns/host_vars/ns-lb.json"
    python3 "$1/stamp.py" "$3/reject-plan.json" "$1/ns/host_vars/ns-bad.json"
    echo "before: $(v net.ipv4.tcp_tw_reuse) | $(v net.ipv4.tcp_fin_timeout) | $(v net.ipv4.ip_local_port_range)"
    ansible-playbook -i "$1/ns/fail.ini" "$2" -e apply=true -e report_dir="$1/ns-plans" > "$1/fail.out" 2>&1; echo "fail-rc: $?"
    echo "after refusal: $(v net.ipv4.tcp_tw_reuse) | $(v net.ipv4.tcp_fin_timeout) | $(v net.ipv4.ip_local_port_range)"
    ansible-playbook -i "$1/ns/apply.ini" "$2" -e apply=true -e report_dir="$1/ns-plans" > "$1/apply.out" 2>&1; echo "apply-rc: $?"
    echo "after apply: $(v net.ipv4.tcp_tw_reuse) | $(v net.ipv4.tcp_fin_timeout) | $(v net.ipv4.ip_local_port_range)"
  ' _ "$T" "$COLL/playbooks/fleet.yml" "$FIX" > "$T/ns.out" 2>&1
  cat "$T/ns.out"
  expect_in "$T/ns.out" "before: 2 | 60 | 32768 60999"
  grep -q "fail-rc: [^0]" "$T/ns.out" || fail "a plan the kernel refuses did not fail the play"
  expect_in "$T/fail.out" "restored every key it had changed"
  expect_in "$T/ns.out" "after refusal: 2 | 60 | 32768 60999"
  expect_in "$T/ns.out" "apply-rc: 0"
  expect_in "$T/ns.out" "after apply: 1 | 30 | 1024 65000"
  grep -q "changed: \[ns-lb\]" "$T/apply.out" || fail "apply not reported as changed"
fi
[ "$fails" = 0 ] && echo PASS || echo "$fails failure(s)"
exit $((fails > 0))
