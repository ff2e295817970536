// `sysctl-advisor config`: what the boot-time loader would write, key by key, with where each value
// comes from and which lines it shadows. Parse options, load, render; nothing else.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "advisor/apply/applier.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/print_messages.h"
#include "advisor/config/config_json.h"
#include "advisor/config/config_set.h"
#include "advisor/report/config_report.h"

namespace po = boost::program_options;

namespace sa::cli {

static const char* kConfigUsage =
    "usage: sysctl-advisor config [--root DIR] [--loader systemd|procps] [--format text|json] [FILE...]\n"
    "\n"
    "Shows the value each configured sysctl key gets at boot, the file:line it comes from, and\n"
    "beneath it every earlier line it shadows. Reads the files the boot-time loader reads, in its\n"
    "order: /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d, /lib/sysctl.d\n"
    "(a name in an earlier folder hides the same name later; a link to /dev/null masks it), and\n"
    "for procps `sysctl --system` also /etc/sysctl.conf, last. With FILE... reads only those files,\n"
    "in that order (like `sysctl -p FILE...`). See docs/loaders.md for how the two loaders differ.\n"
    "\n"
    "Problems in the files (a line with no '=', a bad key, an unreadable file, binary data) are\n"
    "printed on stderr as file:line: severity: message [code]; the other lines still count.\n"
    "Exit status: 0 read cleanly (warnings allowed), 2 usage error or errors in the files.\n"
    "\n"
    "examples:\n"
    "  sysctl-advisor config                                 this host, its boot-time loader\n"
    "  sysctl-advisor config --root /srv/copy-of-web01       a copied host tree (paths shown as on that host)\n"
    "  sysctl-advisor config --loader procps --format json   what `sysctl --system` would apply, as JSON\n"
    "  sysctl-advisor config ./sysctl.d/*.conf               only these files\n";

int run_config(const Args& args) {
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help")(
      "root", po::value<std::string>()->default_value("/"),
      "treat DIR as the filesystem root (a copy of another host); file paths are shown as on that host")(
      "loader", po::value<std::string>(),
      "systemd (systemd-sysctl) or procps (sysctl --system); default: the one that runs at boot under the root -- "
      "systemd when root/run/systemd/system or systemd-sysctl exists, else procps")(
      "format", po::value<std::string>()->default_value("text"), "text or json (schema sysctl-advisor/config/v1)")(
      "file", po::value<std::vector<std::string>>()->multitoken(), "files to read instead of the system folders");
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  bool help = false;
  if (!parse_args("config", args, desc, &pos, vm, kConfigUsage, &help)) return kUsage;
  if (help) return kOk;

  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    std::cerr << "sysctl-advisor config: --format must be text or json, not '" << format << "'\n";
    return kUsage;
  }
  const auto root = user_path(vm["root"].as<std::string>());
  print_messages("config", apply::unfinished_warnings(apply::default_state_dir(root)));  // an apply killed part-way
  config::Loader loader;
  std::string reason;
  if (vm.count("loader")) {
    auto l = config::parse_loader(vm["loader"].as<std::string>());
    if (!l) {
      std::cerr << "sysctl-advisor config: --loader must be systemd or procps, not '" << vm["loader"].as<std::string>()
                << "'\n";
      return kUsage;
    }
    loader = *l;
    reason = "--loader";
  } else {
    loader = config::default_loader(root);
    reason = "default: " + config::default_loader_reason(root);
  }

  config::ConfigSet set;
  if (vm.count("file")) {
    std::vector<std::filesystem::path> files;
    for (const auto& f : vm["file"].as<std::vector<std::string>>()) files.push_back(user_path(f));
    set = config::load_files(files, loader);
    reason += "; only the files given";
  } else {
    config::LoadOptions options;
    options.root = root;
    options.loader = loader;
    set = config::load_system(options);
  }

  for (const auto& d : set.diagnostics) std::cerr << format_diagnostic(d) << "\n";

  // Both formats come in pieces and go straight to stdout: a million lines never sit whole in memory.
  bool written = true;
  std::string out;
  auto drain = [&](std::string& text) {
    written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && written;
    text.clear();
  };
  if (format == "json") {
    config::write_json(set, "sysctl-advisor/config/v1", out, drain);
  } else {
    report::ConfigTextOptions options;
    options.loader_reason = reason;
    report::render_config_text(set, options, out, drain);
  }
  drain(out);
  written = std::fflush(stdout) == 0 && written;
  if (!written) {
    std::cerr << "sysctl-advisor config: cannot write the output: " << std::strerror(errno) << "\n";
    return kUsage;
  }
  if (set.has_errors()) {
    std::cerr << "sysctl-advisor config: " << report::config_summary(set) << "\n";
    return kUsage;
  }
  return kOk;
}

}  // namespace sa::cli
