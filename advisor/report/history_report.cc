#include "advisor/report/history_report.h"

#include <iomanip>

#include "advisor/core/printable.h"

namespace sa::report {

namespace {

std::string outcome_text(const apply::Entry& e) {
  std::string s = printable_line(e.outcome);
  if (e.kind == "apply" && (e.outcome == apply::outcome::kFailed || e.outcome == apply::outcome::kInterrupted))
    s += e.restored ? " (undone)" : " (NOT undone)";
  if (!e.rolled_back_by.empty()) s += " by " + printable_line(e.rolled_back_by);
  if (!e.rolls_back.empty()) s += " (of " + printable_line(e.rolls_back) + ")";
  return s;
}

std::string keys_text(const apply::Entry& e) {
  std::string s;
  for (const auto& k : e.keys) s += (s.empty() ? "" : ", ") + printable_line(k.key) + "=" + printable_line(k.target);
  if (e.persist) s += std::string(s.empty() ? "" : ", ") + "file " + printable_line(e.persist->path);
  return s.empty() ? "-" : s;
}

}  // namespace

void history_text(const std::vector<apply::Entry>& entries, std::ostream& out) {
  if (entries.empty()) {
    out << "No applies or rollbacks recorded.\n";
    return;
  }
  out << std::left << std::setw(28) << "ID" << std::setw(25) << "TIME" << std::setw(10) << "USER" << std::setw(9) << "KIND"
      << std::setw(16) << "PROFILE" << "OUTCOME\n";
  for (const auto& e : entries) {
    // A journal entry is a file: its text is escaped like any other (a profile name could hold ESC).
    out << std::left << std::setw(28) << printable_line(e.id) << std::setw(25) << printable_line(e.time) << std::setw(10)
        << printable_line(e.user) << std::setw(9) << printable_line(e.kind) << std::setw(16)
        << (e.profile.empty() ? "-" : printable_line(e.profile)) << outcome_text(e) << "\n";
    out << "    " << keys_text(e) << "\n";
  }
}

nlohmann::ordered_json history_json(const std::vector<apply::Entry>& entries, const std::filesystem::path& dir) {
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

}  // namespace sa::report
