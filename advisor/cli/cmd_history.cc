// `sysctl-advisor history`: the journal, one line per apply or rollback.
#include <iostream>

#include "advisor/apply/applier.h"
#include "advisor/apply/journal.h"
#include "advisor/apply/safe_fs.h"
#include "advisor/apply/state_lock.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"
#include "advisor/cli/print_messages.h"
#include "advisor/report/history_report.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {

namespace {

const char kHelp[] =
    "usage: sysctl-advisor history [--format text|json] [--state-dir DIR] [--root DIR]\n\n"
    "Lists every apply and rollback in the journal, oldest first: id, time, user, profile, the keys\n"
    "changed, and the outcome (applied, failed, interrupted, rolled-back, done, in-progress).";

}  // namespace

int run_history(const Args& args) {
  std::string root = "/", state_dir, format = "text";
  po::options_description desc("history options");
  desc.add_options()("help,h", "this help")
      ("format", po::value(&format)->default_value("text"), "text | json")
      ("root", po::value(&root)->default_value("/"), "filesystem root of the host")
      ("state-dir", po::value(&state_dir), "journal folder (default ROOT/var/lib/sysctl-advisor)");
  po::variables_map vm;
  bool help = false;
  if (!parse_args("history", args, desc, nullptr, vm, kHelp, &help)) return kUsage;
  if (help) return kOk;
  if (format != "text" && format != "json") {
    std::cerr << "sysctl-advisor history: --format: expected text or json, got '" << format << "'\n";
    return kUsage;
  }
  fs::path dir = state_dir.empty() ? apply::default_state_dir(user_path(root)) : user_path(state_dir);
  std::vector<apply::Entry> entries;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec))) {
    apply::DirOpen d = apply::open_dir(dir, std::nullopt, /*private_dir=*/true, root.empty() ? fs::path() : user_path(root));
    if (!d.result.ok) {
      std::cerr << "sysctl-advisor history: " << d.result.error << "\n";
      return kUsage;
    }
    apply::Journal journal(d.fd.get(), dir.string());
    std::vector<std::string> problems;
    entries = journal.list(&problems);
    for (const auto& p : problems) std::cerr << "warning: unreadable journal entry: " << p << "\n";
    // history takes no lock, so it only reports what the next apply or rollback removes.
    for (const auto& t : apply::stale_temp_files(d.fd.get(), false))
      std::cerr << "note: " << dir.string() << "/" << t << " was left by an interrupted write; the next apply or rollback removes it\n";
    if (apply::state_lock_held(d.fd.get()))
      std::cerr << "note: an apply or rollback is running now; its entry shows in-progress until it ends\n";
    else
      for (const auto& e : apply::interrupted_entries(entries)) print_message("history", {apply::Message::Severity::kWarning, apply::interrupted_warning(e)});
  }
  if (format == "json") std::cout << report::history_json(entries, dir).dump(2) << "\n";
  else report::history_text(entries, std::cout);
  return kOk;
}

}  // namespace sa::cli
