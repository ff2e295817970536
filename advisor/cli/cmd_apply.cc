// `sysctl-advisor apply`: the plan `plan` shows (same selection), or a reviewed plan file
// (--plan FILE from `plan --format json`), applied with a journal and undone on any failure.
// The work is in advisor/apply/applier.h; this file parses options, finds the plan, confirms.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "advisor/apply/applier.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/netns_option.h"
#include "advisor/cli/other_writers.h"
#include "advisor/cli/print_messages.h"
#include "advisor/cli/plan_pipeline.h"
#include "advisor/live/host_state.h"
#include "advisor/config/file_trust.h"
#include "advisor/core/json_read.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/engine/deny_list.h"
#include "advisor/plan/plan_json.h"
#include "advisor/report/apply_messages.h"
#include "advisor/report/runtime_snippet.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {

namespace {

const char kHelp[] =
    "usage: sysctl-advisor apply [--profile NAME] [--root DIR] [--plan FILE] [--yes]\n"
    "                            [--persist-file PATH | --no-persist] [--state-dir DIR]\n"
    "                            [--allow-key KEY ...] [--force-stale] [--force]\n\n"
    "Applies the plan `sysctl-advisor plan` shows (same options), or a plan saved with\n"
    "`plan --format json` (--plan FILE): writes each value under /proc/sys and reads it back,\n"
    "then persists the plan to /etc/sysctl.d/90-sysctl-advisor.conf so it survives reboot.\n"
    "A journal entry is written first; any failure or Ctrl-C undoes every change.\n"
    "A --plan file is checked first: every change must be one the loaded rules propose, or a key of\n"
    "the catalog with a value in its range (--allow-key KEY for others; never the keys of\n"
    "rules/apply-deny.toml), made on this host against the values it still has (--force-stale).\n"
    "Undo later with `sysctl-advisor rollback`. With --netns TARGET it changes that network\n"
    "namespace only, persists nothing (the host's sysctl.d does not reach it) and prints the\n"
    "Kubernetes / Compose / docker snippets that make the values stick.\n"
    "A key another writer sets (TuneD, ufw, a unit or rc.local, bpftune, kube-proxy: `plan` shows\n"
    "them as other-writer, rules/writers.toml says where they are looked for) is refused, naming\n"
    "the writer, unless --force; the writer may undo it then.\n"
    "Exit: 0 applied or nothing to change, 1 declined,\n"
    "2 refused (nothing changed), 3 failed and undone.";

// The plan file is read through the descriptor whose owner and mode were checked, like sudo reads
// sudoers: a file someone else could have edited after the review is refused (unless --insecure).
std::optional<plan::Plan> read_plan_file(const fs::path& path, bool insecure, std::ostream& err) {
  std::string error, warning;
  std::optional<std::string> text = config::read_trusted_file(path, insecure, &error, &warning);
  if (!warning.empty()) err << warning << "\n";
  if (!text) {
    err << "sysctl-advisor apply: " << error << "\nrefusing the plan: nothing was changed\n";
    return std::nullopt;
  }
  nlohmann::json j;
  JsonError je;
  if (!parse_json(*text, j, je)) {
    err << "sysctl-advisor apply: " << je.where(path.string()) << ": " << je.message
        << " (expected the output of `sysctl-advisor plan --format json`)\n";
    return std::nullopt;
  }
  std::vector<Diagnostic> errors;
  auto p = plan::plan_from_json(j, errors);
  for (auto& e : errors) {
    e.where.file = path.string();
    err << format_diagnostic(e) << "\n";
  }
  if (!p) err << "refusing the plan: nothing was changed\n";
  return p;
}

// Adds an option unless the shared plan selection already did.
void add_if_missing(po::options_description& desc, const char* name, const po::value_semantic* v, const char* help) {
  if (!desc.find_nothrow(name, false)) desc.add_options()(name, v, help);
  else delete v;
}

}  // namespace

int run_apply(const Args& args) {
  PlanSelection sel;
  std::string plan_file, persist_file, state_dir;
  std::vector<std::string> allow_keys;
  double lock_wait = apply::kDefaultLockWaitSeconds;
  po::options_description desc("apply options");
  desc.add_options()("help,h", "this help");
  add_plan_selection_options(desc, sel);
  add_if_missing(desc, "root", po::value(&sel.root)->default_value("/"), "filesystem root of the host");
  add_if_missing(desc, "loader", po::value(&sel.loader), "boot loader to check the persist file against: systemd | procps");
  desc.add_options()
      ("plan", po::value(&plan_file), "apply this plan file (from `plan --format json`) instead of planning now")
      ("yes,y", "do not ask for confirmation (required without a terminal)")
      ("persist-file", po::value(&persist_file), "where to persist (default ROOT/etc/sysctl.d/90-sysctl-advisor.conf)")
      ("no-persist", "change live values only; they last until reboot")
      ("state-dir", po::value(&state_dir), "journal folder (default ROOT/var/lib/sysctl-advisor)")
      ("lock-wait", po::value(&lock_wait)->default_value(apply::kDefaultLockWaitSeconds), "seconds to wait for another apply or rollback")
      ("allow-key", po::value(&allow_keys)->composing(), "let a --plan file change KEY although the key catalog does "
                                                         "not describe it (once per key; never a denied key)")
      ("force-stale", "apply a --plan file although the host changed since it was made (values, boot, kernel); "
                      "never one made on another host")
      ("force", "change keys another writer (TuneD, ufw, a unit, bpftune, kube-proxy) also sets; it may undo them");
  po::variables_map vm;
  bool help = false;
  if (!parse_args("apply", args, desc, nullptr, vm, kHelp, &help)) return kUsage;
  if (help) return kOk;

  if (vm.count("persist-file") && vm.count("no-persist")) {
    std::cerr << "sysctl-advisor apply: --persist-file and --no-persist exclude each other\n";
    return kUsage;
  }
  if (!sel.snapshot.empty()) {
    std::cerr << "sysctl-advisor apply: --snapshot plans for another host; apply changes this one. Save the plan with "
                 "`plan --snapshot ... --format json` and review it instead.\n";
    return kUsage;
  }
  if (!plan_file.empty()) {
    // --rules and --profiles stay: they name the rules the plan is verified against.
    for (const char* o : {"profile", "sample"})
      if (vm.count(o) && !vm[o].defaulted()) {
        std::cerr << "sysctl-advisor apply: --plan FILE already holds the plan; --" << o << " does not apply to it\n";
        return kUsage;
      }
  }

  apply::ApplyOptions opt;
  for (const auto& k : allow_keys) {
    std::string key = normalize_key(k);
    if (!is_valid_key(key)) {
      std::cerr << "sysctl-advisor apply: --allow-key '" << k << "' is not a sysctl key (one key per --allow-key, no globs)\n";
      return kUsage;
    }
    opt.allow_keys.insert(key);
  }
  opt.check_stale = !plan_file.empty();
  opt.force_stale = vm.count("force-stale") > 0;
  if (opt.force_stale && plan_file.empty()) {
    std::cerr << "sysctl-advisor apply: --force-stale is for --plan FILE (a plan made now is never stale)\n";
    return kUsage;
  }
  // What the plan is checked against: the rules and catalog, and the keys apply never writes.
  auto knowledge = load_trusted_knowledge(sel.rules_dir, sel.profiles_dir, sel.local_rules, sel.insecure, "apply", std::cerr);
  if (!knowledge) return kUsage;
  auto deny = load_deny_list(sel.rules_dir);
  if (!deny.ok()) {
    for (const auto& d : deny.diagnostics) std::cerr << format_diagnostic(d) << "\n";
    std::cerr << "sysctl-advisor apply: no valid deny list: nothing was changed\n";
    return kUsage;
  }
  opt.knowledge = &*knowledge;
  opt.deny = &deny.value;
  opt.root = user_path(sel.root);
  opt.state_dir = state_dir.empty() ? apply::default_state_dir(opt.root) : user_path(state_dir);
  if (!vm.count("no-persist"))
    opt.persist_file = persist_file.empty() ? apply::default_persist_file(opt.root) : user_path(persist_file);
  opt.lock_wait_seconds = lock_wait;
  if (!sel.loader.empty()) {
    opt.loader = config::parse_loader(sel.loader);
    if (!opt.loader) {
      std::cerr << "sysctl-advisor apply: --loader: expected systemd or procps, got '" << sel.loader << "'\n";
      return kUsage;
    }
  }

  if (!sel.netns.empty() && sel.root != "/") {
    std::cerr << "sysctl-advisor apply: --netns and --root exclude each other\n";
    return kUsage;
  }
  std::optional<plan::Plan> plan;
  if (!plan_file.empty()) {
    plan = read_plan_file(user_path(plan_file), sel.insecure, std::cerr);
    opt.plan_source = "--plan " + user_path(plan_file).string();
    if (!plan) return kUsage;
    std::optional<live::NetnsEntered> entered;
    if (!enter_netns_option(sel.netns, entered, std::cerr)) return kUsage;
    // A plan is for the namespace it was made in: values for a container must not land on the host.
    const bool plan_foreign = plan->netns && !plan->netns->host;
    const bool here_foreign = entered && !entered->is_host();
    if (plan_foreign != here_foreign || (plan_foreign && plan->netns->inode != entered->inode)) {
      std::cerr << "sysctl-advisor apply: the plan was made for "
                << (plan_foreign ? "network namespace net:[" + std::to_string(plan->netns->inode) + "] (" +
                                       plan->netns->target + ")"
                                 : std::string("the host's namespace"))
                << " but would be applied to "
                << (here_foreign ? entered->describe() : std::string("the host's namespace"))
                << ": give the same --netns as the plan (a PID changes when the container restarts: plan again). "
                   "nothing was changed\n";
      return kUsage;
    }
  } else {
    plan = make_plan(sel, std::cerr);
    opt.plan_source = "planned on the host" + (sel.profile.empty() ? std::string() : " for --profile " + sel.profile);
    if (!plan) return kUsage;
  }
  const bool in_container = plan->netns && !plan->netns->host;
  // Other writers of the host (docs/writers.md); not for another namespace, which they do not write.
  // Planning now has already printed their notes: only a --plan file's apply shows them here.
  opt.force_other_writers = vm.count("force") > 0;
  if (!in_container) {
    std::ostringstream notes;
    auto claims = detect_other_writers(sel.rules_dir, opt.root, is_live_root(opt.root), notes);
    if (!plan_file.empty() || !claims) std::cerr << notes.str();
    if (!claims) return kUsage;
    opt.other_writers = std::move(*claims);
  }
  if (in_container) {
    if (vm.count("persist-file")) {
      std::cerr << "sysctl-advisor apply: --persist-file with --netns: the host's sysctl.d does not reach another "
                   "network namespace; the runtime's settings do (printed after applying)\n";
      return kUsage;
    }
    opt.persist_file.reset();
    opt.plan_source += " in net:[" + std::to_string(plan->netns->inode) + "] (" + plan->netns->target + ")";
  }

  // systemd-sysctl and procps read the persisted file at boot in the initial network namespace:
  // written from a container's or `ip netns` namespace it configures the host, never this one.
  if (opt.persist_file && live::in_initial_netns(opt.root) == false)
    std::cerr << "sysctl-advisor apply: note: this process runs in a network namespace other than the initial one; "
              << opt.persist_file->string()
              << " is read at boot for the initial namespace (the host), not for this one. The live changes here "
                 "last as long as this namespace; recreate them when it is created again.\n";
  bool assume_yes = vm.count("yes") > 0;
  bool no_terminal = false;
  auto confirm = [&](const apply::ConfirmSummary& summary) {
    std::cout << report::confirmation_text(summary);
    if (assume_yes) return true;
    if (!isatty(STDIN_FILENO)) {
      no_terminal = true;
      return false;
    }
    std::cout << "Apply these changes? [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return answer == "y" || answer == "Y" || answer == "yes";
  };
  const apply::ApplyResult result = apply::apply_plan(*plan, opt, confirm, message_printer("apply"));
  const int rc = result.exit_code();
  if (no_terminal) {
    std::cerr << "sysctl-advisor apply: no terminal to ask for confirmation; rerun with --yes to apply without asking\n";
    return kUsage;
  }
  if (rc == kOk && in_container && !plan->changes.empty()) {
    std::vector<std::pair<std::string, std::string>> kv;
    for (const auto& c : plan->changes) kv.emplace_back(c.key, c.proposed);
    std::cout << "\n" << report::runtime_snippet(kv);
  }
  return rc;
}

}  // namespace sa::cli
