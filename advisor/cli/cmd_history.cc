// `sysctl-advisor history`: the journal, one line per apply or rollback.
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "advisor/apply/applier.h"
#include "advisor/apply/journal.h"
#include "advisor/apply/state_lock.h"
#include "advisor/cli/commands.h"
#include "advisor/cli/common.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {

namespace {

const char kHelp[] =
    "usage: sysctl-advisor history [--format text|json] [--state-dir DIR] [--root DIR]\n\n"
    "Lists every apply and rollback in the journal, oldest first: id, time, user, profile, the keys\n"
    "changed, and the outcome (applied, failed, interrupted, rolled-back, done, in-progress).";

std::string outcome_text(const apply::Entry& e) {
  std::string s = e.outcome;
  if (e.kind == "apply" && (e.outcome == apply::outcome::kFailed || e.outcome == apply::outcome::kInterrupted))
    s += e.restored ? " (undone)" : " (NOT undone)";
  if (!e.rolled_back_by.empty()) s += " by " + e.rolled_back_by;
  if (!e.rolls_back.empty()) s += " (of " + e.rolls_back + ")";
  return s;
}

std::string keys_text(const apply::Entry& e) {
  std::string s;
  for (const auto& k : e.keys) s += (s.empty() ? "" : ", ") + k.key + "=" + k.target;
  if (e.persist) s += std::string(s.empty() ? "" : ", ") + "file " + e.persist->path;
  return s.empty() ? "-" : s;
}

void render_text(const std::vector<apply::Entry>& entries, std::ostream& out) {
  if (entries.empty()) {
    out << "No applies or rollbacks recorded.\n";
    return;
  }
  out << std::left << std::setw(28) << "ID" << std::setw(25) << "TIME" << std::setw(10) << "USER" << std::setw(9) << "KIND"
      << std::setw(16) << "PROFILE" << "OUTCOME\n";
  for (const auto& e : entries) {
    out << std::left << std::setw(28) << e.id << std::setw(25) << e.time << std::setw(10) << e.user << std::setw(9) << e.kind
        << std::setw(16) << (e.profile.empty() ? "-" : e.profile) << outcome_text(e) << "\n";
    out << "    " << keys_text(e) << "\n";
  }
}

nlohmann::ordered_json render_json(const std::vector<apply::Entry>& entries, const fs::path& dir) {
  nlohmann::ordered_json j;
  j["schema"] = "sysctl-advisor/history/v1";
  j["state_dir"] = dir.string();
  j["entries"] = nlohmann::ordered_json::array();
  for (const auto& e : entries) {
    nlohmann::ordered_json x;
    x["id"] = e.id;
    x["kind"] = e.kind;
    x["time"] = e.time;
    x["user"] = e.user;
    x["profile"] = e.profile;
    x["outcome"] = e.outcome;
    x["restored"] = e.restored;
    x["rolled_back_by"] = e.rolled_back_by.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.rolled_back_by);
    x["rolls_back"] = e.rolls_back.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.rolls_back);
    x["keys"] = nlohmann::ordered_json::array();
    for (const auto& k : e.keys)
      x["keys"].push_back({{"key", k.key}, {"before", k.before}, {"value", k.target},
                           {"after", k.after ? nlohmann::ordered_json(*k.after) : nlohmann::ordered_json(nullptr)}});
    x["persist_file"] = e.persist ? nlohmann::ordered_json(e.persist->path) : nlohmann::ordered_json(nullptr);
    j["entries"].push_back(std::move(x));
  }
  return j;
}

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
    apply::DirOpen d = apply::open_dir(dir, std::nullopt, /*private_dir=*/true);
    if (!d.result.ok) {
      std::cerr << "sysctl-advisor history: " << d.result.error << "\n";
      return kUsage;
    }
    apply::Journal journal(d.fd.get(), dir.string());
    std::vector<std::string> problems;
    entries = journal.list(&problems);
    for (const auto& p : problems) std::cerr << "warning: unreadable journal entry: " << p << "\n";
    if (apply::state_lock_held(d.fd.get()))
      std::cerr << "note: an apply or rollback is running now; its entry shows in-progress until it ends\n";
    else
      for (const auto& e : apply::interrupted_entries(entries)) std::cerr << apply::interrupted_warning(e) << "\n";
  }
  if (format == "json") std::cout << render_json(entries, dir).dump(2) << "\n";
  else render_text(entries, std::cout);
  return kOk;
}

}  // namespace sa::cli
