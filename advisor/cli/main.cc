// sysctl-advisor: dispatch to a subcommand. Nothing else lives here.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "advisor/build_info/build_info.h"
#include "advisor/cli/commands.h"
#include "advisor/core/exit_codes.h"
#include "advisor/core/tree_path.h"

namespace {

struct Command {
  const char* name;
  int (*run)(const sa::cli::Args&);
  const char* summary;
};

const Command kCommands[] = {
    {"plan", sa::cli::run_plan, "propose changes for this host's role, with the reasoning and evidence (dry run)"},
    {"apply", sa::cli::run_apply, "apply a plan live and persist it, with a journal to roll back"},
    {"rollback", sa::cli::run_rollback, "restore the values and file an earlier apply changed"},
    {"history", sa::cli::run_history, "list earlier applies and rollbacks"},
    {"drift", sa::cli::run_drift, "live values against boot and the last apply: lost at reboot, changed by another writer"},
    {"check", sa::cli::run_check, "lint sysctl files in a repository against a profile (for CI)"},
    {"config", sa::cli::run_config, "show the effective value of every configured key and where it comes from"},
    {"snapshot", sa::cli::run_snapshot, "record live values, counters and sockets as JSON"},
    {"explain", sa::cli::run_explain, "explain a sysctl key or a rule id"},
    {"profiles", sa::cli::run_profiles, "list the deployment profiles"},
    {"rules", sa::cli::run_rules, "list the tuning rules"},
    {"report", sa::cli::run_report, "summarise many hosts' plans or snapshots by rule and by profile"},
};

void usage(std::ostream& out) {
  out << "usage: sysctl-advisor COMMAND [OPTIONS]\n\n"
         "Reads a host's sysctl configuration and live TCP counters, matches the host against its role\n"
         "(load balancer, web server behind one, database, internet edge) and proposes TCP settings\n"
         "with the evidence for each. Nothing changes unless you run `apply`.\n\ncommands:\n";
  for (const auto& c : kCommands) out << "  " << c.name << std::string(10 - std::string(c.name).size(), ' ') << c.summary << "\n";
  out << "\nglobal options (before or after COMMAND):\n"
         "  --quiet   print nothing on stdout (errors and warnings still go to stderr; the exit status\n"
         "            says the outcome: `plan --exit-code --quiet` in a cron job)\n"
         "  --version print the version, the commit it was built from and the rules version\n"
         "colour: only when stdout is a terminal, and never when NO_COLOR is set (https://no-color.org)\n"
         "\n`sysctl-advisor COMMAND --help` describes a command's options.\n"
         "exit status: 0 nothing to report, 1 findings/changes at the threshold, 2 usage or input error,\n"
         "3 apply or rollback failed and was undone.\n";
}

// Discards what is written to it: std::cout under --quiet.
struct NullBuffer : std::streambuf {
  int overflow(int c) override { return c; }
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Global flags may stand anywhere; they are taken out before the command parses its options.
  bool quiet = false;
  for (auto it = args.begin(); it != args.end();) {
    if (*it == "--quiet") {
      quiet = true;
      it = args.erase(it);
    } else {
      ++it;
    }
  }
  if (!args.empty() && args[0] == "--version") return sa::cli::run_version(sa::build_info::kVersion, sa::build_info::kCommit);
  if (quiet && !args.empty() && args[0] == "apply" &&
      std::find(args.begin(), args.end(), "--yes") == args.end()) {
    std::cerr << "sysctl-advisor apply: --quiet would hide the plan and the question; add --yes to apply without asking\n";
    return sa::kUsage;
  }
  // Never destroyed: std::cout is flushed after main's statics are gone (ios_base::Init's
  // destructor), and a function-local buffer would be dead by then (ASan: SEGV in flush at exit,
  // tests/packaging/cli_conventions_test under --config=asan).
  static NullBuffer* const null_buffer = new NullBuffer;
  if (quiet) std::cout.rdbuf(null_buffer);
  if (args.empty()) {
    usage(std::cerr);
    return sa::kUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    usage(std::cout);
    return sa::kOk;
  }
  for (const auto& c : kCommands) {
    if (args[0] == c.name) {
      int rc = sa::kUsage;
      try {
        rc = c.run(sa::cli::Args(args.begin() + 1, args.end()));
      } catch (const std::exception& e) {
        std::cerr << "sysctl-advisor " << c.name << ": " << e.what() << "\n";
      }
      // Links under --root that pointed out of the tree were read as the tree's own: say so.
      // A tree copied as links (a runfiles tree, `cp -s`) would print one per file: ten, then a count.
      const auto notes = sa::tree_escape_notes();
      for (size_t i = 0; i < notes.size() && i < 10; ++i) std::cerr << "sysctl-advisor " << c.name << ": note: " << notes[i] << "\n";
      if (notes.size() > 10)
        std::cerr << "sysctl-advisor " << c.name << ": note: and " << notes.size() - 10
                  << " more links out of the --root tree, each read inside it as above\n";
      return rc;
    }
  }
  std::cerr << "sysctl-advisor: unknown command '" << args[0] << "'\n\n";
  usage(std::cerr);
  return sa::kUsage;
}
