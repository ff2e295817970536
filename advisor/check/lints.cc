#include "advisor/check/lints.h"

#include <algorithm>
#include <set>

#include "advisor/check/lint_ids.h"
#include "advisor/config/file_discovery.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/version.h"

namespace sa::check {
namespace {

Raw make(const config::ConfigSet& cs, const config::Assignment& a, Severity sev, const char* rule, std::string message,
         std::string reason, Column col) {
  Raw r;
  r.finding.rule = rule;
  r.finding.severity = sev;
  r.finding.key = std::string(a.key.data(), a.key.size());
  r.finding.message = std::move(message);
  r.finding.reason = std::move(reason);
  r.finding.at = plan::Origin{cs.file_of(a), a.line};
  if (const plan::RuleInfo* info = lint_info(rule)) r.finding.references = info->references;
  r.column = col;
  return r;
}

// Files a distribution or the runtime owns: overriding them from /etc is the intended use.
bool is_vendor_file(const std::string& path) {
  for (const char* dir : config::kSysctlDirs) {
    if (!config::is_vendor_sysctl_dir(dir)) continue;
    std::string d = std::string(dir) + "/";
    if (path.find(d) != std::string::npos || path.compare(0, d.size() - 1, d.substr(1)) == 0) return true;
  }
  return false;
}

// What each loader does at boot with a line whose key /proc/sys does not have. Seen in `unshare -n
// -m` with the sysctl folders bind-mounted over: procps 4.0.2 `sysctl --system` says nothing and
// exits 0 (main() sets IgnoreError for --system, and WriteSetting() warns "cannot stat" only
// without it); `sysctl -p FILE` prints "sysctl: cannot stat /proc/sys/net/ipv4/tcp_tw_recycle: No
// such file or directory" and exits 1; systemd 252's systemd-sysctl logs "Couldn't write '1' to
// 'net/ipv4/tcp_tw_recycle', ignoring: No such file or directory" and exits 0.
std::string missing_key_at_boot(config::Loader loader) {
  return loader == config::Loader::procps
             ? "At boot `sysctl --system` skips the line without a word and exits 0 (only `sysctl -p FILE` "
               "prints 'cannot stat /proc/sys/...' and exits 1)"
             : "At boot systemd-sysctl logs \"Couldn't write ..., ignoring: No such file or directory\" and goes on "
               "(exit 0: nothing fails visibly)";
}

std::string where(const config::ConfigSet& cs, const config::Assignment& a, const ShownPath& shown) {
  return (shown ? shown(cs.file_of(a)) : cs.file_of(a)) + ":" + std::to_string(a.line);
}

}  // namespace

void lint_hidden_files(const config::ConfigSet& cs, std::vector<Raw>& out, const ShownPath& shown) {
  for (const config::HiddenFile& h : cs.hidden) {
    Raw r;
    r.finding.rule = lint::kHiddenFile;
    r.finding.severity = Severity::info;
    std::string by = shown ? shown(h.by) : h.by;
    r.finding.message = h.masked ? "never read at boot: masked by " + by + ", a link to /dev/null"
                                 : "never read at boot: " + by + " has the same name and is read instead under " +
                                       std::string(config::to_string(cs.loader));
    const plan::RuleInfo* info = lint_info(lint::kHiddenFile);
    r.finding.reason = info->help;
    r.finding.references = info->references;
    r.finding.at = plan::Origin{h.path, 0};
    out.push_back(std::move(r));
  }
}

bool known_top_level(std::string_view key) {
  static constexpr std::string_view kTop[] = {"abi", "crypto", "debug", "dev", "fs", "kernel", "net", "sunrpc", "user", "vm"};
  std::string_view top = key.substr(0, key.find_first_of("./"));
  for (std::string_view t : kTop)
    if (t == top) return true;
  return false;
}

void lint_syntax(const config::ConfigSet& cs, std::vector<Raw>& out) {
  for (const Diagnostic& d : cs.diagnostics) {
    Raw r;
    r.finding.rule = d.code.empty() ? lint::kSyntaxError : d.code;
    r.finding.severity = d.severity;
    r.finding.message = d.message;
    if (const plan::RuleInfo* info = lint_info(r.finding.rule)) {
      r.finding.reason = info->help;
      r.finding.references = info->references;
    }
    r.finding.at = plan::Origin{d.where.file, d.where.line};
    r.finding.col = d.where.col;
    out.push_back(std::move(r));
  }
}

void lint_keys(const config::ConfigSet& cs, const engine::Catalog& catalog, const std::string& kernel,
               std::vector<Raw>& out) {
  NearMiss near_miss(catalog);
  lint_keys(cs, catalog, kernel, out, near_miss);
}

void lint_keys(const config::ConfigSet& cs, const engine::Catalog& catalog, const std::string& kernel,
               std::vector<Raw>& out, NearMiss& near_miss) {
  std::vector<std::string> names;  // only for the rare key under no /proc/sys folder
  for (const config::Assignment& a : cs.assignments) {
    if (a.exclusion) continue;
    if (!known_top_level(std::string_view(a.key.data(), a.key.size()))) {
      const std::string key(a.key.data(), a.key.size());
      std::string msg = "unknown key '" + key + "': /proc/sys has no '" + key.substr(0, key.find_first_of("./")) + "'";
      if (names.empty()) names = catalog.names();
      msg += engine::did_you_mean_hint(key, names);
      out.push_back(make(cs, a, a.ignore_failure ? Severity::notice : Severity::error, lint::kUnknownKey, msg,
                         missing_key_at_boot(cs.loader) + "; the setting never applies.", Column::key));
      continue;
    }
    if (a.is_glob) continue;  // systemd expands it against /proc/sys at boot: nothing to look up offline
    const KeyVerdict& verdict = near_miss.judge(std::string_view(a.key.data(), a.key.size()));
    const engine::KeyInfo* info = verdict.info;
    if (!info) {
      // Not in the catalog: only a near miss of a key it knows is worth saying (the catalog covers
      // the keys the advisor reasons about, not all of /proc/sys).
      if (const auto& near = verdict.near) {
        const std::string key(a.key.data(), a.key.size());
        out.push_back(make(cs, a, Severity::warning, lint::kUnknownKey,
                           "unknown key '" + key + "'; did you mean '" + *near + "'?",
                           "'" + key + "' is not in the catalog and is one typo away from '" + *near +
                               "'. If it is a typo, the write fails at boot and '" + *near + "' keeps its default.",
                           Column::key));
      }
      continue;
    }
    const std::string key(a.key.data(), a.key.size());
    std::optional<bool> exists = kernel.empty() ? std::nullopt : engine::exists_on(*info, kernel);
    if (exists == false) {
      std::string span = !info->removed.empty() && engine::compare_versions(kernel, info->removed) >= 0
                             ? "removed in " + info->removed
                             : "added in " + info->added;
      Severity sev = a.ignore_failure ? Severity::notice : Severity::error;
      Raw r = make(cs, a, sev, lint::kAbsentOnKernel,
                   key + " does not exist on kernel " + kernel + " (" + span + ")",
                   std::string(a.ignore_failure ? "The leading '-' makes the loader ignore the failed write; the line has no effect. "
                                                : missing_key_at_boot(cs.loader) + "; the setting never applies. ") +
                       info->summary + ".",
                   Column::key);
      r.finding.references.insert(r.finding.references.end(), info->references.begin(), info->references.end());
      out.push_back(std::move(r));
      continue;
    }
    if (a.unknown_value) continue;  // a template: judged when rendered, never guessed
    // A '#' after the value is advisor/config's inline-comment finding; judge the value before it.
    const std::string_view raw_value(a.value.data(), a.value.size());
    std::string value(raw_value.substr(0, raw_value.find(" #")));
    std::string why = engine::check_value(*info, value);
    if (!why.empty()) {
      // Refused, or taken by the kernel and outside what is documented: two different truths.
      std::string refused = engine::refused_value(*info, value);
      Raw r = refused.empty()
                  ? make(cs, a, Severity::warning, lint::kUndocumentedValue, key + " = '" + value + "': " + why,
                         "The kernel takes the write and applies it at boot (its handler takes more than the "
                         "documented values), but the value has no documented meaning. " + info->summary + ".",
                         Column::value)
                  : make(cs, a, Severity::error, lint::kInvalidValue, key + " = '" + value + "': " + why,
                         "The kernel refuses the write (EINVAL) at boot and keeps the previous value" +
                             (refused == why ? std::string(".") : " (" + refused + ").") + " " + info->summary + ".",
                         Column::value);
      r.finding.references.insert(r.finding.references.end(), info->references.begin(), info->references.end());
      out.push_back(std::move(r));
    }
  }
}

void lint_shadowing(const config::ConfigSet& cs, std::vector<Raw>& out, const ShownPath& shown) {
  const std::string loader(config::to_string(cs.loader));
  for (const config::EffectiveKey& k : cs.keys) {
    const config::Assignment& win = cs.winner(k);
    for (size_t idx : k.shadowed) {
      const config::Assignment& a = cs.assignments[idx];
      if (a.exclusion || win.exclusion) continue;
      bool same_file = a.file == win.file;
      const std::string value(a.value.data(), a.value.size()), win_value(win.value.data(), win.value.size());
      bool same_value = value == win_value;
      std::string what = std::string(a.key.data(), a.key.size()) + " = " + value;
      if (same_file) {
        out.push_back(make(cs, a, same_value ? Severity::notice : Severity::warning, lint::kDuplicateKey,
                           what + " is assigned again on line " + std::to_string(win.line) +
                               (same_value ? " with the same value" : " (" + win_value + "), which wins at boot"),
                           "Only the last assignment in a file takes effect; this line is dead text.", Column::key));
      } else {
        Severity sev = same_value || is_vendor_file(cs.file_of(a)) ? Severity::info : Severity::warning;
        out.push_back(make(cs, a, sev, lint::kShadowedKey,
                           what + " is overridden at boot by " + where(cs, win, shown) +
                               (same_value ? " (same value)" : " (" + win_value + ")") + " under " + loader,
                           "Under " + loader + " the files are applied in load order and the last assignment of a key "
                               "wins; this line never takes effect.",
                           Column::key));
      }
    }
  }
}

}  // namespace sa::check
