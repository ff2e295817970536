#!/usr/bin/env python3
"""Diagnostic codes are spelled once, as registry constants, and every code is explainable.

usage: code_literals.py IDS_FILE SOURCE_DIR...

IDS_FILE is the output of `sysctl-advisor rules --ids` (the first word of each line is an id that
`explain` shows). The C++ sources under each SOURCE_DIR (files named *_test* skipped) are scanned
for the places a diagnostic code or a finding id is given:

  d.code = ...;   f.rule = ...;   d.code == ...
  {Severity::error, CODE, ...}                        (a Diagnostic built in place)
  make_error(src, at, CODE, ...), report(s, e, CODE, ...), error(...), error_at(...), fail(...)

A string literal there is a failure: a kebab-case one anywhere in the statement (or any word in the
code's own position), named by file:line with what to do. A constant there (`diag::kWrongType`,
`lint::kShadowedKey`) is resolved through the `inline constexpr const char* kX = "..."` definitions
of the sources, and its value must be listed in IDS_FILE. Every constant of
advisor/core/diagnostic_codes.h must be listed too, so a code added there without its row fails.

Limits: an id built at run time (`"proc-" + name`), or passed through a variable, is not seen; the
end-to-end half of this guard (explain_ids_test.sh) runs commands on broken inputs for those.
"""
import os
import re
import sys

KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")  # at least one dash: "wrong-type"
WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")  # also one word: "syntax"
CONST = re.compile(r'inline\s+constexpr\s+const\s+char\s*\*\s*(k\w+)\s*=\s*"([^"\\]*)"\s*;')
IDENT = re.compile(r"\b(?:\w+::)*(k[A-Z]\w*)\b")
ASSIGN = re.compile(r"(?:\.|->)(code|rule)\s*(==|=(?!=))")
COMPARE_REV = re.compile(r'"([^"\\\n]*)"\s*==\s*[\w.>-]*\bcode\b')
BRACE = re.compile(r"\{\s*Severity::\w+\s*,\s*")
CALL = re.compile(r"(?<![\w:])(?:[\w.]+(?:\.|->))?(make_error|report|error|error_at|fail|file_diag|file_error)\s*\(")
CODE_ARG = {"make_error": 2, "report": 2}  # the code's own position in these calls


def strip_comments(text):
    """Comments become blanks (line numbers kept); string literals are left alone."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif c == "'" and i + 2 < n:  # a char literal: '"' must not open a string
            j = text.find("'", i + 2 if text[i + 1] == "\\" else i + 1)
            j = j if j != -1 else i + 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j == -1 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j == -1 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def end_of(text, start, closers):
    """Index of the first of `closers` at nesting depth 0 from `start`, skipping literals."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0 and c in closers:
                return i
            depth -= 1
        elif depth == 0 and c in closers:
            return i
        i += 1
    return n


def split_args(text, start):
    """Top-level arguments of a call whose '(' ends just before `start`: [(offset, text)]."""
    args, i = [], start
    while True:
        j = end_of(text, i, ",)")
        args.append((i, text[i:j]))
        if j >= len(text) or text[j] == ")":
            return args
        i = j + 1


def literals(text, base):
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        yield base + m.start(), m.group(1)


def main():
    ids_file, dirs = sys.argv[1], sys.argv[2:]
    with open(ids_file) as f:
        ids = {line.split()[0] for line in f if line.strip()}
    files = []
    for d in dirs:
        for root, _, names in os.walk(d, followlinks=True):
            files += [os.path.join(root, n) for n in names if n.endswith((".cc", ".h")) and "_test" not in n]
    texts = {}
    constants = {}  # name -> {(value, file, line)}
    for path in sorted(files):
        with open(path, encoding="utf-8", errors="replace") as f:
            texts[path] = strip_comments(f.read())
        for m in CONST.finditer(texts[path]):
            line = texts[path].count("\n", 0, m.start()) + 1
            constants.setdefault(m.group(1), set()).add((m.group(2), path, line))

    problems = []

    def line_of(text, offset):
        return text.count("\n", 0, offset) + 1

    def literal_problem(path, text, offset, value, why):
        where = "%s:%d" % (path, line_of(text, offset))
        if value in ids:
            problems.append('%s: %s "%s" as a literal: use its registry constant (diag::k... in '
                            "advisor/core/diagnostic_codes.h, or the lint's in check/lint_ids.h)" % (where, why, value))
        else:
            problems.append('%s: %s "%s" is not registered: add a constant to advisor/core/diagnostic_codes.h '
                            "and its row to code_registry.cc (or a lint to check/lint_ids.cc)" % (where, why, value))

    def check_segment(path, text, start, end, any_word_at=None):
        seg = text[start:end]
        for off, value in literals(seg, start):
            if KEBAB.match(value) or (any_word_at is not None and any_word_at[0] <= off < any_word_at[1] and WORD.match(value)):
                literal_problem(path, text, off, value, "diagnostic code")
        for m in IDENT.finditer(seg):
            for value, cpath, cline in sorted(constants.get(m.group(1), ())):
                if WORD.match(value) and value not in ids:
                    problems.append('%s:%d: %s = "%s" (%s:%d) is given as a diagnostic code but `explain` does not know it: '
                                    "add its row to advisor/core/code_registry.cc" % (path, line_of(text, start + m.start()),
                                                                                       m.group(1), value, cpath, cline))

    for path, text in texts.items():
        for m in ASSIGN.finditer(text):
            end = end_of(text, m.end(), ";)")
            word = re.match(r'\s*"([^"\\\n]*)"\s*(;|\))', text[m.end():end + 1]) if m.group(1) == "code" else None
            check_segment(path, text, m.end(), end, (m.end(), end) if word else None)
        for m in COMPARE_REV.finditer(text):
            if WORD.match(m.group(1)):
                literal_problem(path, text, m.start(), m.group(1), "diagnostic code")
        for m in BRACE.finditer(text):
            end = end_of(text, m.end(), ",}")
            check_segment(path, text, m.end(), end, (m.end(), end))
        for m in CALL.finditer(text):
            args = split_args(text, m.end())
            pos = CODE_ARG.get(m.group(1))
            for k, (off, arg) in enumerate(args):
                own = pos == k and re.fullmatch(r'\s*"[^"]*"\s*', arg)
                check_segment(path, text, off, off + len(arg), (off, off + len(arg)) if own else None)

    for name, defs in constants.items():
        for value, path, line in defs:
            if path.endswith("core/diagnostic_codes.h") and value not in ids:
                problems.append('%s:%d: %s = "%s" has no row in advisor/core/code_registry.cc (`explain %s` fails)'
                                % (path, line, name, value, value))

    for p in sorted(set(problems)):
        print("FAIL: " + p)
    print("%d files scanned, %d ids known, %d problems" % (len(texts), len(ids), len(set(problems))))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
