#include "advisor/report/check_json.h"

namespace sa::report {

using json = nlohmann::ordered_json;

json check_to_json(const plan::CheckResult& r, Severity fail_on) {
  json j;
  j["schema"] = kCheckSchema;
  j["fail_on"] = to_string(fail_on);
  j["failed"] = plan::check_failed(r, fail_on);
  j["groups"] = json::array();
  size_t files = 0;
  for (const auto& g : r.groups) {
    files += g.files.size();
    j["groups"].push_back({{"name", g.name},
                           {"profile", g.profile},
                           {"kernel", g.kernel.empty() ? json(nullptr) : json(g.kernel)},
                           {"loader", g.loader},
                           {"files", g.files}});
  }
  j["findings"] = json::array();
  for (const auto& f : r.findings) {
    j["findings"].push_back({{"rule", f.rule},
                             {"severity", to_string(f.severity)},
                             {"key", f.key ? json(*f.key) : json(nullptr)},
                             {"message", f.message},
                             {"reason", f.reason},
                             {"file", f.at ? json(f.at->file) : json(nullptr)},
                             {"line", f.at && f.at->line > 0 ? json(f.at->line) : json(nullptr)},
                             {"col", f.at && f.col > 0 ? json(f.col) : json(nullptr)},
                             {"group", f.group},
                             {"open", f.open},
                             {"references", f.references}});
  }
  plan::CheckCounts c = plan::count(r);
  j["summary"] = {{"error", c.by_severity[0]},   {"warning", c.by_severity[1]}, {"notice", c.by_severity[2]},
                  {"info", c.by_severity[3]},    {"not_evaluated", c.open},     {"suppressed", r.suppressed},
                  {"files", files}};
  return j;
}

}  // namespace sa::report
