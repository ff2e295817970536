#include "advisor/report/drift_report.h"

#include <algorithm>
#include <vector>

#include "advisor/core/printable.h"

namespace sa::report {
namespace {

std::string live_cell(const apply::DriftKey& k) {
  if (!k.live.error.empty()) return "unreadable";
  if (!k.live.exists) return "absent";
  return printable_line(k.live.value);  // /proc under --root, like the files, is outside input
}

std::string status(const apply::DriftKey& k) {
  std::string s;
  if (k.changed_since_apply) s = "changed since apply " + k.applied_by;
  // A key another writer sets to the live value is not simply lost at reboot: that writer (a unit,
  // TuneD, ufw at start) may set it again, and which of it and the boot files runs last decides.
  if (k.lost_at_reboot)
    s += std::string(s.empty() ? "" : "; ") +
         (k.written_by.empty() ? "lost at reboot" : "the boot files set another value");
  if (s.empty()) return k.live.error.empty() && k.live.exists ? "ok" : live_cell(k);
  if (!k.written_by.empty()) {
    s += "; probably written by " + k.written_by;
    if (k.lost_at_reboot) s += ", which may set it again at boot (the order they run in decides)";
  }
  return s;
}

void table(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> w;
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) {
      if (w.size() <= i) w.push_back(0);
      w[i] = std::max(w[i], r[i].size());
    }
  for (const auto& r : rows) {
    out << " ";
    for (size_t i = 0; i < r.size(); ++i) {
      out << " " << r[i];
      if (i + 1 < r.size()) out << std::string(w[i] - r[i].size() + 1, ' ');
    }
    out << "\n";
  }
}

}  // namespace

void drift_text(const apply::Drift& d, const std::string& netns, bool all, std::ostream& out) {
  if (!netns.empty())
    out << "Netns: " << netns << ": live values of that namespace; the host's boot-time files never reach it\n";
  size_t drifting = 0;
  for (const auto& k : d.keys) drifting += k.drifted();
  if (d.keys.empty()) {
    out << "No configured or applied keys: nothing to compare.\n";
    return;
  }
  if (drifting == 0) out << "No drift: all " << d.keys.size() << " keys have the value boot and the last apply give them.\n";
  else
    out << "Drift: " << drifting << " of " << d.keys.size() << " keys (" << d.lost_at_reboot << " lost at reboot, "
        << d.changed_since_apply << " changed since the last apply)\n";
  if (drifting == 0 && !all) return;
  std::vector<std::vector<std::string>> rows = {{"KEY", "LIVE", "BOOT", "LAST APPLY", "STATUS"}};
  for (const auto& k : d.keys) {
    if (!all && !k.drifted()) continue;
    rows.push_back({k.key, live_cell(k),
                    k.boot ? printable_line(*k.boot) + " (" + k.boot_file + ":" + std::to_string(k.boot_line) + ")" : "-",
                    k.applied ? printable_line(*k.applied) + " (" + k.applied_at + ")" : "-", status(k)});
  }
  table(rows, out);
  if (d.changed_since_apply)
    out << "\nChanged since the last apply: another writer set these after sysctl-advisor did (TuneD, bpftune,\n"
           "kube-proxy, a unit running sysctl -w, an operator). Find it before applying again.\n";
  if (d.lost_at_reboot)
    out << "\nLost at reboot: the live value is not what the boot-time files set; persist it or drop it.\n";
}

nlohmann::ordered_json drift_json(const apply::Drift& d, const std::string& netns) {
  using oj = nlohmann::ordered_json;
  oj j;
  j["schema"] = kDriftSchema;
  j["netns"] = netns.empty() ? oj(nullptr) : oj(netns);
  j["boot_applies"] = d.boot_applies;
  j["lost_at_reboot"] = d.lost_at_reboot;
  j["changed_since_apply"] = d.changed_since_apply;
  j["keys"] = oj::array();
  for (const auto& k : d.keys) {
    oj live = k.live.error.empty() && k.live.exists ? oj(k.live.value) : oj(nullptr);
    oj key = {{"key", k.key}, {"live", live}};
    if (!k.live.error.empty()) key["live_error"] = k.live.error;
    else if (!k.live.exists) key["live_error"] = "absent";
    key["boot"] = k.boot ? oj{{"value", *k.boot}, {"file", k.boot_file}, {"line", k.boot_line}} : oj(nullptr);
    key["applied"] = k.applied ? oj{{"value", *k.applied}, {"id", k.applied_by}, {"time", k.applied_at}} : oj(nullptr);
    key["lost_at_reboot"] = k.lost_at_reboot;
    key["changed_since_apply"] = k.changed_since_apply;
    key["written_by"] = k.written_by.empty() ? oj(nullptr) : oj(k.written_by);
    j["keys"].push_back(std::move(key));
  }
  return j;
}

}  // namespace sa::report
