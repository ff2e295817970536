// `sysctl-advisor snapshot`: the host's live facts and its configuration model in one document.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "advisor/apply/applier.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/print_messages.h"
#include "advisor/cli/netns_option.h"
#include "advisor/config/config_json.h"
#include "advisor/config/config_set.h"
#include "advisor/live/host_state.h"
#include "advisor/live/snapshot_json.h"
#include "advisor/report/prometheus.h"
#include "advisor/report/snapshot_report.h"

namespace po = boost::program_options;

namespace sa::cli {
namespace {

constexpr const char* kUsageText =
    "usage: sysctl-advisor snapshot [--root DIR] [--netns TARGET] [--sample SECONDS] [-o FILE]\n"
    "                               [--format text|json|prometheus]\n\n"
    "Records what the host says about itself: sysctl values, TCP counters (and their rates with\n"
    "--sample), the socket census per state and per destination, and the sysctl configuration files,\n"
    "as JSON (schema sysctl-advisor/snapshot/v2) for `plan --snapshot FILE` on another machine.\n"
    "Text for a person when stdout is a terminal; JSON when piped or with -o. prometheus: socket\n"
    "states, top destinations' port shares and listen/SYN-cookie rates for node_exporter's textfile\n"
    "collector.";

// Hidden: tests and benchmarks force one census path (also $SYSCTL_ADVISOR_CENSUS).
std::optional<live::CensusSource> parse_census(const std::string& text) {
  if (text.empty() || text == "auto") return live::CensusSource::automatic;
  if (text == "netlink") return live::CensusSource::netlink;
  if (text == "proc") return live::CensusSource::proc;
  return std::nullopt;
}

}  // namespace

int run_snapshot(const Args& args) {
  std::string root = "/", output, format, census, netns, processes = "yes";
  double sample = 0;
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "root", po::value(&root)->default_value("/"), "read the host under DIR (its /proc copy and /etc) instead of this one")(
      "sample", po::value(&sample)->default_value(0), "read the counters twice, SECONDS apart, to report rates per second")(
      "output,o", po::value(&output), "write the JSON snapshot to FILE")(
      "format", po::value(&format), "text, json or prometheus (default: text on a terminal, json otherwise)")(
      "netns", po::value(&netns), kNetnsHelp);
  po::options_description hidden;
  hidden.add_options()("census", po::value(&census), "auto | netlink | proc")(
      // bench/census.sh times the census with and without the /proc/PID/fd walk.
      "processes", po::value(&processes), "yes | no: attribute sockets to processes by inode");
  po::options_description all;
  all.add(desc).add(hidden);
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {  // the usage without the hidden options
      std::cout << kUsageText << "\n\n" << desc << "\n";
      return kOk;
    }
  }
  po::variables_map vm;
  bool help = false;
  if (!parse_args("snapshot", args, all, nullptr, vm, kUsageText, &help)) return kUsage;
  if (help) return kOk;

  if (census.empty()) {
    if (const char* env = std::getenv("SYSCTL_ADVISOR_CENSUS")) census = env;
  }
  auto source = parse_census(census);
  if (!source) {
    std::cerr << "sysctl-advisor snapshot: --census must be auto, netlink or proc, not '" << census << "'\n";
    return kUsage;
  }
  if (processes != "yes" && processes != "no") {
    std::cerr << "sysctl-advisor snapshot: --processes must be yes or no, not '" << processes << "'\n";
    return kUsage;
  }
  if (sample < 0 || sample > 3600) {
    std::cerr << "sysctl-advisor snapshot: --sample must be between 0 and 3600 seconds, not " << sample << "\n";
    return kUsage;
  }
  if (format.empty()) format = (output.empty() && isatty(STDOUT_FILENO)) ? "text" : "json";
  if (format != "text" && format != "json" && format != "prometheus") {
    std::cerr << "sysctl-advisor snapshot: --format must be text, json or prometheus, not '" << format << "'\n";
    return kUsage;
  }
  if (!output.empty() && format != "json") {
    std::cerr << "sysctl-advisor snapshot: -o writes the JSON snapshot; --format text prints to the terminal only\n";
    return kUsage;
  }

  const std::filesystem::path root_path = user_path(root);
  print_messages("snapshot", apply::unfinished_warnings(apply::default_state_dir(root_path)));  // an apply killed part-way
  std::error_code ec;
  if (root != "/" && !std::filesystem::is_directory(root_path, ec)) {
    std::cerr << "sysctl-advisor snapshot: --root " << root << ": not a directory\n";
    return kUsage;
  }

  config::LoadOptions load;
  load.root = root_path;
  load.loader = config::default_loader(root_path);
  config::ConfigSet configs = config::load_system(load);

  live::ReadOptions read;
  read.root = root_path;
  read.sample_seconds = sample;
  read.census = *source;
  read.processes = processes == "yes";
  // Every configured key too, so a later plan can compare configured and live values offline.
  for (const auto& k : configs.keys)
    if (!k.is_glob) read.keys.push_back(k.key);
  if (!netns.empty() && root != "/") {
    std::cerr << "sysctl-advisor snapshot: --netns reads a live namespace; --root a copy of a host: use one\n";
    return kUsage;
  }
  std::optional<live::NetnsEntered> entered;
  if (!enter_netns_option(netns, entered, std::cerr)) return kUsage;
  live::HostState host = live::read_host(read);
  if (entered) mark_host(host, *entered);
  const nlohmann::json config_json = config::to_json(configs);

  if (format == "text") {
    report::render_snapshot_text(host, config_json, std::cout);
    return kOk;
  }
  if (format == "prometheus") {
    std::cout << report::snapshot_prometheus(host);
    return kOk;
  }
  const auto doc = live::snapshot_to_json(host, config_json);
  // Invalid UTF-8 in a value or file name is replaced, never a reason to lose the snapshot.
  const std::string text = doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  if (output.empty()) {
    std::cout << text;
    return kOk;
  }
  const std::filesystem::path out_path = user_path(output);
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "sysctl-advisor snapshot: cannot write " << out_path.string() << "\n";
    return kUsage;
  }
  std::cerr << "snapshot written to " << out_path.string() << " (" << host.sockets.states["time-wait"]
            << " time-wait sockets, " << host.counters.size() << " counters, " << host.sysctl.size() << " keys)\n";
  return kOk;
}

}  // namespace sa::cli
