#include "advisor/check/check.h"

#include <algorithm>
#include <limits>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

#include "advisor/check/ansible_units.h"
#include "advisor/check/lint_ids.h"
#include "advisor/check/rule_info.h"
#include "advisor/check/lint_passes.h"
#include "advisor/check/profile_rules.h"
#include "advisor/check/source_units.h"
#include "advisor/check/suppressions.h"
#include "advisor/config/file_discovery.h"
#include "advisor/config/file_loading.h"
#include "advisor/config/line_parser.h"
#include "advisor/config/yaml/sysctl_sources.h"
#include "advisor/core/parallel.h"

namespace fs = std::filesystem;

namespace sa::check {
namespace {

// A file as check sees it: where to read it, how to show it, its text and line starts (built
// only when a finding needs a column).
struct FileText {
  fs::path real;
  std::string shown;
  std::string group;  // the first host group that reads it
  int readers = 0;    // how many targets read it (a file shared by groups may repeat a finding)
  std::optional<std::string> text;
  std::vector<size_t> line_starts;
  std::optional<SuppressionScan> scan;  // once read

  std::string_view line(int n) {
    if (!text || n <= 0) return {};
    if (line_starts.empty()) {
      line_starts.push_back(0);
      const char* base = text->data();
      const char* end = base + text->size();
      for (const char* p = base; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p)
        line_starts.push_back(static_cast<size_t>(p - base) + 1);
    }
    if (static_cast<size_t>(n) > line_starts.size()) return {};
    size_t b = line_starts[n - 1];
    size_t e = static_cast<size_t>(n) < line_starts.size() ? line_starts[n] - 1 : text->size();
    std::string_view l(text->data() + b, e - b);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  }
};

// Codes of advisor/config that mean the input itself cannot be read: exit 2, not a finding.
bool is_unreadable(const Diagnostic& d) {
  namespace c = config::code;
  return d.code == c::kUnreadableFile || d.code == c::kUnreadableFolder;
}

std::string shown_path(const fs::path& real, const fs::path& repo_root) {
  std::error_code ec;
  fs::path abs = fs::absolute(real, ec).lexically_normal();
  fs::path rel = abs.lexically_relative(repo_root);
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return abs.generic_string();
}

// The file a ConfigSet display path names, on disk: host roots show paths as on the host
// ("/etc/sysctl.d/a.conf"), resolved under the root the way the loader follows links.
fs::path real_path(const std::string& display, const Input& in) {
  if (!in.host_root) return display;
  std::string rel_path = display;
  while (!rel_path.empty() && rel_path.front() == '/') rel_path.erase(0, 1);
  fs::path direct = in.root / rel_path;
  std::error_code ec;
  if (fs::is_regular_file(fs::symlink_status(direct, ec))) return direct;  // the usual case: one lstat
  bool dev_null = false;
  std::string why;
  fs::path real = sa::resolve_in_root(in.root, display, &dev_null, &why);
  if (!real.empty() && !dev_null) return real;
  std::string rel = display;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  return in.root / rel;
}

// A profile rule that speaks about the same line and key as the generic absent-on-kernel lint
// (tcp_tw_recycle on 4.12+) says it better: one annotation per mistake, not two.
void drop_lints_a_rule_repeats(std::vector<Raw>& raws) {
  std::set<std::tuple<std::string, int, std::string>> by_rules;
  for (const Raw& r : raws)
    if (r.finding.at && r.finding.key && !lint_info(r.finding.rule))
      by_rules.emplace(r.finding.at->file, r.finding.at->line, *r.finding.key);
  raws.erase(std::remove_if(raws.begin(), raws.end(),
                            [&](const Raw& r) {
                              return r.finding.rule == lint::kAbsentOnKernel && r.finding.at && r.finding.key &&
                                     by_rules.count({r.finding.at->file, r.finding.at->line, *r.finding.key});
                            }),
             raws.end());
}

// What one target needs from its own files: loaded, linted and its profile's rules evaluated.
// Independent of every other target, so check runs these on all cores.
struct Prepared {
  const engine::Profile* profile = nullptr;  // null: unknown profile, nothing else done
  std::string loader;
  std::vector<std::string> files;      // the ConfigSet's display paths, in load order
  // display path -> (real path, as findings show it): path arithmetic is slow enough (tens of
  // microseconds a file) to be worth doing here, on all cores, once.
  std::unordered_map<std::string, std::pair<std::string, std::string>> paths;
  std::vector<Diagnostic> unreadable;  // input that cannot be read: exit 2, no findings
  std::vector<Raw> raws;
};

// The YAML and script files of a target (advisor/config/yaml): each file scanned for the syntaxes
// it may hold, its settings grouped into units (a pod template, a service, ...), the units checked.
// Files that hold none of them (foreign YAML) are left out silently.
void prepare_sources(const std::vector<fs::path>& files, const Target& t, const engine::Knowledge& knowledge,
                     const Request& req, NearMiss& near_miss, Prepared& p) {
  const KubernetesTruth& kubernetes = req.kubernetes;
  std::vector<Unit> units;
  std::map<std::pair<std::string, std::string>, size_t> unit_of;  // (file, label) -> index
  std::string text, why;
  std::vector<std::pair<fs::path, std::string>> ansible_candidates;
  for (const fs::path& file : files) {
    const std::string display = file.string();
    bool is_folder = false;
    if (!config::read_whole_file(file, &text, &why, &is_folder)) {
      p.unreadable.push_back({Severity::error, config::code::kUnreadableFile, {display, 0, 0}, why, ""});
      continue;
    }
    const bool yaml = config::yaml::file_kind(file.filename().string()) == config::yaml::FileKind::yaml;
    if (yaml && starts_with_list(text)) ansible_candidates.emplace_back(file, text);
    config::yaml::Scan scan = config::yaml::scan_file(text, display);
    if (scan.settings.empty() && scan.diagnostics.empty()) continue;
    p.files.push_back(display);
    for (const Diagnostic& d : scan.diagnostics) {
      Raw r;
      r.finding.rule = d.code;
      r.finding.severity = d.severity;
      r.finding.message = d.message;
      if (const plan::RuleInfo* info = lint_info(d.code)) {
        r.finding.reason = info->help;
        r.finding.references = info->references;
      }
      r.finding.at = plan::Origin{display, d.where.line};
      r.finding.col = d.where.col;
      p.raws.push_back(std::move(r));
    }
    for (config::yaml::Setting& s : scan.settings) {
      s.key.file = s.value.file = display;
      auto [it, fresh] = unit_of.try_emplace({display, s.unit}, units.size());
      if (fresh) {
        Unit u;
        u.label = s.unit;
        u.landing = s.landing;
        u.kubernetes = scan.dialect == config::yaml::Dialect::kubernetes;
        units.push_back(std::move(u));
      }
      units[it->second].settings.push_back(std::move(s));
    }
  }
  // Ansible: a project spans files (playbooks, roles, group_vars), so it is assembled from all of them.
  AnsibleUnits ansible = ansible_units(ansible_candidates);
  for (size_t i = 0; i < ansible.units.size(); ++i) {
    Unit& u = ansible.units[i];
    if (auto g = req.host_groups.find(ansible.host_groups[i]); g != req.host_groups.end()) {
      if (const engine::Profile* prof = knowledge.profiles.find(g->second.profile)) u.profile = prof;
      u.kernel = g->second.kernel;
    }
    units.push_back(std::move(u));
  }
  for (const std::string& f : ansible.files)
    if (std::find(p.files.begin(), p.files.end(), f) == p.files.end()) p.files.push_back(f);
  UnitContext ctx{&knowledge, p.profile, t.kernel, &kubernetes, t.orchestrator};
  check_units(units, ctx, near_miss, p.raws);
}

Prepared prepare(const Target& t, const fs::path& repo_root, const engine::Knowledge& knowledge, const Request& req,
                 NearMiss& near_miss) {
  Prepared p;
  p.profile = knowledge.profiles.find(t.profile);
  if (!p.profile) return p;
  // sysctl.d files and the other syntaxes (YAML, scripts) of the same target, each read by its own.
  std::vector<fs::path> conf_files, source_files;
  if (!t.input.host_root)
    for (const fs::path& f : t.input.files)
      (config::yaml::file_kind(f.filename().string()) != config::yaml::FileKind::none ? source_files : conf_files).push_back(f);
  config::ConfigSet cs;
  if (t.input.host_root) {
    config::LoadOptions lo;
    lo.root = t.input.root;
    lo.loader = t.loader ? *t.loader : config::default_loader(t.input.root);
    cs = config::load_system(lo);
  } else {
    cs = config::load_files(conf_files, t.loader ? *t.loader : config::Loader::systemd);
  }
  p.loader = std::string(config::to_string(cs.loader));
  p.files = cs.files;
  for (const Diagnostic& d : cs.diagnostics)
    if (is_unreadable(d)) p.unreadable.push_back(d);
  if (!p.unreadable.empty()) return p;
  if (!source_files.empty()) {
    prepare_sources(source_files, t, knowledge, req, near_miss, p);
    if (!p.unreadable.empty()) return p;
  }
  auto path_of = [&](const std::string& display) -> const std::pair<std::string, std::string>& {
    auto it = p.paths.find(display);
    if (it == p.paths.end()) {
      std::string real = real_path(display, t.input).string();
      std::string shown = shown_path(real, repo_root);
      it = p.paths.emplace(display, std::make_pair(std::move(real), std::move(shown))).first;
    }
    return it->second;
  };
  for (const std::string& display : p.files) path_of(display);
  auto shown = [&](const std::string& display) { return path_of(display).second; };
  if (t.input.host_root || !conf_files.empty()) {  // a target of YAML alone has no sysctl.d set to judge
    const ShownPath shown_fn = shown;
    run_lints(LintInput{cs, knowledge.catalog, t.kernel, near_miss, shown_fn}, p.raws);
    evaluate_profile_rules(cs, knowledge, *p.profile, t.kernel, p.raws);
  }
  drop_lints_a_rule_repeats(p.raws);
  return p;
}

// By file, line, col, rule; group-wide ones last by group and rule. Sorts small keys and moves
// each finding once: a million-line repository can have hundreds of thousands of findings.
void sort_findings(std::vector<plan::CheckFinding>& findings) {
  // Rank the distinct paths once (a few thousand), not every finding's path.
  std::unordered_map<std::string_view, int> rank;
  for (const auto& f : findings)
    if (f.at) rank.emplace(f.at->file, 0);
  std::vector<std::string_view> paths;
  paths.reserve(rank.size());
  for (const auto& [path, _] : rank) paths.push_back(path);
  std::sort(paths.begin(), paths.end());
  for (size_t i = 0; i < paths.size(); ++i) rank[paths[i]] = static_cast<int>(i);
  struct SortKey {
    int file, line, col;  // file = INT_MAX for group-wide
    const std::string* tie1;
    const std::string* tie2;
    size_t index;
  };
  std::vector<SortKey> keys;
  keys.reserve(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    if (f.at)
      keys.push_back({rank.find(f.at->file)->second, f.at->line, f.col, &f.rule, &f.rule, i});
    else
      keys.push_back({std::numeric_limits<int>::max(), 0, 0, &f.group, &f.rule, i});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    if (a.col != b.col) return a.col < b.col;
    if (int c = a.tie1->compare(*b.tie1)) return c < 0;
    return *a.tie2 < *b.tie2;
  });
  std::vector<plan::CheckFinding> sorted;
  sorted.reserve(findings.size());
  for (const SortKey& k : keys) sorted.push_back(std::move(findings[k.index]));
  findings = std::move(sorted);
}

using Key = std::tuple<std::string, int, int, std::string, std::string>;

}  // namespace

Outcome run(const Request& req, const engine::Knowledge& knowledge) {
  Outcome out;
  plan::CheckResult& res = out.result;
  res.repo_root = req.repo_root.generic_string();

  std::map<std::string, FileText> files;  // by real path
  std::vector<std::string> file_order;
  struct Pending {
    Raw raw;
    FileText* file = nullptr;  // null = group-wide (map nodes do not move)
  };
  std::vector<Pending> pending;
  // Each target's own work on all cores (host groups are independent, and loading and linting
  // them is most of check's time: bench/results-check.md), then joined below in target order.
  std::vector<Prepared> prepared(req.targets.size());
  const unsigned workers = workers_for(req.targets.size());
  std::vector<std::unique_ptr<NearMiss>> near_miss(workers);  // one per worker: a fleet repeats its keys
  parallel_for(req.targets.size(), workers, [&](size_t i, unsigned worker) {
    if (!near_miss[worker]) near_miss[worker] = std::make_unique<NearMiss>(knowledge.catalog);
    prepared[i] = prepare(req.targets[i], req.repo_root, knowledge, req, *near_miss[worker]);
  });

  // Then, in target order, as one thread: the files each finding points into.
  for (size_t ti = 0; ti < req.targets.size(); ++ti) {
    const Target& t = req.targets[ti];
    Prepared& p = prepared[ti];
    const engine::Profile* profile = p.profile;
    if (!profile) {
      std::string msg = t.profile.empty() ? "no profile for host group '" + t.group + "'; give --profile NAME or set 'profile' in .sysctl-advisor.toml"
                                          : "unknown profile '" + t.profile + "' for host group '" + t.group + "'";
      if (!t.profile.empty())
        msg += engine::did_you_mean_hint(t.profile, knowledge.profiles.names());
      out.fatal.push_back({Severity::error, diag::kUnknownProfile, {t.group, 0, 0}, msg, ""});
      continue;
    }
    if (!p.unreadable.empty()) {
      for (Diagnostic& d : p.unreadable) out.fatal.push_back(std::move(d));
      continue;
    }

    plan::CheckGroup group{t.group, profile->name, t.kernel, p.loader, {}};
    std::unordered_map<std::string, FileText*> by_display;  // this ConfigSet's paths -> files
    auto file_for = [&](const std::string& display) -> FileText* {
      if (auto it = by_display.find(display); it != by_display.end()) return it->second;
      auto known = p.paths.find(display);
      std::string real = known != p.paths.end() ? known->second.first : real_path(display, t.input).string();
      auto [it, fresh] = files.try_emplace(real);
      if (fresh) {
        it->second.real = real;
        it->second.shown = known != p.paths.end() ? known->second.second : shown_path(real, req.repo_root);
        it->second.group = t.group;
        file_order.push_back(real);
      }
      by_display.emplace(display, &it->second);
      return &it->second;
    };
    for (const std::string& display : p.files) {
      FileText* ft = file_for(display);
      ++ft->readers;
      group.files.push_back(ft->shown);
    }
    res.groups.push_back(std::move(group));
    for (Raw& r : p.raws) {
      r.finding.group = t.group;
      FileText* ft = r.finding.at ? file_for(r.finding.at->file) : nullptr;
      pending.push_back({std::move(r), ft});
    }
    p = Prepared{};  // done with it: free as we go
  }

  // File by file, in one reused buffer: scan the suppressions (every file, so unused ones are
  // found too) and fill in the columns of that file's findings.
  std::unordered_map<const FileText*, std::vector<Raw*>> needs_column;
  for (Pending& p : pending)
    if (p.file && p.raw.finding.col == 0 && p.raw.column != Column::none) needs_column[p.file].push_back(&p.raw);
  // Files are independent: on all cores, each worker with its own buffer.
  std::vector<FileText*> in_order;
  for (const std::string& real : file_order) in_order.push_back(&files[real]);
  const unsigned readers = workers_for(in_order.size());
  std::vector<std::string> buffers(readers);
  parallel_for(in_order.size(), readers, [&](size_t i, unsigned worker) {
    FileText& ft = *in_order[i];
    std::string& buffer = buffers[worker];
    if (!read_text(ft.real, buffer)) return;
    ft.text = std::move(buffer);
    ft.scan = scan_suppressions(*ft.text, ft.shown);
    if (auto it = needs_column.find(&ft); it != needs_column.end())
      for (Raw* r : it->second) {
        std::string_view line = ft.line(r->finding.at->line);
        const config::LineColumns at = config::columns_of(line);
        r->finding.col = r->column == Column::key ? at.key : at.value;
      }
    buffer = std::move(*ft.text);
    ft.text.reset();
    ft.line_starts.clear();
  });

  std::set<Key> seen;
  res.findings.reserve(pending.size() + req.extra.size());
  for (Pending& p : pending) {
    plan::CheckFinding& f = p.raw.finding;
    if (FileText* ft = p.file) {
      f.at->file = ft->shown;
      bool silenced = false;
      if (ft->scan)
        for (Suppression& sup : ft->scan->suppressions)
          if (covers(sup, f.rule, f.at->line) || (p.raw.entry_line && covers(sup, f.rule, p.raw.entry_line))) {
            sup.used = true;
            silenced = true;
          }
      if (silenced) {
        ++res.suppressed;
        continue;
      }
      // A file read by two groups: its lints would be reported twice.
      if (ft->readers > 1 && !seen.insert(Key{f.at->file, f.at->line, f.col, f.rule, f.message}).second) continue;
    }
    res.findings.push_back(std::move(f));
  }
  for (const plan::CheckFinding& f : req.extra) res.findings.push_back(f);

  // Known ids, for "did you mean" on a suppression's rule.
  std::vector<std::string> ids = lint_ids();
  for (const auto& id : knowledge.rules.ids()) ids.push_back(id);
  for (const std::string& real : file_order) {
    FileText& ft = files[real];
    if (!ft.scan) continue;
    const std::string& shown = ft.shown;
    const std::string& group = ft.group;
    for (const Diagnostic& d : ft.scan->problems) {
      plan::CheckFinding f;
      f.rule = lint::kBadSuppression;
      f.severity = Severity::warning;
      f.message = d.message;
      f.reason = lint_info(lint::kBadSuppression)->help;
      f.at = plan::Origin{shown, d.where.line};
      f.col = d.where.col;
      f.group = group;
      res.findings.push_back(std::move(f));
    }
    for (const Suppression& sup : ft.scan->suppressions) {
      if (sup.used) continue;
      plan::CheckFinding f;
      f.rule = lint::kUnusedSuppression;
      f.severity = Severity::warning;
      bool known = std::find(ids.begin(), ids.end(), sup.rule) != ids.end();
      f.message = "suppression of '" + sup.rule + "' silences nothing on this line or the next";
      if (!known) {
        f.message = "suppression of unknown rule '" + sup.rule + "'";
        f.message += engine::did_you_mean_hint(sup.rule, ids);
      }
      f.reason = lint_info(lint::kUnusedSuppression)->help;
      f.at = plan::Origin{shown, sup.line};
      f.col = sup.col;
      f.group = group;
      res.findings.push_back(std::move(f));
    }
  }

  sort_findings(res.findings);

  std::set<std::string> named;
  for (const auto& f : res.findings) named.insert(f.rule);
  for (const auto& id : named) res.rules.push_back(rule_info(id, knowledge));
  return out;
}

}  // namespace sa::check
