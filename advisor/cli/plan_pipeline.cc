// The one path from a selection to a Plan, shared by `plan` and `apply`: load the knowledge
// (catalog, profiles, rules), read the host (live under --root, or a snapshot), choose the profile
// (--profile, or inferred from the evidence), evaluate.
#include "advisor/cli/plan_pipeline.h"

#include <map>
#include <set>

#include "advisor/cli/common.h"
#include "advisor/cli/netns_option.h"
#include "advisor/cli/other_writers.h"
#include "advisor/config/config_json.h"
#include "advisor/config/config_set.h"
#include "advisor/config/file_trust.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/data/data_files.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/netns_scope.h"
#include "advisor/engine/other_writers.h"
#include "advisor/live/host_identity.h"
#include "advisor/live/host_state.h"
#include "advisor/live/netns.h"
#include "advisor/live/snapshot_json.h"
#include "advisor/live/sysctl_reader.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {

void add_plan_selection_options(po::options_description& desc, PlanSelection& sel) {
  desc.add_options()
      ("profile", po::value(&sel.profile), "deployment profile (see `sysctl-advisor profiles`); default: the one the "
                                           "evidence suggests, with the reason")
      ("root", po::value(&sel.root)->default_value("/"), "treat DIR as the filesystem root (a copy of another host)")
      ("snapshot", po::value(&sel.snapshot), "plan from a snapshot file (`sysctl-advisor snapshot -o FILE`) instead of "
                                             "the host")
      ("sample", po::value(&sel.sample_seconds)->default_value(0), "read the counters twice, SECONDS apart, for rate() "
                                                                   "rules (rules that need it are otherwise 'not evaluated')")
      ("loader", po::value(&sel.loader), "systemd or procps: which boot-time loader's file order to read; default: the "
                                         "one the host uses")
      ("rules", po::value(&sel.rules_dir), "folder of rule files and keys.toml (default: the installed rules)")
      ("profiles", po::value(&sel.profiles_dir), "folder of profile files (default: the installed profiles)")
      ("local-rules", po::value(&sel.local_rules), kLocalRulesHelp)
      ("insecure", po::bool_switch(&sel.insecure), "read rules, profiles and plan files although someone other than root "
                                                   "or you could have written them (named in a warning)")
      ("netns", po::value(&sel.netns), kNetnsHelp);
}

namespace {

void print(const std::vector<Diagnostic>& ds, std::ostream& err) {
  for (const auto& d : ds) err << format_diagnostic(d) << "\n";
}

// Everything the host facts hold lives here so the Facts' pointers stay valid while evaluating.
struct HostInputs {
  live::HostState host;
  config::ConfigSet config;
  bool have_config = false;
  std::optional<live::NetnsEntered> netns;  // --netns: the namespace read
};

bool read_inputs(const PlanSelection& sel, const engine::Catalog& catalog, HostInputs& in, std::ostream& err) {
  if (!sel.snapshot.empty()) {
    std::vector<Diagnostic> errors;
    auto snap = live::read_snapshot(user_path(sel.snapshot), errors);
    if (!snap) {
      print(errors, err);
      return false;
    }
    in.host = std::move(snap->host);
    if (!snap->config.is_null()) {
      std::vector<Diagnostic> cerrs;
      in.config = config::config_from_json(snap->config, cerrs);
      if (has_errors(cerrs)) {
        print(cerrs, err);
        return false;
      }
      in.have_config = true;
    }
    return true;
  }
  fs::path root = user_path(sel.root);
  if (!sel.netns.empty() && root != "/") {
    err << "sysctl-advisor: --netns reads a live namespace; --root names a copy of another host: use one\n";
    return false;
  }
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    err << "sysctl-advisor: --root " << sel.root << ": not a folder\n";
    return false;
  }
  config::LoadOptions lo;
  lo.root = root;
  if (!sel.loader.empty()) {
    auto l = config::parse_loader(sel.loader);
    if (!l) {
      err << "sysctl-advisor: --loader must be systemd or procps, not '" << sel.loader << "'\n";
      return false;
    }
    lo.loader = *l;
  } else {
    lo.loader = config::default_loader(root);
  }
  in.config = config::load_system(lo);
  in.have_config = true;
  live::ReadOptions ro;
  ro.root = root;
  ro.sample_seconds = sel.sample_seconds;
  std::set<std::string> keys;
  for (const auto& k : catalog.keys) keys.insert(k.name);
  for (const auto& k : in.config.keys)
    if (!k.is_glob) keys.insert(k.key);
  ro.keys.assign(keys.begin(), keys.end());
  if (!sel.netns.empty()) {
    // Global keys are invisible inside another namespace but are its values too: read them here,
    // in the host's namespace, before entering (only the initial namespace shows them).
    std::map<std::string, live::SysctlValue> global;
    for (const auto& k : catalog.keys)
      if (engine::is_global(k)) global[k.name] = live::read_sysctl(root, k.name);
    if (!enter_netns_option(sel.netns, in.netns, err)) return false;
    in.host = live::read_host(ro);
    mark_host(in.host, *in.netns);
    for (auto& [key, v] : global) {
      auto it = in.host.sysctl.find(key);
      if (v.status == live::SysctlValue::Status::ok && (it == in.host.sysctl.end() || it->second.status != live::SysctlValue::Status::ok))
        in.host.sysctl[key] = v;
    }
    return true;
  }
  in.host = live::read_host(ro);
  return true;
}

}  // namespace

engine::Loaded<engine::Knowledge> load_knowledge(const std::string& rules_dir, const std::string& profiles_dir,
                                                 const std::vector<std::string>& local_rules) {
  return engine::compile_knowledge(
      data::read_knowledge_files(data_dirs("rules", rules_dir), data_dirs("profiles", profiles_dir), user_paths(local_rules)));
}

engine::Loaded<engine::DenyList> load_deny_list(const std::string& rules_dir) {
  const fs::path file = data_dir("rules", rules_dir) / data::kDenyListFileName;
  engine::Loaded<engine::DenyList> result;
  std::string text;
  if (!data::read_data_file(file, text, result.diagnostics)) {
    result.diagnostics.back().message += " (the deny list of keys apply never writes; apply refuses to run without it)";
    return result;
  }
  return engine::parse_deny_list(text, file.string());
}

std::optional<engine::Knowledge> load_knowledge_or_report(const std::string& rules_dir, const std::string& profiles_dir,
                                                          std::ostream& err, const std::vector<std::string>& local_rules) {
  auto knowledge = load_knowledge(rules_dir, profiles_dir, local_rules);
  if (!knowledge.ok()) {
    print(knowledge.diagnostics, err);
    size_t n = 0;
    for (const auto& d : knowledge.diagnostics) n += d.severity == Severity::error;
    err << n << " error" << (n == 1 ? "" : "s") << " in the rules, profiles or key catalog; nothing was loaded (a half-loaded rule set is never used)\n";
    return std::nullopt;
  }
  return std::move(knowledge.value);
}

bool trusted_data_dirs(const std::string& rules_dir, const std::string& profiles_dir,
                       const std::vector<std::string>& local_rules, bool insecure, const std::string& command,
                       std::ostream& err) {
  std::vector<fs::path> paths = data_dirs("rules", rules_dir);
  for (auto& p : data_dirs("profiles", profiles_dir)) paths.push_back(p);
  for (auto& p : user_paths(local_rules)) paths.push_back(p);
  bool refused = false;
  for (const fs::path& path : paths) {
    std::string why = config::why_untrusted(path, /*with_entries=*/true);
    if (why.empty()) continue;
    if (insecure) {
      err << "warning: reading " << path.string() << " although " << why << " (--insecure)\n";
      continue;
    }
    err << "sysctl-advisor " << command << ": refusing to trust " << path.string() << ": " << why
        << " (--insecure reads it anyway)\n";
    refused = true;
  }
  return !refused;
}

std::optional<engine::Knowledge> load_trusted_knowledge(const std::string& rules_dir, const std::string& profiles_dir,
                                                        const std::vector<std::string>& local_rules, bool insecure,
                                                        const std::string& command, std::ostream& err) {
  if (!trusted_data_dirs(rules_dir, profiles_dir, local_rules, insecure, command, err)) return std::nullopt;
  return load_knowledge_or_report(rules_dir, profiles_dir, err, local_rules);
}

std::optional<plan::Plan> make_plan(const PlanSelection& sel, std::ostream& err, std::optional<engine::Knowledge>* keep) {
  if (!sel.snapshot.empty() && !sel.netns.empty()) {
    err << "sysctl-advisor: --snapshot and --netns exclude each other: a snapshot already holds its namespace\n";
    return std::nullopt;
  }
  if (!sel.snapshot.empty() && !sel.root.empty() && sel.root != "/") {
    err << "sysctl-advisor: --root and --snapshot exclude each other: a snapshot already holds the host\n";
    return std::nullopt;
  }
  if (sel.sample_seconds < 0 || sel.sample_seconds > 3600) {
    err << "sysctl-advisor: --sample must be between 0 and 3600 seconds\n";
    return std::nullopt;
  }
  auto knowledge = load_trusted_knowledge(sel.rules_dir, sel.profiles_dir, sel.local_rules, sel.insecure, "plan", err);
  if (!knowledge) return std::nullopt;
  auto plan = plan_with(*knowledge, sel, err);
  if (keep) *keep = std::move(knowledge);
  return plan;
}

std::optional<plan::Plan> plan_with(const engine::Knowledge& k, const PlanSelection& sel, std::ostream& err) {
  const engine::Profile* chosen = nullptr;
  if (!sel.profile.empty()) {
    chosen = k.profiles.find(sel.profile);
    if (!chosen) {
      err << "sysctl-advisor: unknown profile '" << sel.profile << "'";
      err << engine::did_you_mean_hint(sel.profile, k.profiles.names());
      err << " (installed:";
      for (const auto& n : k.profiles.names()) err << " " << n;
      err << ")\n";
      return std::nullopt;
    }
  }
  HostInputs in;
  if (!read_inputs(sel, k.catalog, in, err)) return std::nullopt;
  // A root with configuration files but no /proc (a copy of /etc) has no live facts: plan it
  // offline, so rules say "needs the live host" rather than "key absent on this kernel".
  bool host_readable = !in.host.kernel.empty();
  for (const auto& [key, v] : in.host.sysctl) host_readable = host_readable || v.status == live::SysctlValue::Status::ok;
  engine::Facts facts = engine::host_facts(host_readable ? &in.host : nullptr, in.have_config ? &in.config : nullptr, k.catalog);
  std::string reason = "--profile";
  if (!chosen) {
    engine::Inference inf = engine::infer_profile(k.profiles, facts);
    chosen = k.profiles.find(inf.profile);
    reason = inf.reason;
    if (!chosen) {
      err << "sysctl-advisor: the inferred profile '" << inf.profile << "' is not installed\n";
      return std::nullopt;
    }
  }
  plan::Plan p = engine::evaluate(k.rules, *chosen, facts);
  p.profile_reason = reason;
  // A snapshot names no boot or namespace: its plan records no host, and apply treats it as such.
  if (sel.snapshot.empty()) p.host = live::read_host_identity(user_path(sel.root));
  if (in.netns) {
    p.netns = netns_ref(*in.netns);
    engine::scope_changes_to_netns(p, k.catalog);
    if (in.have_config) engine::host_config_reach(p, k.catalog, in.host, in.config);
  } else if (!in.host.netns_target.empty()) {  // a snapshot of a namespace
    p.netns = plan::NetnsRef{in.host.netns_target, in.host.netns_inode, false};
    engine::scope_changes_to_netns(p, k.catalog);
  } else if (in.host.initial_netns == std::optional<bool>(false)) {
    // Run inside a container (or a snapshot taken there): a global key it shows read-only
    // (nf_conntrack_max) was evaluated, but only the host can set it.
    const uint64_t inode = sel.snapshot.empty() ? live::own_netns_inode() : in.host.netns_inode;
    engine::scope_changes_to_namespace(
        p, k.catalog, plan::NetnsRef{"the namespace sysctl-advisor ran in, not the initial one", inode, false});
  }
  // Other writers (docs/writers.md): the host's files and processes, so not for a snapshot, nor for
  // another namespace (TuneD, ufw and units write the host's own).
  if (sel.snapshot.empty() && !(in.netns && !in.netns->is_host())) {
    fs::path root = user_path(sel.root);
    auto claims = detect_other_writers(sel.rules_dir, root, is_live_root(root), err);
    if (!claims) return std::nullopt;
    engine::add_other_writer_findings(p, *claims);
  }
  return p;
}

}  // namespace sa::cli
