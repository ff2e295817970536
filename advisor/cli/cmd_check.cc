// `sysctl-advisor check`: the CI gate for configuration repositories. Parses options, turns PATHs
// or the repository's .sysctl-advisor.toml into host-group targets, runs advisor/check, renders.
#include <algorithm>
#include <cstring>
#include <iterator>
#include <iostream>

#include "advisor/check/check.h"
#include "advisor/check/glob.h"
#include "advisor/check/inputs.h"
#include "advisor/check/lint_ids.h"
#include "advisor/check/mapping.h"
#include "advisor/cli/plan_pipeline.h"
#include "advisor/config/file_trust.h"
#include "advisor/config/line_parser.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/version.h"
#include "advisor/report/check_json.h"
#include "advisor/report/check_text.h"
#include "advisor/report/github.h"
#include "advisor/report/junit.h"
#include "advisor/report/sarif.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {
namespace {

const char* const kCheckUsage =
    "usage: sysctl-advisor check [PATH ...] [--root DIR] --profile NAME [--kernel VERSION]\n"
    "                            [--loader systemd|procps] [--format FORMATS]\n"
    "                            [--fail-on error|warning|notice] [--rules DIR] [--profiles DIR]\n"
    "                            [--kubernetes-version 1.N] [--allowed-unsafe-sysctls LIST]\n\n"
    "Lints sysctl files offline against a deployment profile and a target kernel, for CI.\n"
    "PATH: a file, a folder of *.conf files, or a folder laid out like a host's / (etc/sysctl.d, ...)\n"
    "read in the loader's real order. Without PATH and --root, reads .sysctl-advisor.toml in the\n"
    "current folder and checks every host group it maps, each with its own profile, kernel and loader\n"
    "(options given here override it). YAML and scripts are read too: Kubernetes manifests\n"
    "(spec.securityContext.sysctls), Compose files (services.*.sysctls), Ansible sysctl tasks and\n"
    "`--sysctl k=v` in scripts. Suppress one finding with a comment on the line or the line\n"
    "before: `# sysctl-advisor: ignore RULE-ID -- reason` (or `ignore[RULE-ID]`).\n"
    "exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or unreadable input.";

// One row per output format: its name and how it renders the result (fail_on: the lowest severity
// that fails). The usage, --help and the --format check are made from this table.
struct CheckFormat {
  const char* name;
  std::string (*render)(const plan::CheckResult&, Severity fail_on);
};

const CheckFormat kCheckFormats[] = {
    {"text", [](const plan::CheckResult& r, Severity f) { return report::render_check_text(r, {f, true}); }},
    {"json", [](const plan::CheckResult& r, Severity f) { return report::check_to_json(r, f).dump(2) + "\n"; }},
    {"sarif", [](const plan::CheckResult& r, Severity) { return report::check_to_sarif(r).dump(2) + "\n"; }},
    {"junit", [](const plan::CheckResult& r, Severity f) { return report::render_junit(r, f, check::per_file_lint_ids()); }},
    {"github", [](const plan::CheckResult& r, Severity f) { return report::render_github(r, f); }},
};

std::string check_format_names(const char* sep, const char* last_sep) {
  std::string out;
  const size_t n = std::size(kCheckFormats);
  for (size_t i = 0; i < n; ++i)
    out += (i == 0 ? "" : i + 1 == n ? last_sep : sep) + std::string(kCheckFormats[i].name);
  return out;
}

const CheckFormat* find_check_format(const std::string& name) {
  for (const auto& f : kCheckFormats)
    if (name == f.name) return &f;
  return nullptr;
}

struct Options {
  std::vector<std::string> paths;
  std::string root, profile, kernel, loader, format = "text", fail_on, rules_dir, profiles_dir;
  bool insecure = false;
  std::vector<std::string> local_rules;
  std::string kubernetes_version;
  std::vector<std::string> allowed_unsafe;  // comma-separated lists, as the kubelet takes them
};

std::vector<std::string> split_commas(const std::vector<std::string>& lists) {
  std::vector<std::string> out;
  for (const std::string& l : lists)
    for (size_t b = 0; b <= l.size();) {
      size_t e = l.find(',', b);
      if (e == std::string::npos) e = l.size();
      std::string one = l.substr(b, e - b);
      if (!one.empty()) out.push_back(one);
      b = e + 1;
    }
  return out;
}

int usage_error(const std::string& message) {
  std::cerr << "sysctl-advisor check: " << message << "\n";
  return kUsage;
}

// The mapping's findings (globs that match nothing, files no group covers) and its targets.
bool targets_from_mapping(const Options& o, const fs::path& repo, std::vector<check::Target>& targets,
                          std::vector<plan::CheckFinding>& extra, std::string* fail_on,
                          std::map<std::string, check::Request::HostGroup>& host_groups) {
  fs::path file = repo / std::string(check::kMappingFileName);
  // The mapping decides what is checked and against which profile: trusted like a plan file.
  std::string error, warning;
  auto text = config::read_trusted_file(file, o.insecure, &error, &warning);
  if (!warning.empty()) std::cerr << warning << "\n";
  if (!text) {
    std::cerr << "sysctl-advisor check: " << error << "\n";
    return false;
  }
  check::Mapping m = check::parse_mapping(*text, std::string(check::kMappingFileName));
  if (!m.diagnostics.empty()) {
    for (const auto& d : m.diagnostics) std::cerr << format_diagnostic(d) << "\n";
    return false;
  }
  *fail_on = m.fail_on;
  check::RepoTree tree = check::walk_repo(repo);
  // [check] exclude: vendored or generated folders are never read (a folder excludes what is below).
  if (!m.exclude.empty()) {
    auto excluded = [&](const std::string& rel) {
      for (const std::string& g : m.exclude) {
        if (check::glob_match(g, rel)) return true;
        for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1))
          if (check::glob_match(g, rel.substr(0, slash))) return true;
      }
      return false;
    };
    tree.dirs.erase(std::remove_if(tree.dirs.begin(), tree.dirs.end(), excluded), tree.dirs.end());
    tree.files.erase(std::remove_if(tree.files.begin(), tree.files.end(), excluded), tree.files.end());
  }
  check::OrchestratorTarget orchestrator;
  orchestrator.kubernetes_version = !o.kubernetes_version.empty() ? o.kubernetes_version : m.kubernetes_version;
  orchestrator.allowed_unsafe = !o.allowed_unsafe.empty() ? split_commas(o.allowed_unsafe) : m.allowed_unsafe_sysctls;
  std::vector<check::Input> covered;
  for (const check::GroupSpec& g : m.groups)
    host_groups[g.name] = {o.profile.empty() ? g.profile : o.profile, o.kernel.empty() ? g.kernel : o.kernel};
  for (const check::GroupSpec& g : m.groups) {
    check::Resolved r = check::resolve_group(tree, g);
    for (size_t i : r.unmatched) {
      plan::CheckFinding f;
      f.rule = check::lint::kMappingMatchesNothing;
      f.severity = Severity::error;
      f.message = "path '" + g.paths[i] + "' of group '" + g.name + "' matches no file or folder";
      f.reason = check::lint_info(f.rule)->help;
      f.at = plan::Origin{m.file, g.path_at[i].line};
      f.col = g.path_at[i].col;
      f.group = g.name;
      extra.push_back(std::move(f));
    }
    for (check::Input& in : r.inputs) {
      check::Target t;
      t.group = r.inputs.size() == 1 ? g.name : g.name + ":" + in.label;
      t.profile = o.profile.empty() ? g.profile : o.profile;
      t.kernel = o.kernel.empty() ? g.kernel : o.kernel;
      std::string loader = o.loader.empty() ? g.loader : o.loader;
      if (!loader.empty()) t.loader = config::parse_loader(loader);
      t.orchestrator = orchestrator;
      covered.push_back(in);
      t.input = std::move(in);
      targets.push_back(std::move(t));
    }
  }
  for (const std::string& f : check::unmapped_config_files(tree, covered)) {
    plan::CheckFinding u;
    u.rule = check::lint::kUnmappedFile;
    u.severity = Severity::notice;
    u.message = f + " is in no host group of " + m.file + ", so nothing checks it";
    u.reason = check::lint_info(u.rule)->help;
    u.at = plan::Origin{f, 0};
    extra.push_back(std::move(u));
  }
  return true;
}

}  // namespace

int run_check(const Args& args) {
  Options o;
  const std::string format_help = check_format_names(", ", " or ").insert(std::strlen(kCheckFormats[0].name), " (default)");
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")
      ("root", po::value(&o.root), "check the host root DIR (like a PATH laid out as /)")
      ("profile", po::value(&o.profile), "deployment profile the files are for (see `sysctl-advisor profiles`)")
      ("kernel", po::value(&o.kernel), "target kernel version, e.g. 6.1 (keys absent on it are errors)")
      ("loader", po::value(&o.loader), "systemd or procps: whose load order decides which line wins")
      ("format", po::value(&o.format), format_help.c_str())
      ("fail-on", po::value(&o.fail_on), "error (default), warning or notice: lowest severity that fails")
      ("rules", po::value(&o.rules_dir), "rules folder (default: installed)")
      ("profiles", po::value(&o.profiles_dir), "profiles folder (default: installed)")
      ("local-rules", po::value(&o.local_rules), kLocalRulesHelp)
      ("kubernetes-version", po::value(&o.kubernetes_version), "Kubernetes release the manifests run on, e.g. 1.29 (its safe sysctls)")
      ("allowed-unsafe-sysctls", po::value(&o.allowed_unsafe), "the kubelet's --allowed-unsafe-sysctls: names or patterns ending in '*', comma-separated")
      ("insecure", po::bool_switch(&o.insecure), "read the mapping, rules and profiles although someone other than "
                                                 "root or you could have written them (named in a warning)")
      ("path", po::value(&o.paths), "files or folders to check");
  po::positional_options_description pos;
  pos.add("path", -1);
  po::variables_map vm;
  bool help = false;
  std::string usage = kCheckUsage;
  usage.replace(usage.find("FORMATS"), 7, check_format_names("|", "|"));
  if (!parse_args("check", args, desc, &pos, vm, usage, &help)) return kUsage;
  if (help) return kOk;

  const CheckFormat* format = find_check_format(o.format);
  if (!format) return usage_error("--format '" + o.format + "' is not one of: " + check_format_names(", ", ", "));
  if (!o.fail_on.empty() && (!parse_severity(o.fail_on) || o.fail_on == "info"))
    return usage_error("--fail-on '" + o.fail_on + "' is not one of: error, warning, notice");
  if (!o.loader.empty() && !config::parse_loader(o.loader))
    return usage_error("--loader '" + o.loader + "' is not one of: systemd, procps");
  if (!o.kernel.empty() && !engine::looks_like_version(o.kernel))
    return usage_error("--kernel '" + o.kernel + "' is not a version like 6.1 or 4.19.0");
  if (!o.kubernetes_version.empty() && !engine::looks_like_version(o.kubernetes_version))
    return usage_error("--kubernetes-version '" + o.kubernetes_version + "' is not a release like 1.29");

  fs::path repo = fs::absolute(user_path(".")).lexically_normal();
  std::vector<check::Target> targets;
  std::vector<plan::CheckFinding> extra;
  std::string mapping_fail_on;
  std::map<std::string, check::Request::HostGroup> host_groups;
  if (!o.paths.empty() || !o.root.empty()) {
    if (o.profile.empty()) return usage_error("--profile NAME is required with PATH or --root (see `sysctl-advisor profiles`)");
    std::vector<fs::path> paths;
    for (const auto& p : o.paths) paths.push_back(user_path(p));
    std::vector<Diagnostic> problems;
    std::vector<check::Input> inputs = check::inputs_from_paths(paths, problems);
    if (!o.root.empty()) {
      fs::path root = user_path(o.root);
      if (!fs::is_directory(root)) problems.push_back({Severity::error, diag::kUnreadableInput, {o.root, 0, 0}, "--root is not a folder", ""});
      else inputs.push_back({true, root, {}, o.root});
    }
    if (!problems.empty()) {
      for (const auto& d : problems) std::cerr << format_diagnostic(d) << "\n";
      return kUsage;
    }
    for (auto& in : inputs) {
      check::Target t;
      t.group = in.host_root ? in.root.lexically_normal().filename().string() : "files";
      if (t.group.empty() || t.group == ".") t.group = in.label;
      t.profile = o.profile;
      t.kernel = o.kernel;
      if (!o.loader.empty()) t.loader = config::parse_loader(o.loader);
      t.orchestrator.kubernetes_version = o.kubernetes_version;
      t.orchestrator.allowed_unsafe = split_commas(o.allowed_unsafe);
      t.input = std::move(in);
      targets.push_back(std::move(t));
    }
  } else if (fs::exists(repo / std::string(check::kMappingFileName))) {
    if (!targets_from_mapping(o, repo, targets, extra, &mapping_fail_on, host_groups)) return kUsage;
  } else {
    return usage_error("nothing to check: give PATHs or --root DIR, or run where a " + std::string(check::kMappingFileName) +
                       " maps the host groups (see docs/check.md)");
  }
  Severity fail_on = *parse_severity(!o.fail_on.empty() ? o.fail_on : !mapping_fail_on.empty() ? mapping_fail_on : "error");

  if (!trusted_data_dirs(o.rules_dir, o.profiles_dir, o.local_rules, o.insecure, "check", std::cerr)) return kUsage;
  auto knowledge = load_knowledge(o.rules_dir, o.profiles_dir, o.local_rules);
  if (!knowledge.ok()) {
    for (const auto& d : knowledge.diagnostics) std::cerr << format_diagnostic(d) << "\n";
    return kUsage;
  }
  std::vector<Diagnostic> data_problems;
  check::KubernetesTruth kubernetes = check::load_kubernetes_truth(
      data_dir("rules", o.rules_dir) / "orchestrators" / "kubernetes.toml", data_problems);
  if (!data_problems.empty()) {
    for (const auto& d : data_problems) std::cerr << format_diagnostic(d) << "\n";
    return kUsage;
  }
  check::Request req{repo, std::move(targets), std::move(extra), std::move(kubernetes), std::move(host_groups)};
  check::Outcome out = check::run(req, knowledge.value);
  if (!out.fatal.empty()) {
    for (const auto& d : out.fatal) std::cerr << "sysctl-advisor check: " << format_diagnostic(d) << "\n";
    return kUsage;
  }
  const plan::CheckResult& r = out.result;
  std::cout << format->render(r, fail_on);
  return plan::check_failed(r, fail_on) ? kFindings : kOk;
}

}  // namespace sa::cli
