#!/usr/bin/python3
"""The shipped rules and catalog agree with each other and with a real kernel.

    rules_data_test.py RULES_DIR

1. Every key a rule reads (sysctl/configured/exists/value/default/field/is_configured), sets, or is
   about is in the catalog (rules/keys.toml).
2. Every value a rule proposes is valid for the key's type and range in the catalog.
3. A rule that proposes a key not present on every kernel (catalog `added`/`removed`) guards its
   condition with exists("key"), so it can never propose the key where it does not exist.
4. No rule proposes what makes a host worse: enabling tcp_tw_recycle, lowering tcp_max_tw_buckets
   or tcp_max_orphans, or writing ip_local_port_range.
5. Catalog entries are well formed: defaults valid for their type, enum values within min..max,
   versions parse, every entry has a summary and references.
6. Every proposed (key, value) whose key the catalog says exists on this machine's kernel and is
   per network namespace is written in a throwaway namespace (`unshare -n`) and read back; the
   host's own value is checked unchanged afterwards. Needs root: otherwise prints SKIP for that part.
"""
import os
import re
import subprocess
import sys
import tomllib

FAILURES = []
KEY_FUNCS = ("sysctl", "configured", "exists", "value", "default", "field", "is_configured")
KEY_CALL = re.compile(r'\b(%s)\(\s*"([^"]+)"' % "|".join(KEY_FUNCS))


def fail(msg):
    FAILURES.append(msg)


def ver(text):
    out = []
    for part in re.split(r"[.\-+]", text):
        if not part.isdigit():
            break
        out.append(int(part))
    return tuple(out)


def fold(v):
    return " ".join(str(v).split())


def check_value(info, value):
    """Empty string when valid, else the reason (mirrors the catalog types of docs/rule-format.md)."""
    t, v = info.get("type"), fold(value)
    lo, hi = info.get("min"), info.get("max")

    def as_int(x):
        try:
            return int(x, 0)
        except ValueError:
            return None

    if t in ("int", "bitmask", "enum"):
        if t == "enum" and "values" in info and v not in info["values"]:
            return "%r is not one of %s" % (v, sorted(info["values"]))
        n = as_int(v)
        if n is None:
            return "%r is not an integer" % v
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            return "%r is outside %s..%s" % (v, lo, hi)
    elif t == "bool":
        if as_int(v) not in (0, 1):
            return "%r is not 0 or 1" % v
    elif t == "range":
        parts = v.split()
        if len(parts) != 2 or any(as_int(p) is None for p in parts):
            return "%r is not 'LOW HIGH'" % v
        a, b = (int(p) for p in parts)
        if a > b or (lo is not None and a < lo) or (hi is not None and b > hi):
            return "%r is out of bounds" % v
    elif t == "port-list":
        for item in filter(None, v.split(",")):
            a, _, b = item.partition("-")
            if as_int(a) is None or (b and as_int(b) is None):
                return "%r is not a port list" % v
    elif t != "string":
        return "unknown type %r" % t
    return ""


def exists_on(info, kernel):
    added, removed = info.get("added", ""), info.get("removed", "")
    if added and added != "0" and ver(kernel) < ver(added):
        return False
    if removed and ver(kernel) >= ver(removed):
        return False
    return True


def load(rules_dir):
    with open(os.path.join(rules_dir, "keys.toml"), "rb") as f:
        catalog = {k["name"]: k for k in tomllib.load(f)["key"]}
    rules = []
    for name in sorted(os.listdir(rules_dir)):
        if name.endswith(".toml") and name not in ("keys.toml", "apply-deny.toml", "writers.toml"):
            with open(os.path.join(rules_dir, name), "rb") as f:
                for r in tomllib.load(f).get("rule", []):
                    r["_file"] = name
                    rules.append(r)
    return catalog, rules


def check_catalog(catalog):
    for name, k in catalog.items():
        where = "keys.toml %s" % name
        if not k.get("summary") or not k.get("references"):
            fail("%s: needs a summary and references" % where)
        for d in k.get("defaults", []):
            if "value" not in d:
                if not d.get("note"):
                    fail("%s: a default needs a value or a note" % where)
                continue
            why = check_value(k, d["value"])
            if why:
                fail("%s: default %s" % (where, why))
            if "since" in d and not ver(d["since"]):
                fail("%s: default since %r is not a version" % (where, d["since"]))
        for field in ("added", "removed", "per_netns_since"):
            v = k.get(field)
            if v and v not in ("0", "never") and not ver(v):
                fail("%s: %s %r is not a version" % (where, field, v))
        for v in k.get("values", {}):
            if k.get("min") is not None and int(v) < k["min"] or k.get("max") is not None and int(v) > k["max"]:
                fail("%s: enum value %s outside min..max" % (where, v))


def check_rules(catalog, rules):
    ids = set()
    proposals = []
    for r in rules:
        where = "%s rule %s" % (r["_file"], r.get("id"))
        if r["id"] in ids:
            fail("%s: duplicate id" % where)
        ids.add(r["id"])
        if not r.get("references"):
            fail("%s: no references" % where)
        text = " ".join(str(r.get(f, "")) for f in ("condition", "message", "reason"))
        for _, key in KEY_CALL.findall(text):
            if key not in catalog:
                fail("%s: reads %s, which is not in the catalog" % (where, key))
        if "key" in r and r["key"] not in catalog:
            fail("%s: is about %s, which is not in the catalog" % (where, r["key"]))
        if "set" not in r:
            if "message" not in r:
                fail("%s: a finding needs a message" % where)
            continue
        key, value = r["set"]["key"], str(r["set"]["value"])
        info = catalog.get(key)
        if info is None:
            fail("%s: proposes %s, which is not in the catalog" % (where, key))
            continue
        why = check_value(info, value)
        if why:
            fail("%s: proposes %s = %s: %s" % (where, key, value, why))
        partial = (info.get("added") not in (None, "", "0")) or bool(info.get("removed"))
        if partial and ('exists("%s")' % key) not in r["condition"]:
            fail("%s: %s exists only on some kernels (added %s, removed %s) but the condition does not "
                 "check exists(\"%s\")" % (where, key, info.get("added"), info.get("removed"), key))
        # Never make a host worse.
        if key == "net.ipv4.tcp_tw_recycle" and value != "0":
            fail("%s: proposes enabling tcp_tw_recycle" % where)
        if key in ("net.ipv4.tcp_max_tw_buckets", "net.ipv4.tcp_max_orphans"):
            fail("%s: proposes %s; the kernel documentation says never to lower it and the advisor cannot "
                 "know a safe higher value" % (where, key))
        if key == "net.ipv4.ip_local_port_range":
            fail("%s: writes ip_local_port_range without knowing the listening ports" % where)
        if key == "net.ipv4.tcp_tw_reuse" and "profile.opens_upstream_connections" not in r["condition"]:
            fail("%s: proposes tcp_tw_reuse without requiring a host that opens connections" % where)
        proposals.append((r["id"], key, value, info))
    return proposals


def other_value(info, value):
    """A second valid value, written first so that reading back the proposed one proves the write
    took effect (a namespace starts from the kernel default, often the proposed value itself)."""
    if info.get("type") == "enum" and info.get("values"):
        return next(v for v in info["values"] if v != value)
    if info.get("type") == "bool":
        return "0" if value == "1" else "1"
    n = int(value)
    return str(n - 1 if info.get("max") is not None and n + 1 > info["max"] else n + 1)


def sysctl_path(key):
    return "/proc/sys/" + key.replace(".", "/")


def check_in_namespace(proposals):
    kernel = os.uname().release
    if os.geteuid() != 0:
        print("SKIP namespace writes: needs root (unshare -n), running as uid %d" % os.geteuid())
        return
    tried = 0
    for rule, key, value, info in proposals:
        netns = info.get("per_netns_since", "")
        if not exists_on(info, kernel):
            print("skip %s = %s (%s): the catalog says %s does not exist on %s" % (key, value, rule, key, kernel))
            continue
        if not netns or netns == "never" or ver(kernel) < ver(netns):
            print("skip %s = %s (%s): not per network namespace on %s; never written on the host" % (
                key, value, rule, kernel))
            continue
        path = sysctl_path(key)
        if not os.path.exists(path):
            fail("%s: the catalog says %s exists on %s, but %s is missing" % (rule, key, kernel, path))
            continue
        with open(path) as f:
            host_before = f.read()
        other = other_value(info, value)
        script = ('printf "%%s\\n" "$1" > "%s" && cat "%s" && printf "%%s\\n" "$2" > "%s" && cat "%s"'
                  % (path, path, path, path))
        p = subprocess.run(["unshare", "-n", "sh", "-c", script, "sh", other, value], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        with open(path) as f:
            host_after = f.read()
        if host_after != host_before:
            with open(path, "w") as f:  # undo at once, then fail loudly
                f.write(host_before)
            fail("%s: writing %s in a new network namespace changed the host's value: the key is not per "
                 "namespace on %s; restored %r" % (rule, key, kernel, fold(host_before)))
            continue
        if p.returncode != 0:
            fail("%s: writing %s = %s in a network namespace failed: %s" % (rule, key, value, p.stderr.strip()))
        elif [fold(x) for x in p.stdout.splitlines()] != [fold(other), fold(value)]:
            fail("%s: wrote %s = %s then %s in a network namespace, read back %r" % (
                rule, key, other, value, p.stdout.splitlines()))
        else:
            tried += 1
            print("ok   %s = %s (%s): written (after %s) and read back in a network namespace" % (key, value, rule, other))
    if tried == 0:
        fail("no proposed value could be written in a namespace on %s" % kernel)


def main():
    rules_dir = sys.argv[1]
    catalog, rules = load(rules_dir)
    check_catalog(catalog)
    proposals = check_rules(catalog, rules)
    print("%d keys in the catalog, %d rules, %d proposed values" % (len(catalog), len(rules), len(proposals)))
    check_in_namespace(proposals)
    if FAILURES:
        print("FAIL (%d):" % len(FAILURES))
        for f in FAILURES:
            print("  - " + f)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
