#!/usr/bin/env python3
"""Writes sysctl-advisor(1) and the bash completion from the binary's own --help texts, so the
three say the same thing (one source: the usage strings and option tables in advisor/cli).

usage: gen_docs.py BINARY VERSION OUT_MAN OUT_COMPLETION
"""
import re
import subprocess
import sys

OPTION = re.compile(r"^  (-\w \[ )?--([a-z][a-z0-9-]*)( \])?( arg)?(?: \(=[^)]*\))?(?:\s+(.*))?$")


def run_help(binary, *args):
    out = subprocess.run([binary, *args, "--help"], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    return out.stdout


def parse_main(text):
    """(description lines, [(command, summary)], tail lines after the command list)."""
    lines = text.splitlines()
    desc, commands, tail, where = [], [], [], "head"
    for line in lines[1:]:
        if line == "commands:":
            where = "commands"
        elif where == "commands" and line.startswith("  "):
            name, summary = line.strip().split(None, 1)
            commands.append((name, summary))
        elif where == "commands":
            where = "tail"
        elif where == "head":
            desc.append(line)
        if where == "tail":
            tail.append(line)
    return desc, commands, tail


def parse_command(text):
    """(usage lines, description lines, [(option, short, takes_arg, help)])."""
    usage, desc, options, part = [], [], [], "usage"
    for line in text.splitlines():
        if part == "usage":
            if line.strip():
                usage.append(line.strip())
                continue
            part = "desc"
        elif part == "desc":
            if re.match(r"^[a-z ]*options:$", line):
                part = "options"
            else:
                desc.append(line)
        elif part == "options":
            m = OPTION.match(line)
            if m:
                short = m.group(1)[1:2] if m.group(1) else None
                options.append([m.group(2), short, bool(m.group(4)), (m.group(5) or "").strip()])
            elif line.startswith("   ") and options:
                options[-1][3] += " " + line.strip()
            elif re.match(r"^[a-z ]*options:$", line) or not line.strip():
                continue
    return usage, desc, options


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def paragraphs(lines):
    out, cur = [], []
    for line in lines:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def man_page(version, main_desc, commands, tail, per_command):
    m = ['.TH SYSCTL\\-ADVISOR 1 "" "sysctl-advisor %s" "User Commands"' % version,
         ".SH NAME", "sysctl\\-advisor \\- advise on, apply and check Linux TCP sysctl settings",
         ".SH SYNOPSIS", ".B sysctl\\-advisor", ".I COMMAND", "[\\fIOPTIONS\\fR]",
         ".br", ".B sysctl\\-advisor \\-\\-version", ".SH DESCRIPTION"]
    for p in paragraphs(main_desc):
        m += [".PP", roff(p)]
    m.append(".SH COMMANDS")
    for name, summary in commands:
        usage, desc, options = per_command[name]
        m += [".SS %s" % roff(name), roff(summary) + ".", ".PP", ".nf"]
        m += [roff(u) for u in usage]
        m.append(".fi")
        for p in paragraphs(desc):
            m += [".PP", roff(p)]
        for opt, short, arg, help_text in options:
            flag = "\\fB\\-\\-%s\\fR" % opt.replace("-", "\\-")
            if short:
                flag = "\\fB\\-%s\\fR, %s" % (short, flag)
            if arg:
                flag += " \\fIVALUE\\fR"
            m += [".TP", flag, roff(help_text)]
    m += [".SH GLOBAL OPTIONS AND ENVIRONMENT"]
    for p in paragraphs(tail):
        m += [".PP", roff(p)]
    m += [".SH FILES",
          ".TP", "\\fI/usr/share/sysctl\\-advisor/rules\\fR, \\fI/usr/share/sysctl\\-advisor/profiles\\fR",
          "The shipped rules (with the key catalog \\fIkeys.toml\\fR and \\fIVERSION\\fR) and profiles.",
          ".TP", "\\fI/etc/sysctl\\-advisor/rules\\fR, \\fI/etc/sysctl\\-advisor/profiles\\fR",
          "Operator overrides: a file of the same name replaces the shipped file, a rule with the same id "
          "replaces the shipped rule, a catalog key of the same name replaces the shipped key, a profile "
          "replaces the shipped profile of the same name.",
          ".TP", "\\fI/var/lib/sysctl\\-advisor\\fR", "Journal of applies and rollbacks (state).",
          ".TP", "\\fI/etc/sysctl.d/90\\-sysctl\\-advisor.conf\\fR", "Where \\fBapply\\fR persists its values.",
          ".SH ENVIRONMENT",
          ".TP", "\\fBNO_COLOR\\fR", "When set and not empty, output is never coloured.",
          ".TP", "\\fBSYSCTL_ADVISOR_DATA\\fR", "A folder holding \\fIrules/\\fR and \\fIprofiles/\\fR to use instead of the installed ones.",
          ".TP", "\\fBSYSCTL_ADVISOR_ETC\\fR", "The override folder instead of \\fI/etc/sysctl\\-advisor\\fR.",
          ".SH SEE ALSO", "\\fBsysctl\\fR(8), \\fBsysctl.d\\fR(5), \\fBsystemd\\-sysctl\\fR(8), \\fBtcp\\fR(7)"]
    return "\n".join(m) + "\n"


def completion(commands, per_command):
    cases = []
    for name, _ in commands:
        opts = " ".join("--" + o[0] for o in per_command[name][2])
        with_arg = "|".join("--" + o[0] for o in per_command[name][2] if o[2])
        cases.append("    %s) opts=\"%s\"; with_arg=\"%s\" ;;" % (name, opts, with_arg))
    return """# bash completion for sysctl-advisor; generated from its --help texts by packaging/gen_docs.py.
# Profile names, every id (rules --ids: rules, lints, diagnostic codes) and catalog keys are asked
# from the installed tool, so /etc overrides count.
_sysctl_advisor_data() {  # the rules folder the tool reads (its --version says which)
  "$1" --version 2>/dev/null | sed -n 's/^rules: .* (\\(.*\\))$/\\1/p'
}
_sysctl_advisor() {
  local cur prev words cword
  _init_completion 2>/dev/null || { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
  local bin=${words[0]} cmd="" i
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in --*) ;; *) cmd=${words[i]}; break ;; esac
  done
  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "%s --help --version --quiet" -- "$cur"))
    return
  fi
  local opts="" with_arg=""
  case $cmd in
%s
  esac
  case $prev in
    --profile) COMPREPLY=($(compgen -W "$("$bin" profiles 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "text json markdown sarif junit github prometheus jsonl" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning notice" -- "$cur")); return ;;
    --loader) COMPREPLY=($(compgen -W "systemd procps" -- "$cur")); return ;;
    --name) cmd=explain ;;
    *)
      if [ -n "$with_arg" ] && eval "case \\$prev in $with_arg) true ;; *) false ;; esac"; then
        COMPREPLY=($(compgen -f -- "$cur")); return
      fi ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts --quiet" -- "$cur"))
  elif [ "$cmd" = explain ]; then
    local data; data=$(_sysctl_advisor_data "$bin")
    COMPREPLY=($(compgen -W "$("$bin" rules --ids 2>/dev/null | awk '{print $1}') $("$bin" profiles 2>/dev/null | awk '{print $1}') $(sed -n 's/^name = "\\(.*\\)"$/\\1/p' "$data/keys.toml" /etc/sysctl-advisor/rules/keys.toml 2>/dev/null)" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _sysctl_advisor sysctl-advisor
""" % (" ".join(c for c, _ in commands), "\n".join(cases))


def main():
    binary, version, out_man, out_completion = sys.argv[1:5]
    main_desc, commands, tail = parse_main(run_help(binary))
    per_command = {name: parse_command(run_help(binary, name)) for name, _ in commands}
    with open(out_man, "w") as f:
        f.write(man_page(version, main_desc, commands, tail, per_command))
    with open(out_completion, "w") as f:
        f.write(completion(commands, per_command))


if __name__ == "__main__":
    main()
