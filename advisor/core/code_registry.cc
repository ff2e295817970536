#include "advisor/core/code_registry.h"

#include <algorithm>

namespace sa {
namespace {

using namespace diag;

// Who reports each family, as `explain` prints it under "reported by".
constexpr std::string_view kData =
    "every command that loads the rules: rules/*.toml, rules/keys.toml, rules/writers.toml, "
    "rules/apply-deny.toml, profiles/*.toml and --local-rules files (exit 2)";
constexpr std::string_view kRules = "every command that loads the rules: rules/*.toml and --local-rules files (exit 2)";
constexpr std::string_view kCatalog = "every command that loads the rules: the key catalog rules/keys.toml (exit 2)";
constexpr std::string_view kProfiles = "every command that loads the rules: profiles/*.toml (exit 2)";
constexpr std::string_view kWriters = "every command that loads the rules: rules/writers.toml (exit 2)";
constexpr std::string_view kDeny = "apply --plan FILE: rules/apply-deny.toml (exit 2)";
constexpr std::string_view kProc = "plan, apply, snapshot, drift: reading the host's /proc (--root DIR: DIR/proc)";
constexpr std::string_view kSnapshot = "plan, report and apply --snapshot FILE (exit 2)";

constexpr std::string_view kRuleFormat = "docs/rule-format.md";
constexpr std::string_view kSnapshotDoc = "docs/snapshot.md";

std::vector<CodeInfo> build() {
  std::vector<CodeInfo> v = {
      // ---- rule, profile, catalog, writers and deny-list files
      {kTomlSyntax, Severity::error, kData, "File that is not valid TOML",
       "The file does not parse as TOML (an unclosed string or table header, a key given twice, a "
       "bare word as a value). Nothing else of it is checked: fix the place the caret points at.",
       {"TOML 1.0 (toml.io/en/v1.0.0)", kRuleFormat}},
      {kTomlTooManyProblems, Severity::error, kData, "More errors in a file than are shown",
       "After 50 errors in one rule, profile, catalog, writers or deny-list file the rest are not "
       "listed, and each shown line is cut to 240 bytes: a file of junk (or not of this format at all) "
       "costs bounded time and memory. Fix the ones shown and load again.",
       {kRuleFormat, "docs/hostile-inputs.md"}},
      {kMissingField, Severity::error, kData, "Required field missing",
       "A table lacks a field it must have (a rule's id, title, condition or severity; a key's "
       "summary; a default's value; a define's description). The message names the field and its type.",
       {kRuleFormat}},
      {kWrongType, Severity::error, kData, "Field of the wrong type",
       "A field holds another TOML type than the one expected (a string where a list of strings goes, "
       "a table where an array of tables goes). The message says what was expected and what was found.",
       {kRuleFormat}},
      {kUnknownField, Severity::error, kData, "Field or table the format does not have",
       "A field no table of this file has: usually a typo ('referenecs'), which would otherwise be "
       "silently ignored. Fields are listed in docs/rule-format.md.",
       {kRuleFormat}},
      {kDuplicateId, Severity::error, kRules, "Rule id used twice",
       "Two rules have the same id, in one file or across files (--local-rules included). Ids name a "
       "rule in plans, suppressions and `explain`: each must be unique. Rename one.",
       {kRuleFormat}},
      {kDuplicateCatalogKey, Severity::error, kCatalog, "Key described twice in the catalog",
       "rules/keys.toml has two [[key]] tables with the same name; the message names the line of the "
       "first. Merge them into one. (Not `duplicate-key`, check's lint for a key assigned twice in one "
       "sysctl file.)",
       {kRuleFormat}},
      {kDuplicateProfile, Severity::error, kProfiles, "Profile defined twice",
       "Two profile files give the same name. Commands select a profile by name: each must be unique.",
       {kRuleFormat}},
      {kDuplicateDefine, Severity::error, kRules, "Define given twice in the shipped rules",
       "Two [[define]] tables of the shipped rules have the same name. An operator's --local-rules "
       "file may override a shipped define; the shipped rules themselves name each once.",
       {kRuleFormat}},
      {kBadId, Severity::error, kRules, "Rule id that is not kebab-case",
       "Rule ids are lower-case letters, digits and single dashes (`tw-reuse-connecting`): they are "
       "typed on command lines and in suppression comments.",
       {kRuleFormat}},
      {kBadSeverity, Severity::error, kRules, "Unknown severity",
       "A rule's severity is error, warning, notice or info.", {kRuleFormat}},
      {kBadPriority, Severity::error, kRules, "Priority out of range",
       "A rule's priority is an integer from 0 to 1000; when two rules want different values for one "
       "key, the higher priority wins.",
       {kRuleFormat}},
      {kBadValue, Severity::error, "every command that loads the rules: rules/*.toml and rules/keys.toml (exit 2)",
       "Value the key's catalog type refuses",
       "A rule's `set` value, or a catalog default, does not fit the key's type and range in "
       "rules/keys.toml: the kernel would refuse it with EINVAL.",
       {kRuleFormat, "rules/keys.toml: type/min/max"}},
      {kBadType, Severity::error, kCatalog, "Unknown key type in the catalog",
       "A catalog key's type is one of int, bool, enum, range, port-list, bitmask or string.", {kRuleFormat}},
      {kBadVersion, Severity::error, kCatalog, "Kernel version that does not look like one",
       "added, removed and per_netns_since are kernel versions like \"4.12\" (per_netns_since also "
       "\"never\"); versions are compared numerically, part by part.",
       {kRuleFormat}},
      {kBadKey, Severity::error, kData, "Text that is not a sysctl key",
       "A key in the catalog, writers.toml or apply-deny.toml is not a dotted sysctl name "
       "(letters, digits, '_', '-', '.'; the deny list also takes 'prefix.*').",
       {kRuleFormat}},
      {kBadName, Severity::error, kRules, "Define name that is not snake_case",
       "A [[define]] name is lower-case letters, digits and '_', and is no keyword (and, or, not, "
       "true, false, kernel, profile) or function name, so a condition reads it unambiguously.",
       {kRuleFormat}},
      {kBadPath, Severity::error, kWriters, "Path that is not absolute",
       "Paths in rules/writers.toml name files on the host: absolute, without '..'.", {"rules/writers.toml", "docs/writers.md"}},
      {kBadEnforces, Severity::error, kWriters, "Unknown 'enforces' in writers.toml",
       "A [[process]]'s 'enforces' can only name \"tuned\" (a daemon that re-applies another "
       "writer's settings).",
       {"rules/writers.toml", "docs/writers.md"}},
      {kBadNetnsStart, Severity::error, kCatalog, "Unknown netns_start",
       "What a new network namespace starts from: kernel-default, copied-from-init, computed-ehash, "
       "global or global-read-only.",
       {kRuleFormat, "docs/containers.md"}},
      {kNetnsContradiction, Severity::error, kCatalog, "netns_start and per_netns_since disagree",
       "netns_start says the key is global (one value for the machine) but per_netns_since names a "
       "version since which it is per namespace. Global keys have per_netns_since = \"never\".",
       {kRuleFormat, "docs/containers.md"}},
      {kKeyMismatch, Severity::error, kRules, "'key' and 'set' name different keys",
       "A rule that proposes a value ('set') is about that key; a separate 'key' field naming "
       "another is a mistake. Drop 'key' or make them equal.",
       {kRuleFormat}},
      {kKeyNotInCatalog, Severity::error, kRules, "Rule names a key the catalog does not describe",
       "A rule's condition, 'set' or 'key' names a sysctl that is not in rules/keys.toml (the "
       "message suggests the nearest one). Rules may only use described keys, so `explain`, value "
       "checks and kernel versions work for every key a rule touches: fix the typo or add the key "
       "to the catalog. (Not `unknown-key`, check's lint for a key in a sysctl file that is no sysctl.)",
       {kRuleFormat, "rules/keys.toml"}},
      {kUnknownProfile, Severity::error,
       "every command that loads the rules (a rule's 'profiles', a profile's 'extends'); plan, apply "
       "and check (--profile NAME, a group of .sysctl-advisor.toml) (exit 2)",
       "Profile that is not installed",
       "A name that should be a profile is none of profiles/*.toml: in a rule's 'profiles', a "
       "profile's 'extends', --profile or the 'profile' of a host group (check also reports a host "
       "group given no profile at all). The message suggests the nearest name; `sysctl-advisor "
       "profiles` lists them.",
       {kRuleFormat, "docs/check.md"}},
      {kUnknownTrait, Severity::error, kProfiles, "Trait not declared in generic.toml",
       "Every trait a profile sets must be declared, with its default, in profiles/generic.toml, the "
       "root every profile extends: rules read traits by name, and a typo would silently be another trait.",
       {kRuleFormat}},
      {kUnknownDefine, Severity::error, kRules, "Local define that overrides nothing",
       "A [[define]] in a --local-rules file must override one of the shipped rules (usually a typo of "
       "its name; the message suggests the nearest). A new name would be used by no rule.",
       {kRuleFormat}},
      {kTraitType, Severity::error, kProfiles, "Trait of another type than in generic.toml",
       "A profile gives a trait a value of another type (boolean, number, string) than generic.toml declares.",
       {kRuleFormat}},
      {kNameMismatch, Severity::error, kProfiles, "Profile name differs from its file name",
       "Commands select profiles by file name (--profile load-balancer reads load-balancer.toml), so "
       "the 'name' inside must be the same.",
       {kRuleFormat}},
      {kExtendsCycle, Severity::error, kProfiles, "Profiles that extend each other",
       "Following 'extends' leads back to the profile itself; the message shows the cycle. Inheritance "
       "must end at generic.",
       {kRuleFormat}},
      {kDefineCycle, Severity::error, kRules, "Define that uses itself",
       "A [[define]]'s value refers, directly or through other defines, back to itself: it has no value.",
       {kRuleFormat}},
      {kGenericExtends, Severity::error, kProfiles, "generic extends another profile",
       "generic.toml is the root of every profile and declares every trait: it cannot extend another.",
       {kRuleFormat}},
      {kNoGeneric, Severity::error, kProfiles, "No generic profile",
       "profiles/generic.toml is missing: every profile extends it, and it declares every trait with "
       "its default.",
       {kRuleFormat}},
      {kNoDeny, Severity::error, kDeny, "Empty deny list",
       "rules/apply-deny.toml has no [[deny]] entries. The keys a plan file may never change are a "
       "safety net; an empty one is refused rather than trusted.",
       {"rules/apply-deny.toml", "docs/apply.md"}},
      {kNoReason, Severity::error, kDeny, "Denied key without a reason",
       "Every [[deny]] entry says why the key may not be changed from a plan file; `apply` prints it "
       "when it refuses.",
       {"rules/apply-deny.toml", "docs/apply.md"}},
      {kNoNames, Severity::error, kWriters, "Process without names",
       "A [[process]] of rules/writers.toml lists the names it runs under; without them it is never found.",
       {"rules/writers.toml", "docs/writers.md"}},
      {kNoReference, Severity::error, kWriters, "Owned key without a source",
       "Every key a process of rules/writers.toml owns names the source (code or documentation) that "
       "shows the program writes it.",
       {"rules/writers.toml", "docs/writers.md"}},
      {kKnownKey, Severity::error, kCatalog, "Line of known-keys.txt that is no sysctl name",
       "rules/known-keys.txt lists sysctls that exist but are not described in the catalog (so check's "
       "unknown-key lint does not call them typos): one dotted key a line, '#' comments.",
       {"rules/known-keys.txt"}},
      {kSyntax, Severity::error, kRules, "Condition that does not parse",
       "A rule's or define's condition is not an expression of the rule language (an unbalanced "
       "parenthesis, a missing operand, an unknown operator). The caret points at the place.",
       {kRuleFormat, "sysctl-advisor rules --functions"}},
      {kCondition, Severity::error, kRules, "Condition that does not check",
       "A rule's condition parses but names an unknown function, key, trait or socket state, or "
       "calls a function with the wrong number or kind of arguments.",
       {kRuleFormat, "sysctl-advisor rules --functions"}},
      {kTemplate, Severity::error, kRules, "Reason template that does not parse or check",
       "A rule's 'reason' quotes facts in {...}: an unclosed brace, or an expression inside that "
       "does not check. Write {{ and }} for literal braces.",
       {kRuleFormat}},
      {kUnreadable, Severity::error, kData, "Data file that cannot be read",
       "A rule, profile or catalog file (or --local-rules file) cannot be opened or is not a regular "
       "file of a sane size. The message says why.",
       {kRuleFormat}},
      {kNoFolder, Severity::error, kData, "Rules or profiles folder missing",
       "The folder given with --rules or --profiles (or the installed one) is not a folder of *.toml files.",
       {kRuleFormat, "docs/packaging.md"}},

      // ---- the host
      {kProcFileMissing, Severity::warning, kProc, "A /proc file does not exist",
       "A file the advisor reads is absent (/proc/net/sockstat6 on a kernel without IPv6, a "
       "--root copy that lacks it). The facts it gives are unknown: rules that need them "
       "are reported as not evaluated, never silently false.",
       {kSnapshotDoc}},
      {kProcFileUnreadable, Severity::error, kProc, "A /proc file cannot be read",
       "The file exists but cannot be read (permissions, not a regular file under --root). Its facts "
       "are unknown and the rules that need them are not evaluated. Run as a user that may read it.",
       {kSnapshotDoc}},
      {kProcNoPrefix, Severity::error, kProc, "/proc line without its 'Prefix:'",
       "/proc/net/netstat, snmp and sockstat lines start with a prefix (\"TcpExt:\", \"TCP:\"); this "
       "one does not, so it is skipped. A kernel does not write that: a --root copy was edited or cut.",
       {kSnapshotDoc, "net/ipv4/proc.c: netstat_seq_show(), snmp_seq_show()"}},
      {kProcHeaderWithoutValues, Severity::error, kProc, "/proc header line without its values",
       "Counters come in pairs of lines, names then values, with the same prefix. The value line is "
       "missing (or, for nf_conntrack statistics, there are no per-CPU rows): those counters are unknown.",
       {kSnapshotDoc, "net/ipv4/proc.c: netstat_seq_show()"}},
      {kProcValueWithoutHeader, Severity::error, kProc, "/proc value line without its header",
       "A line of numbers with no line of names before it: the values cannot be named and are skipped.",
       {kSnapshotDoc}},
      {kProcColumnMismatch, Severity::error, kProc, "/proc names and values differ in number",
       "A header names N columns and its value line has another number of fields (or a sockstat name "
       "lacks its value). Columns differ between kernels and are matched by name, so the pair cannot "
       "be matched: it is skipped and its counters are unknown.",
       {kSnapshotDoc}},
      {kProcNumberOutOfRange, Severity::error, kProc, "/proc counter beyond 64 bits",
       "A counter does not fit a signed 64-bit integer; only that column is skipped.", {kSnapshotDoc}},
      {kProcNotANumber, Severity::error, kProc, "/proc counter that is not a number",
       "A value where an integer (hexadecimal in nf_conntrack statistics) belongs; only that column is skipped.",
       {kSnapshotDoc}},
      {kProcBadSocketRow, Severity::error, kProc, "Malformed row of /proc/net/tcp",
       "A socket row without the hex addresses, ports and state the kernel prints: it is skipped and "
       "not counted (after a few, one summary says how many). Happens with truncated copies.",
       {kSnapshotDoc, "net/ipv4/tcp_ipv4.c: tcp4_seq_show()"}},
      {kProcTooManyProblems, Severity::error, kProc, "More problems in a /proc file than are shown",
       "After 50 problems in one /proc file (netstat, snmp, sockstat, nf_conntrack statistics) the rest "
       "are counted, not listed, and each shown line is cut to 240 bytes: a file of junk (a truncated or "
       "hand-made copy under --root) costs bounded time and memory. Its severity is that of the worst "
       "problem not shown.",
       {kSnapshotDoc, "docs/hostile-inputs.md"}},
      {kSysctlBadValue, Severity::error, kProc, "Port range or reserved ports that do not parse",
       "net.ipv4.ip_local_port_range (two ports \"LOW HIGH\") or ip_local_reserved_ports (comma-"
       "separated ranges) reads as something else: the usable local port budget is unknown, or no "
       "reserved ports are subtracted from it.",
       {kSnapshotDoc, "Documentation/networking/ip-sysctl.rst: ip_local_port_range, ip_local_reserved_ports"}},
      {kNetlinkRefused, Severity::notice, kProc, "Socket census fell back to /proc/net/tcp",
       "The netlink sock_diag request (what `ss` uses) failed: no inet_diag module, a seccomp filter, "
       "or no permission. Sockets are counted from /proc/net/tcp and tcp6 instead: the same counts, "
       "slower on a busy host, and listeners' backlog limits are unknown.",
       {kSnapshotDoc, "net/core/sock_diag.c", "iproute2 misc/ss.c"}},

      // ---- snapshot files
      {kSnapshotUnreadable, Severity::error, kSnapshot, "Snapshot file cannot be read",
       "--snapshot names a file that cannot be opened, is not a regular file, or is too large.", {kSnapshotDoc}},
      {kSnapshotNotJson, Severity::error, kSnapshot, "Snapshot file is not JSON",
       "The file does not parse as JSON; line and column point at the error. A snapshot is written "
       "by `sysctl-advisor snapshot -o FILE`.",
       {kSnapshotDoc}},
      {kSnapshotWrongType, Severity::error, kSnapshot, "Snapshot field of the wrong type",
       "A field holds another JSON type than the schema says; the JSON pointer names it.", {kSnapshotDoc}},
      {kSnapshotMissingField, Severity::error, kSnapshot, "Required snapshot field missing",
       "A field the schema requires is missing; the JSON pointer names it.", {kSnapshotDoc}},
      {kSnapshotOutOfRange, Severity::error, kSnapshot, "Snapshot integer beyond 64 bits",
       "An integer does not fit a signed 64-bit counter.", {kSnapshotDoc}},
      {kSnapshotBadValue, Severity::error, kSnapshot, "Snapshot value outside its set",
       "A field with a fixed set of values (a diagnostic's severity) holds another.", {kSnapshotDoc}},
      {kSnapshotNotASnapshot, Severity::error, kSnapshot, "JSON that is not a snapshot",
       "The 'schema' is not sysctl-advisor/snapshot/vN: a plan, a config report or another document "
       "was given as --snapshot.",
       {kSnapshotDoc}},
      {kSnapshotNewerSchema, Severity::error, kSnapshot, "Snapshot from a newer sysctl-advisor",
       "The snapshot's schema version is newer than this program reads. Upgrade sysctl-advisor, or "
       "take the snapshot with the same version.",
       {kSnapshotDoc}},

      // ---- plan files and configuration models
      {kInvalidPlan, Severity::error, "apply --plan FILE (exit 2; nothing is changed)", "Plan file that is not a valid plan",
       "The file given to apply --plan is not a plan as `plan --format json` writes it (schema "
       "sysctl-advisor/plan/v1): the message names the JSON path and what was expected. Every "
       "problem is listed; nothing is applied from a plan that does not read.",
       {"docs/apply.md"}},
      {kInvalidConfigJson, Severity::error, kSnapshot, "Configuration model in a snapshot that does not read",
       "A snapshot's 'config' member (the sysctl files as `config --format json` reports them) has a "
       "wrong shape: the plan cannot say which file and line set a value.",
       {kSnapshotDoc}},

      // ---- check's inputs
      {kUnreadableInput, Severity::error, "sysctl-advisor check (exit 2)", "Path given to check cannot be checked",
       "A PATH argument or --root does not exist, is not a folder, or is a folder with no sysctl "
       "files (*.conf, YAML, scripts) that is not a host root either (no etc/sysctl.d, "
       "etc/sysctl.conf or usr/lib/sysctl.d). A CI gate that checks nothing must not pass: fix the "
       "path or the repository layout.",
       {"docs/check.md"}},
      {kBadOrchestratorData, Severity::error, "sysctl-advisor check (exit 2)", "Kubernetes sysctl data that does not read",
       "rules/orchestrators/kubernetes.toml (the kubelet's safe sysctls by release, the namespaced "
       "prefixes) is not valid TOML or has a [[safe]] entry without name and since.",
       {"rules/orchestrators/kubernetes.toml", "kubernetes pkg/kubelet/sysctl/safe_sysctls.go"}},

      // ---- findings of plans for another network namespace
      {kGlobalKeyInNetns, Severity::warning,
       "sysctl-advisor plan --netns (and plan inside a container); the severity of the rule whose change it replaces",
       "Key that is one value for the whole machine",
       "A rule proposed a key the kernel keeps once for every namespace (catalog: per_netns_since "
       "\"never\"): inside the namespace /proc/sys does not show it, or shows the host's value "
       "read-only, and no container runtime can set it. The change leaves the plan and becomes this "
       "advice: set it in the host's sysctl.d (on Kubernetes, on the node).",
       {"docs/containers.md", "net/sysctl_net.c: net_ctl_header_lookup()"}},
      {kHostConfigNotInNetns, Severity::warning, "sysctl-advisor plan --netns (and plan inside a container)",
       "Host setting that does not reach this namespace",
       "A per-namespace key is configured in the host's sysctl.d, but the namespace runs another "
       "value: boot-time loaders write the host's own namespace only, and a new namespace starts "
       "from the kernel default (or the value netns_start says). Set it for the container (a pod's "
       "securityContext.sysctls, docker run --sysctl).",
       {"docs/containers.md", "net/sysctl_net.c"}},
  };
  std::sort(v.begin(), v.end(), [](const CodeInfo& a, const CodeInfo& b) { return a.id < b.id; });
  return v;
}

}  // namespace

const std::vector<CodeInfo>& code_infos() {
  static const std::vector<CodeInfo> t = build();
  return t;
}

const CodeInfo* code_info(std::string_view id) {
  const auto& t = code_infos();
  auto it = std::lower_bound(t.begin(), t.end(), id, [](const CodeInfo& r, std::string_view k) { return r.id < k; });
  return it != t.end() && it->id == id ? &*it : nullptr;
}

}  // namespace sa
