// `sysctl-advisor rollback`: undo an apply from its journal entry (advisor/apply/rollback.h).
#include <iostream>

#include "advisor/apply/applier.h"
#include "advisor/apply/rollback.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/netns_option.h"
#include "advisor/cli/print_messages.h"

namespace po = boost::program_options;

namespace sa::cli {

namespace {
const char kHelp[] =
    "usage: sysctl-advisor rollback [--id ID] [--force] [--state-dir DIR] [--root DIR] [--netns TARGET]\n\n"
    "Restores the live values and the persisted file that an apply changed (the newest one, or --id\n"
    "from `sysctl-advisor history`), checks them, and journals the rollback. Running it twice is\n"
    "harmless. A key someone else changed since the apply is only overwritten with --force.\n"
    "Exit: 0 rolled back or nothing to do, 2 refused (nothing changed), 3 a restore failed.";
}

int run_rollback(const Args& args) {
  std::string root = "/", state_dir, id, netns;
  double lock_wait = apply::kDefaultLockWaitSeconds;
  po::options_description desc("rollback options");
  desc.add_options()("help,h", "this help")
      ("id", po::value(&id), "the apply to undo (default: the newest that changed something)")
      ("force", "overwrite keys and files changed by someone else since the apply")
      ("root", po::value(&root)->default_value("/"), "filesystem root of the host")
      ("state-dir", po::value(&state_dir), "journal folder (default ROOT/var/lib/sysctl-advisor)")
      ("lock-wait", po::value(&lock_wait)->default_value(apply::kDefaultLockWaitSeconds), "seconds to wait for another apply or rollback")
      ("netns", po::value(&netns), "roll back an `apply --netns` in that namespace (PID, /run/netns name or path)");
  po::variables_map vm;
  bool help = false;
  if (!parse_args("rollback", args, desc, nullptr, vm, kHelp, &help)) return kUsage;
  if (help) return kOk;
  apply::RollbackOptions opt;
  opt.root = user_path(root);
  opt.state_dir = state_dir.empty() ? apply::default_state_dir(opt.root) : user_path(state_dir);
  opt.id = id;
  opt.force = vm.count("force") > 0;
  opt.lock_wait_seconds = lock_wait;
  std::optional<live::NetnsEntered> entered;
  if (!netns.empty() && root != "/") {
    std::cerr << "sysctl-advisor rollback: --netns and --root exclude each other\n";
    return kUsage;
  }
  if (!enter_netns_option(netns, entered, std::cerr)) return kUsage;
  if (entered && !entered->is_host()) opt.netns_inode = entered->inode;
  return apply::rollback(opt, message_printer("rollback")).exit_code();
}

}  // namespace sa::cli
