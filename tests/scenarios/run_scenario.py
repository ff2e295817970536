#!/usr/bin/python3
"""Plans a scenario host with the real binary and checks what an operator would read.

    run_scenario.py BINARY SCENARIO_DIR WORK_DIR

Builds the fake root (the committed root/ plus /proc/net/tcp{,6} expanded from sockets.txt), runs
`sysctl-advisor plan --root ROOT --profile P --format json`, and checks expected.txt:

    profile P                              the profile to plan with (required)
    change KEY CURRENT PROPOSED RULE SEV   the exact set of changes (CURRENT "-" = not known)
    finding RULE SEV                       the exact set of findings
    at RULE FILE LINE                      the finding/change points at FILE:LINE (FILE: path under root)
    evidence RULE TEXT...                  the rule's message or reason quotes TEXT
    not-evaluated RULE [NEEDS]             the rule is listed as not evaluated (its "needs" contains
                                           NEEDS), and never appears as a change or finding
    infer P                                planning without --profile picks P
    snapshot FILE                          plan from NAME/FILE (--snapshot) instead of a fake root
Every failed expectation is printed; the exit status is 1 if any failed.
"""
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, HERE)
import sockets  # noqa: E402


def load_expected(path):
    exp = {"profile": None, "changes": set(), "findings": set(), "at": [], "evidence": [], "not_evaluated": set(),
           "infer": None, "snapshot": None}
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("evidence") else raw.strip()
            if not line:
                continue
            word, _, rest = line.partition(" ")
            parts = rest.split()
            if word == "profile":
                exp["profile"] = parts[0]
            elif word == "change" and len(parts) == 5:
                exp["changes"].add(tuple(parts))
            elif word == "finding" and len(parts) == 2:
                exp["findings"].add(tuple(parts))
            elif word == "at" and len(parts) == 3:
                exp["at"].append((parts[0], parts[1], int(parts[2])))
            elif word == "evidence" and len(parts) >= 2:
                exp["evidence"].append((parts[0], rest.split(None, 1)[1]))
            elif word == "not-evaluated" and len(parts) >= 1:
                exp["not_evaluated"].add(parts[0])
                if len(parts) > 1:
                    exp.setdefault("needs", {})[parts[0]] = rest.split(None, 1)[1]
            elif word == "infer" and len(parts) == 1:
                exp["infer"] = parts[0]
            elif word == "snapshot" and len(parts) == 1:
                exp["snapshot"] = parts[0]
            else:
                sys.exit("%s:%d: cannot read %r" % (path, n, raw.rstrip()))
    if not exp["profile"]:
        sys.exit("%s: no 'profile' line" % path)
    return exp


def build_root(scenario, work):
    root = os.path.join(work, "root")
    if os.path.exists(root):
        shutil.rmtree(root)
    shutil.copytree(os.path.join(scenario, "root"), root)
    sockets.expand(os.path.join(scenario, "sockets.txt"), root)
    return root


def plan(binary, root, profile, snapshot=None):
    cmd = [binary, "plan", "--format", "json"] + (["--snapshot", snapshot] if snapshot else ["--root", root])
    if profile:
        cmd += ["--profile", profile]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        print("FAIL: %s exited %d\nstderr:\n%s" % (" ".join(cmd), p.returncode, p.stderr))
        sys.exit(1)
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        print("FAIL: %s printed no JSON (%s)\nstdout:\n%s\nstderr:\n%s" % (" ".join(cmd), e, p.stdout[:2000], p.stderr))
        sys.exit(1)


def cur(v):
    return "-" if v is None else str(v)


def rule_of(item):
    return item.get("rule")


def main():
    binary, scenario, work = sys.argv[1:4]
    name = os.path.basename(os.path.normpath(scenario))
    exp = load_expected(os.path.join(scenario, "expected.txt"))
    if exp["snapshot"]:
        root, snapshot = None, os.path.join(scenario, exp["snapshot"])
    else:
        root, snapshot = build_root(scenario, work), None
    doc = plan(binary, root, exp["profile"], snapshot)
    failures = []

    if doc.get("schema") != "sysctl-advisor/plan/v1":
        failures.append("schema is %r, expected sysctl-advisor/plan/v1" % doc.get("schema"))

    changes = doc.get("changes", [])
    findings = doc.get("findings", [])
    got_changes = {(c["key"], cur(c.get("current")), str(c["proposed"]), c["rule"], c.get("severity", "?"))
                   for c in changes}
    got_findings = {(f["rule"], f.get("severity", "?")) for f in findings}

    for c in sorted(exp["changes"] - got_changes):
        failures.append("missing change: %s %s -> %s by %s (%s)" % c)
    for c in sorted(got_changes - exp["changes"]):
        failures.append("unexpected change: %s %s -> %s by %s (%s)" % c)
    for f in sorted(exp["findings"] - got_findings):
        failures.append("missing finding: %s (%s)" % f)
    for f in sorted(got_findings - exp["findings"]):
        failures.append("unexpected finding: %s (%s)" % f)

    by_rule = {}
    for item in changes + findings:
        by_rule.setdefault(rule_of(item), []).append(item)

    for rule, text in exp["evidence"]:
        items = by_rule.get(rule, [])
        said = " ".join(" ".join(str(i.get(k) or "") for k in ("message", "reason")) for i in items)
        said = " ".join(said.split())
        if not items:
            failures.append("evidence: rule %s produced nothing to quote %r" % (rule, text))
        elif " ".join(text.split()) not in said:
            failures.append("evidence: %s does not quote %r; it says: %s" % (rule, text, said[:600]))

    # Every reason quotes figures, and no template hole rendered as "unknown".
    for item in changes + findings:
        text = " ".join(str(item.get(k) or "") for k in ("message", "reason"))
        if re.search(r"\bunknown\b", text):
            failures.append("%s: a template hole rendered as 'unknown': %s" % (rule_of(item), text[:300]))
        if not re.search(r"\d", item.get("reason", "")):
            failures.append("%s: the reason quotes no figure" % rule_of(item))

    for rule, file, line in exp["at"]:
        places = []
        for i in by_rule.get(rule, []):
            where = i.get("configured") if "proposed" in i else i
            if isinstance(where, dict):
                places.append((where.get("file"), where.get("line")))
        if not any(f and str(f).endswith(file) and l == line for f, l in places):
            failures.append("at: %s should point at %s:%d; got %s" % (rule, file, line, places))

    if "not_evaluated" in doc:
        listed = {n.get("rule"): n.get("needs", "") for n in doc["not_evaluated"]}
        for r in sorted(exp["not_evaluated"] - set(listed)):
            failures.append("rule %s should be listed as not evaluated" % r)
        for r, needs in sorted(exp.get("needs", {}).items()):
            if r in listed and needs not in listed[r]:
                failures.append("rule %s is not evaluated because %r, expected it to say %r" % (r, listed[r], needs))
    for r in sorted(exp["not_evaluated"] & set(by_rule)):
        failures.append("rule %s needs facts this host lacks but produced a result" % r)

    if exp["infer"]:
        inferred = plan(binary, root, None, snapshot)
        if inferred.get("profile") != exp["infer"]:
            failures.append("without --profile the plan used %r, expected %r (reason: %s)" % (
                inferred.get("profile"), exp["infer"], inferred.get("profile_reason")))
        reason = inferred.get("profile_reason") or ""
        # The reason is read by a person: each thing said once (generic's evidence once repeated
        # "cannot tell ... pass --profile" that the engine appends itself).
        for phrase in ("cannot tell", "pass --profile"):
            if reason.count(phrase) > 1:
                failures.append("the inferred profile's reason says %r twice: %s" % (phrase, reason))

    if failures:
        print("FAIL %s (%d):" % (name, len(failures)))
        for f in failures:
            print("  - " + f)
        sys.exit(1)
    print("PASS %s: %d changes, %d findings as expected" % (name, len(changes), len(findings)))


if __name__ == "__main__":
    main()
