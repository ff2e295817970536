#!/usr/bin/env python3
"""The layering of DESIGN.md ("Layers: models at the bottom; readers; logic; renderers; the
program. A layer uses only layers below it. Libraries return results; only cli prints.") and the
BUILD files' private headers, checked on the source tree:

1. every advisor/ package's BUILD deps point to its own layer or a lower one (LAYERS below);
2. no file outside a package includes a header its BUILD lists in PRIVATE_HEADERS (g++ builds
   do not enforce Bazel's header privacy: a dependent compiles with them on its include path);
3. nothing under advisor/ but the program (cli) writes to std::cout or std::cerr, or to stdout or
   stderr with fprintf; and no library below the renderers takes a std::ostream& to print on (apply
   once did: apply_plan(..., out, err)); `operator<<` for a value type is formatting, not printing;
4. the engine and the renderers are pure: no file system call in advisor/engine or advisor/report
   (advisor/data reads the rule files, config and live the host).

Prints each violation as FILE:LINE: what, and exits 1 if there is any.
"""
import os
import re
import sys

# The layers, lowest first; DESIGN.md's "Layers" paragraph and README's "How it is built" say the same.
LAYERS = [
    ("models", ["core", "plan"]),
    ("readers", ["config", "config/yaml", "live", "data", "build_info"]),
    ("logic", ["engine", "check", "apply", "fleet"]),
    ("renderers", ["report"]),
    ("program", ["cli"]),
]
PURE = ("advisor/engine/", "advisor/report/")
FILE_IO = re.compile(r"\b(ifstream|ofstream|fopen|opendir|openat2?|read_regular_file|read_whole_file|directory_iterator|"
                     r"fs::exists|is_directory|is_regular_file|std::filesystem::exists)\b|[^_a-z]open\(")
RANK = {pkg: i for i, (_, pkgs) in enumerate(LAYERS) for pkg in pkgs}

# The one library line that prints, on purpose: the test-only pause of docs/apply.md ("Test-only
# hook"), written by the process itself so that a test can signal it mid-apply.
PRINTS_ALLOWED = {"advisor/apply/interrupt.cc": "test pause after write"}


def workspace_root():
    # Under bazel test, runfiles are links into the source tree: follow this package's BUILD back
    # to it. Run by hand (python3 tests/structure/architecture_test.py), the script's own place.
    if "TEST_SRCDIR" in os.environ:
        here = os.path.realpath(os.path.join(os.environ["TEST_SRCDIR"], os.environ.get("TEST_WORKSPACE", "sysctl_advisor"),
                                             "tests/structure/BUILD"))
    else:
        here = os.path.realpath(__file__)
    return os.path.dirname(os.path.dirname(os.path.dirname(here)))


def main():
    root = workspace_root()
    problems = []
    packages = {}
    for dirpath, _, files in os.walk(os.path.join(root, "advisor")):
        if "BUILD" in files:
            packages[os.path.relpath(dirpath, os.path.join(root, "advisor"))] = os.path.join(dirpath, "BUILD")
    for pkg in packages:
        if pkg not in RANK:
            problems.append(f"advisor/{pkg}/BUILD: package in no layer (add it to tests/structure/architecture_test.py LAYERS and DESIGN.md)")

    private = {}  # "advisor/engine/defines.h" -> "engine"
    for pkg, build in packages.items():
        text = open(build).read()
        for lineno, line in enumerate(text.splitlines(), 1):
            for dep in re.findall(r'"//advisor/([a-z_/]+)', line):
                if pkg in RANK and dep in RANK and RANK[dep] > RANK[pkg]:
                    problems.append(f"advisor/{pkg}/BUILD:{lineno}: {pkg} ({LAYERS[RANK[pkg]][0]}) depends on {dep} "
                                    f"({LAYERS[RANK[dep]][0]}), a higher layer")
        m = re.search(r"PRIVATE_HEADERS\s*=\s*\[([^\]]*)\]", text)
        if m:
            for h in re.findall(r'"([^"]+)"', m.group(1)):
                private[f"advisor/{pkg}/{h}"] = pkg

    for top in ("advisor", "tests", "fuzz", "bench", "packaging"):
        for dirpath, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel_dir = os.path.relpath(dirpath, root)
            for f in files:
                if not f.endswith((".cc", ".h")):
                    continue
                rel = os.path.join(rel_dir, f)
                for lineno, line in enumerate(open(os.path.join(dirpath, f), errors="replace"), 1):
                    inc = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                    if inc and inc.group(1) in private and rel_dir != os.path.dirname(inc.group(1)):
                        problems.append(f"{rel}:{lineno}: includes {inc.group(1)}, private to advisor/{private[inc.group(1)]} "
                                        "(its BUILD's PRIVATE_HEADERS)")
                    code = line.split("//", 1)[0]
                    if rel.startswith(PURE) and FILE_IO.search(code):
                        problems.append(f"{rel}:{lineno}: file system call in a pure layer ({code.strip()[:60]})")
                    if top == "advisor" and not rel.startswith("advisor/cli/") and re.search(r"std::(cout|cerr)\b", line):
                        problems.append(f"{rel}:{lineno}: writes to std::cout/std::cerr outside advisor/cli "
                                        "(libraries return results; the program prints)")
                    if (top == "advisor" and not rel.startswith("advisor/cli/") and
                            re.search(r"\bf?printf\s*\(\s*(stdout|stderr)|\b(puts|perror)\s*\(", line) and
                            PRINTS_ALLOWED.get(rel, "\0") not in line):
                        problems.append(f"{rel}:{lineno}: prints to stdout/stderr outside advisor/cli "
                                        "(libraries return results; the program prints)")
                    if (top == "advisor" and not rel.startswith(("advisor/cli/", "advisor/report/")) and
                            re.search(r"std::ostream&", line) and "operator<<" not in line):
                        problems.append(f"{rel}:{lineno}: takes a std::ostream& below the renderers "
                                        "(return the result or the messages; advisor/cli prints them)")
    for p in problems:
        print(p)
    print(f"{len(packages)} packages, {len(private)} private headers, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
