#!/usr/bin/python3
"""The same blog-copied sysctl file, linted offline (`check`) for two target kernels.

The rules must judge a configuration by the kernel it will run on: tcp_tw_recycle is a missing key
on 5.15 (delete the line) but a live hazard on 4.9 (turn it off); somaxconn = 1024 lowers 5.15's
default 4096 but raises 4.9's 128. Rules that need the live host must not fire offline.

    check_offline_test.py BINARY CONFIG_FILE
"""
import json
import subprocess
import sys

EXPECTED = {
    "5.15": {("tw-recycle-set-on-kernel-without-it", "error", 2),
             ("fin-timeout-does-not-shorten-time-wait", "notice", 3),
             ("somaxconn-below-default", "notice", 4),
             ("syn-backlog-no-effect-with-cookies", "notice", 5)},
    "4.9": {("tw-recycle-disable-nat", "error", 2),
            ("fin-timeout-does-not-shorten-time-wait", "notice", 3),
            ("syn-backlog-no-effect-with-cookies", "notice", 5)},
}


def main():
    binary, config = sys.argv[1:3]
    failures = []
    for kernel, want in sorted(EXPECTED.items()):
        p = subprocess.run([binary, "check", config, "--profile", "load-balancer", "--kernel", kernel,
                            "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode not in (0, 1):
            failures.append("kernel %s: check exited %d: %s" % (kernel, p.returncode, p.stderr.strip()))
            continue
        doc = json.loads(p.stdout)
        got = {(f["rule"], f["severity"], f["line"]) for f in doc["findings"] if f.get("line") is not None}
        for f in sorted(want - got):
            failures.append("kernel %s: missing %s (%s) at line %d" % ((kernel,) + f))
        for f in sorted(got - want):
            failures.append("kernel %s: unexpected %s (%s) at line %d" % ((kernel,) + f))
        live_only = {"tw-reuse-on-connecting-side", "upstream-connection-reuse", "somaxconn-raise"}
        for f in doc["findings"]:
            if f["rule"] in live_only and f.get("line") is not None:
                failures.append("kernel %s: %s needs the live host but fired offline" % (kernel, f["rule"]))
    if failures:
        print("FAIL check offline:")
        for f in failures:
            print("  - " + f)
        sys.exit(1)
    print("PASS check offline: the same file judged per target kernel")


if __name__ == "__main__":
    main()
