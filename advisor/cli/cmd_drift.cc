// `sysctl-advisor drift`: live values against boot and the last apply (advisor/apply/drift.h).
#include <iostream>

#include "advisor/apply/applier.h"
#include "advisor/apply/drift.h"
#include "advisor/apply/journal.h"
#include "advisor/apply/safe_fs.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/netns_option.h"
#include "advisor/cli/other_writers.h"
#include "advisor/config/config_set.h"
#include "advisor/engine/other_writers.h"
#include "advisor/report/drift_report.h"
#include "advisor/report/prometheus.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {
namespace {

const char kHelp[] =
    "usage: sysctl-advisor drift [--root DIR] [--netns TARGET] [--state-dir DIR] [--loader systemd|procps]\n"
    "                            [--format text|json|prometheus] [--all]\n\n"
    "For every configured key and every key an apply wrote: the live value, the value the boot-time\n"
    "files set (file:line) and the value the last apply wrote (from the journal). A live value that\n"
    "differs from boot is lost at the next reboot; one that differs from the last apply was changed\n"
    "by another writer since. With --netns only applies made in that namespace count and the boot\n"
    "files are not compared (they never reach it).\n"
    "Exit status, for monitoring: 0 no drift, 1 drift (lost at reboot or changed since apply),\n"
    "2 usage or unreadable input; with --format prometheus 0 with drift too (the metrics carry it,\n"
    "and a textfile writer must not take drift for a failed run).";

}  // namespace

int run_drift(const Args& args) {
  std::string root = "/", state_dir, format = "text", loader, netns;
  po::options_description desc("drift options");
  desc.add_options()("help,h", "this help")
      ("root", po::value(&root)->default_value("/"), "filesystem root of the host (a copy: its /proc/sys files)")
      ("netns", po::value(&netns), kNetnsHelp)
      ("state-dir", po::value(&state_dir), "journal folder (default ROOT/var/lib/sysctl-advisor)")
      ("loader", po::value(&loader), "systemd or procps: whose file order gives the boot value")
      ("format", po::value(&format)->default_value("text"), "text, json (schema sysctl-advisor/drift/v1) or prometheus (textfile collector)")
      ("all", "list every key, not only the drifting ones");
  po::variables_map vm;
  bool help = false;
  if (!parse_args("drift", args, desc, nullptr, vm, kHelp, &help)) return kUsage;
  if (help) return kOk;
  if (format != "text" && format != "json" && format != "prometheus") {
    std::cerr << "sysctl-advisor drift: --format must be text, json or prometheus, not '" << format << "'\n";
    return kUsage;
  }
  if (!netns.empty() && root != "/") {
    std::cerr << "sysctl-advisor drift: --netns and --root exclude each other\n";
    return kUsage;
  }
  const fs::path root_path = user_path(root);
  config::LoadOptions lo;
  lo.root = root_path;
  if (!loader.empty()) {
    auto l = config::parse_loader(loader);
    if (!l) {
      std::cerr << "sysctl-advisor drift: --loader must be systemd or procps, not '" << loader << "'\n";
      return kUsage;
    }
    lo.loader = *l;
  } else {
    lo.loader = config::default_loader(root_path);
  }
  config::ConfigSet config = config::load_system(lo);
  for (const auto& d : config.diagnostics) std::cerr << format_diagnostic(d) << "\n";

  const fs::path dir = state_dir.empty() ? apply::default_state_dir(root_path) : user_path(state_dir);
  std::vector<apply::Entry> entries;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec))) {
    apply::DirOpen d = apply::open_dir(dir, std::nullopt, /*private_dir=*/true);
    if (!d.result.ok) {
      std::cerr << "sysctl-advisor drift: " << d.result.error << "\n";
      return kUsage;
    }
    apply::Journal journal(d.fd.get(), dir.string());
    std::vector<std::string> problems;
    entries = journal.list(&problems);
    for (const auto& p : problems) std::cerr << "warning: unreadable journal entry: " << p << "\n";
  }

  std::optional<live::NetnsEntered> entered;
  if (!enter_netns_option(netns, entered, std::cerr)) return kUsage;
  const bool other_ns = entered && !entered->is_host();
  apply::Drift drift = apply::compute_drift(config, entries, other_ns ? entered->inode : 0, !other_ns,
                                            [&](const std::string& key) { return apply::read_live(root_path, key); });
  // Who probably wrote a drifting key: another writer of the host that sets it to the live value
  // (or to a value decided at runtime). Not for another namespace: those writers write the host's.
  if (!other_ns) {
    auto claims = detect_other_writers("", root_path, is_live_root(root_path), std::cerr);
    if (!claims) return kUsage;
    for (auto& k : drift.keys) {
      if (!k.drifted() || !k.live.exists || !k.live.error.empty()) continue;
      std::string by = engine::probable_writers(*claims, k.key, k.live.value);
      if (!by.empty()) k.written_by += (k.written_by.empty() ? "" : " or ") + by;
    }
  }
  const std::string shown = entered ? entered->describe() : "";
  if (format == "json") std::cout << report::drift_json(drift, shown).dump(2) << "\n";
  else if (format == "prometheus") std::cout << report::drift_prometheus(drift);
  else report::drift_text(drift, shown, vm.count("all") > 0, std::cout);
  if (config.has_errors()) return kUsage;
  // Metrics carry the drift themselves; a textfile writer must not treat drift as a failed run.
  if (format == "prometheus") return kOk;
  return drift.lost_at_reboot + drift.changed_since_apply > 0 ? kFindings : kOk;
}

}  // namespace sa::cli
