#include "advisor/check/lint_ids.h"

#include <algorithm>

#include "advisor/check/source_units.h"
#include "advisor/config/line_parser.h"
#include "advisor/config/yaml/sysctl_sources.h"
#include "advisor/config/yaml/yaml_doc.h"

namespace sa::check {
namespace {

const char* const kLoaderRefs[] = {"procps src/sysctl.c: Preload(), parse_setting_line()",
                                   "systemd src/sysctl/sysctl.c: parse_file(); man/sysctl.d.xml"};

plan::RuleInfo syntax(const char* id, const char* title, const char* help) {
  return {id, title, help, {kLoaderRefs[0], kLoaderRefs[1]}, Severity::error, true};
}

std::vector<plan::RuleInfo> build() {
  namespace c = config::code;
  std::vector<plan::RuleInfo> v = {
      syntax(c::kMissingEquals, "Line is not 'key = value'",
             "Both loaders split a line at its first '='. A line without one is skipped at boot "
             "(systemd logs 'Line is not an assignment, ignoring'; procps 'invalid syntax, continuing...')."),
      // Both seen in unshare -n -m with the sysctl folders bind-mounted over (systemd 252, procps 4.0.2).
      syntax(c::kEmptyKey, "Assignment without a key",
             "A line '= value' names no key, and both loaders still try to write it and fail: "
             "systemd-sysctl logs \"Couldn't write '5' to '': Is a directory\", procps 'Path is not "
             "under /proc/sys/'; both exit 1, so systemd-sysctl.service is reported failed."),
      syntax(c::kInvalidKey, "Key with characters no sysctl has",
             "Sysctl names are letters, digits, '_', '-', '.', '/' (and interface names). Anything else "
             "is a typo or a pasted command and never reaches the kernel."),
      syntax(c::kBlankAfterDash, "Blank after the '-' prefix",
             "'- key = value': the loaders disagree on the blank after '-' (see docs/loaders.md)."),
      syntax(c::kEmptyValue, "Empty value", "'key =' writes an empty string, which most integer sysctls refuse."),
      syntax(c::kInlineComment, "Comment after a value",
             "Neither loader strips a '#' after the value: 'key = 37 # note' writes '37 # note' to the "
             "kernel. An integer key stores its numbers and ignores the rest (37, applied by both "
             "loaders), a string key takes the whole text ('cubic # x' is refused). Put the comment "
             "on the line before, where every reader sees it is one."),
      syntax(c::kLineTooLong, "Line longer than a sysctl write", "The kernel takes at most one page per write."),
      syntax(c::kBinaryLine, "Binary data in a sysctl file", "NUL or control bytes: not a text file."),
      syntax(c::kLoaderSplitLine, "Line the two loaders read differently",
             "systemd-sysctl ends a line at CR and NUL as well as LF (src/basic/fileio.c read_line_full); "
             "procps reads to LF and stops the line at a NUL. '# note\\r net.ipv4.ip_forward = 1' is a "
             "comment to procps and an assignment to systemd-sysctl: reviewers see a comment, the host "
             "changes at boot."),
      syntax(c::kFileCut, "Line that stops systemd-sysctl reading the file",
             "A line of 1 MiB or more makes systemd-sysctl log 'Failed to read file' and skip the rest of the file."),
      syntax(c::kNotUtf8, "Text that is not UTF-8", "Bytes that are not UTF-8 in a sysctl file."),
      syntax(c::kUnreadableFile, "File cannot be read", "The loader cannot read this file at boot either."),
      syntax(c::kUnreadableFolder, "Folder cannot be read", "The loader cannot list this folder at boot either."),
      syntax(c::kNotAFile, "Not a regular file", "Only regular files are read."),
      syntax(c::kNotAFolder, "Not a folder", "A sysctl.d path that is not a folder."),
      {c::kTooManyProblems, "More problems in a file than are shown",
       "After 50 problems in one file the rest are counted, not listed: a file with that many is "
       "usually not a sysctl file at all (a binary, a script, another format). Its severity is that "
       "of the worst problem not shown.",
       {kLoaderRefs[0], kLoaderRefs[1]}, Severity::error, true},
      {lint::kSyntaxError, "Line the loaders cannot read",
       "A problem reading a sysctl file that came without a more precise id; the message says what "
       "was expected.",
       {kLoaderRefs[0], kLoaderRefs[1]}, Severity::error, true},
      {lint::kUnknownKey, "Key that is no sysctl",
       "The key is not in the catalog and looks like a typo of one that is, or its first component "
       "is no sysctl folder (abi, crypto, debug, dev, fs, kernel, net, sunrpc, user, vm). At boot "
       "the write fails and the setting never applies, quietly: systemd-sysctl logs \"Couldn't write "
       "..., ignoring\" and exits 0, procps `sysctl --system` skips it without a word (only `sysctl -p "
       "FILE` prints 'cannot stat /proc/sys/...' and exits 1).",
       {"Documentation/admin-guide/sysctl/index.rst"}, Severity::warning, true},
      {lint::kAbsentOnKernel, "Key that does not exist on the target kernel",
       "The catalog says the key was removed before, or added after, the target kernel: at boot "
       "the line fails quietly (systemd-sysctl: \"Couldn't write ..., ignoring\", exit 0; procps "
       "`sysctl --system`: not a word, exit 0), and the setting the author meant does not happen. "
       "net.ipv4.tcp_tw_recycle, removed in 4.12, is the usual one. A leading '-' makes the "
       "failure silent (notice).",
       {"commit 4396e46187ca \"tcp: remove tcp_tw_recycle\"", "rules/keys.toml: added/removed"}, Severity::error, true},
      {lint::kInvalidValue, "Value the kernel refuses",
       "Not an integer as the kernel reads one (proc_get_long: base 0, so 010 is 8 and 0x1e is "
       "30; no '+'), or outside what the key's handler takes: the kernel refuses the write with "
       "EINVAL at boot, leaving the previous value in place.",
       {"rules/keys.toml: type, min/max, kernel_min/kernel_max", "kernel/sysctl.c: proc_get_long(), proc_dointvec_minmax(), proc_dou8vec_minmax()"},
       Severity::error, true},
      {lint::kUndocumentedValue, "Value the kernel takes but does not document",
       "The kernel applies it at boot (its handler is wider than the documented values: "
       "tcp_syncookies and tcp_sack are bytes that take 0 to 255), but it means nothing the "
       "documentation promises: tcp_syncookies = 3 is not 'cookies for every SYN'. Write a "
       "documented value so that readers know what the host does.",
       {"rules/keys.toml: min/max, values, kernel_min/kernel_max", "kernel/sysctl.c: proc_dou8vec_minmax()"},
       Severity::warning, true},
      {lint::kDuplicateKey, "Key assigned twice in one file",
       "Only the last assignment takes effect at boot; the earlier line is dead text that readers "
       "will believe.",
       {kLoaderRefs[0], kLoaderRefs[1]}, Severity::warning, true},
      {lint::kShadowedKey, "Key overridden by a later file",
       "Files are applied in load order (systemd-sysctl: by file name across /etc, /run, "
       "/usr/local/lib, /usr/lib, a name in /etc masking the same name elsewhere; procps "
       "--system: the same folders, then /etc/sysctl.conf last). The last assignment wins at "
       "boot; this one never takes effect.",
       {kLoaderRefs[0], kLoaderRefs[1]}, Severity::warning, true},
      {lint::kHiddenFile, "File never read: a file of the same name comes first",
       "Both loaders read each file name once: a name in /etc/sysctl.d hides the same name in /run, "
       "/usr/local/lib and /usr/lib (a link to /dev/null masks it on purpose). None of this file's "
       "lines apply at boot.",
       {"systemd src/basic/conf-files.c: conf_files_list_strv()", "procps src/sysctl.c: PreloadSystem()"},
       Severity::info, true},
      {lint::kUnusedSuppression, "Suppression that silences nothing",
       "A '# sysctl-advisor: ignore RULE -- reason' comment whose rule reports nothing on its line or "
       "the next: stale, or a typo in the rule id. Remove it.",
       {"docs/check.md"}, Severity::warning, true},
      {lint::kBadSuppression, "Suppression comment that does not parse",
       "Expected '# sysctl-advisor: ignore RULE-ID -- reason'.", {"docs/check.md"}, Severity::warning, true},
      {lint::kBadMapping, "Mistake in .sysctl-advisor.toml",
       "The mapping file maps path globs to the profile, kernel and loader of each host group.",
       {"docs/check.md"}, Severity::error, true},
      {lint::kMappingMatchesNothing, "Mapping glob that matches nothing",
       "A path glob in .sysctl-advisor.toml matches no file or folder: the group is not checked "
       "at all, which a CI gate must not hide.",
       {"docs/check.md"}, Severity::error, true},
      {lint::kUnmappedFile, "Sysctl file no host group covers",
       "A *.conf file under a sysctl.d folder (or a sysctl.conf) that no group of "
       ".sysctl-advisor.toml maps, so nothing checks it.",
       {"docs/check.md"}, Severity::notice, true},
      {config::yaml::kYamlSyntax, "Malformed YAML",
       "The file mentions sysctls but is not valid YAML: Ansible, kubectl and Compose refuse it "
       "just the same. Documents before a syntax error are still checked, none of the file when it "
       "is not UTF-8 or holds a control character (never given to the parser); the rest of the "
       "repository is checked either way.",
       {"YAML 1.2 (yaml.org/spec/1.2.2)", "libfyaml"}, Severity::error, true},
      {config::yaml::kBadSysctlEntry, "Sysctl entry of the wrong shape",
       "Kubernetes wants spec.securityContext.sysctls as a list of {name, value}; Compose wants "
       "sysctls as a map or a list of \"key=value\". An entry of another shape is refused by the "
       "API server or by Compose.",
       {"k8s.io/api core/v1 types.go: PodSecurityContext.Sysctls, Sysctl",
        "compose-spec: services.sysctls"},
       Severity::error, true},
      {lint::kNotNamespaced, "Key a pod or container cannot set",
       "A pod or container gets its own network (and IPC) namespace; only sysctls the kernel keeps "
       "per namespace exist there. The kubelet accepts only kernel.shm*, kernel.msg*, kernel.sem, "
       "fs.mqueue.* and net.* (others: SysctlForbidden), Docker and Compose the same list (others: "
       "the container is not created), and a net.* key the kernel keeps global (e.g. "
       "net.core.netdev_max_backlog, net.ipv4.tcp_mem) does not exist in a child namespace, so the "
       "runtime's write fails and the container does not start. Set such keys on the node.",
       {"kubernetes pkg/kubelet/sysctl/namespace.go: NamespacedBy()",
        "moby opts/opts.go: ValidateSysctl()",
        "net/core/sysctl_net_core.c: net_core_table registered for init_net only",
        "rules/keys.toml: per_netns_since"},
       Severity::error, true},
      {lint::kSysctlForbidden, "Unsafe sysctl the kubelet does not allow",
       "The kubelet lets pods set only its safe sysctls (a list that grew by release) and the "
       "patterns given to --allowed-unsafe-sysctls; a pod asking for any other key is scheduled, "
       "then rejected by the node with reason SysctlForbidden. Allow it on the nodes that run the "
       "pod, or set it on the node instead.",
       {"kubernetes pkg/kubelet/sysctl/safe_sysctls.go: safeSysctls",
        "kubernetes pkg/kubelet/sysctl/allowlist.go: patternAllowlist.validateSysctl()",
        "rules/orchestrators/kubernetes.toml"},
       Severity::error, true},
  };
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return v;
}

const std::vector<plan::RuleInfo>& table() {
  static const std::vector<plan::RuleInfo> t = build();
  return t;
}

}  // namespace

const plan::RuleInfo* lint_info(std::string_view id) {
  const auto& t = table();
  auto it = std::lower_bound(t.begin(), t.end(), id, [](const plan::RuleInfo& r, std::string_view k) { return r.id < k; });
  return it != t.end() && it->id == id ? &*it : nullptr;
}

std::vector<std::string> lint_ids() {
  std::vector<std::string> out;
  for (const auto& r : table()) out.push_back(r.id);
  return out;
}

std::vector<std::string> per_file_lint_ids() {
  return {lint::kAbsentOnKernel, lint::kDuplicateKey, lint::kInvalidValue, lint::kShadowedKey, lint::kUndocumentedValue,
          lint::kUnknownKey};
}

}  // namespace sa::check
