#include "advisor/plan/plan_json.h"

#include <string>

namespace sa::plan {

using nlohmann::json;

namespace {

std::string join(const std::string& path, const char* name) { return path.empty() ? name : path + "." + name; }

json opt_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json origin_file(const std::optional<Origin>& o) { return o ? json(o->file) : json(nullptr); }
json origin_line(const std::optional<Origin>& o) { return o && o->line > 0 ? json(o->line) : json(nullptr); }

// Collects every error with the JSON path it is about, so one run reports all of them.
class Reader {
 public:
  explicit Reader(std::vector<Diagnostic>& errors) : errors_(errors) {}

  void error(const std::string& path, const std::string& what) {
    Diagnostic d;
    d.severity = Severity::error;
    d.code = diag::kInvalidPlan;
    d.message = path + ": " + what;
    errors_.push_back(std::move(d));
    ++count_;
  }
  int count() const { return count_; }

  static std::string type_name(const json& v) { return v.type_name(); }

  // Required string member.
  std::string str(const json& obj, const std::string& path, const char* name) {
    auto it = obj.find(name);
    if (it == obj.end()) {
      error(join(path, name), "missing; expected a string");
      return {};
    }
    if (!it->is_string()) {
      error(join(path, name), "expected a string, got " + type_name(*it));
      return {};
    }
    return it->get<std::string>();
  }

  // Member that may be a string or null (or absent when optional_member).
  std::optional<std::string> str_or_null(const json& obj, const std::string& path, const char* name,
                                         bool may_be_absent = false) {
    auto it = obj.find(name);
    if (it == obj.end()) {
      if (!may_be_absent) error(join(path, name), "missing; expected a string or null");
      return std::nullopt;
    }
    if (it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      error(join(path, name), "expected a string or null, got " + type_name(*it));
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<int> int_or_null(const json& obj, const std::string& path, const char* name, bool may_be_absent) {
    auto it = obj.find(name);
    if (it == obj.end()) {
      if (!may_be_absent) error(join(path, name), "missing; expected a positive integer or null");
      return std::nullopt;
    }
    if (it->is_null()) return std::nullopt;
    if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 1'000'000'000) {
      error(join(path, name), "expected a positive integer or null, got " + it->dump());
      return std::nullopt;
    }
    return it->get<int>();
  }

  Severity severity(const json& obj, const std::string& path) {
    std::string s = str(obj, path, "severity");
    if (s.empty() && obj.contains("severity") && obj["severity"].is_string()) {
      error(path + ".severity", "expected one of error, warning, notice, info, got \"\"");
      return Severity::error;
    }
    if (s.empty()) return Severity::error;
    auto sev = parse_severity(s);
    if (!sev) {
      error(path + ".severity", "expected one of error, warning, notice, info, got \"" + s + "\"");
      return Severity::error;
    }
    return *sev;
  }

  std::vector<std::string> strings(const json& obj, const std::string& path, const char* name) {
    std::vector<std::string> out;
    auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) return out;
    if (!it->is_array()) {
      error(join(path, name), "expected an array of strings, got " + type_name(*it));
      return out;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      if (!v.is_string()) {
        error(join(path, name) + "[" + std::to_string(i) + "]", "expected a string, got " + type_name(v));
        continue;
      }
      out.push_back(v.get<std::string>());
    }
    return out;
  }

  // The array member `name`, or nullptr (with an error unless it may be absent).
  const json* array(const json& obj, const char* name, bool may_be_absent) {
    auto it = obj.find(name);
    if (it == obj.end()) {
      if (!may_be_absent) error(name, "missing; expected an array");
      return nullptr;
    }
    if (!it->is_array()) {
      error(name, "expected an array, got " + type_name(*it));
      return nullptr;
    }
    return &*it;
  }

  bool object(const json& v, const std::string& path) {
    if (v.is_object()) return true;
    error(path, "expected an object, got " + type_name(v));
    return false;
  }

 private:
  std::vector<Diagnostic>& errors_;
  int count_ = 0;
};

Change read_change(Reader& r, const json& c, const std::string& path) {
  Change ch;
  ch.key = r.str(c, path, "key");
  if (c.contains("key") && c["key"].is_string() && ch.key.empty()) r.error(path + ".key", "must not be empty");
  ch.current = r.str_or_null(c, path, "current");
  auto it = c.find("configured");
  if (it == c.end()) {
    r.error(path + ".configured", "missing; expected {value, file, line} or null");
  } else if (!it->is_null()) {
    if (!it->is_object()) {
      r.error(path + ".configured", "expected {value, file, line} or null, got " + Reader::type_name(*it));
    } else {
      std::string cpath = path + ".configured";
      ch.configured = r.str(*it, cpath, "value");
      auto file = r.str_or_null(*it, cpath, "file", /*may_be_absent=*/true);
      auto line = r.int_or_null(*it, cpath, "line", /*may_be_absent=*/true);
      if (file) ch.configured_at = Origin{*file, line.value_or(0)};
    }
  }
  ch.proposed = r.str(c, path, "proposed");
  ch.rule = r.str(c, path, "rule");
  ch.severity = r.severity(c, path);
  ch.reason = r.str(c, path, "reason");
  ch.references = r.strings(c, path, "references");
  if (c.contains("message")) ch.message = r.str(c, path, "message");
  ch.also_rules = r.strings(c, path, "also_rules");
  ch.priority = r.int_or_null(c, path, "priority", /*may_be_absent=*/true).value_or(kDefaultPriority);
  return ch;
}

Finding read_finding(Reader& r, const json& f, const std::string& path) {
  Finding fi;
  fi.rule = r.str(f, path, "rule");
  fi.severity = r.severity(f, path);
  fi.key = r.str_or_null(f, path, "key");
  fi.message = r.str(f, path, "message");
  fi.reason = r.str(f, path, "reason");
  auto file = r.str_or_null(f, path, "file");
  auto line = r.int_or_null(f, path, "line", /*may_be_absent=*/false);
  if (file) fi.at = Origin{*file, line.value_or(0)};
  fi.col = r.int_or_null(f, path, "col", /*may_be_absent=*/true).value_or(0);
  fi.references = r.strings(f, path, "references");
  return fi;
}

}  // namespace

json to_json(const Plan& plan) {
  json j;
  j["schema"] = std::string(kPlanSchema);
  j["profile"] = plan.profile;
  j["profile_reason"] = plan.profile_reason;
  j["kernel"] = plan.kernel;
  if (plan.netns)
    j["netns"] = {{"target", plan.netns->target}, {"inode", plan.netns->inode}, {"host", plan.netns->host}};
  if (plan.host)
    j["host"] = {{"hostname", plan.host->hostname}, {"boot_id", plan.host->boot_id}, {"kernel", plan.host->kernel},
                 {"netns", plan.host->netns}};
  else
    j["host"] = nullptr;
  j["changes"] = json::array();
  for (const auto& c : plan.changes) {
    json configured = nullptr;
    if (c.configured)
      configured = {{"value", *c.configured}, {"file", origin_file(c.configured_at)}, {"line", origin_line(c.configured_at)}};
    j["changes"].push_back({{"key", c.key},
                            {"current", opt_string(c.current)},
                            {"configured", configured},
                            {"proposed", c.proposed},
                            {"rule", c.rule},
                            {"severity", std::string(to_string(c.severity))},
                            {"reason", c.reason},
                            {"message", c.message},
                            {"also_rules", c.also_rules},
                            {"priority", c.priority},
                            {"references", c.references}});
  }
  j["findings"] = json::array();
  for (const auto& f : plan.findings) {
    j["findings"].push_back({{"rule", f.rule},
                             {"severity", std::string(to_string(f.severity))},
                             {"key", opt_string(f.key)},
                             {"message", f.message},
                             {"reason", f.reason},
                             {"file", origin_file(f.at)},
                             {"line", origin_line(f.at)},
                             {"col", f.at && f.col > 0 ? json(f.col) : json(nullptr)},
                             {"references", f.references}});
  }
  j["not_evaluated"] = json::array();
  for (const auto& n : plan.not_evaluated) j["not_evaluated"].push_back({{"rule", n.rule}, {"needs", n.needs}});
  j["conflicts"] = json::array();
  for (const auto& c : plan.conflicts)
    j["conflicts"].push_back({{"key", c.key},
                              {"winner_rule", c.winner_rule},
                              {"winner_value", c.winner_value},
                              {"loser_rule", c.loser_rule},
                              {"loser_value", c.loser_value},
                              {"winner_priority", c.winner_priority},
                              {"loser_priority", c.loser_priority}});
  return j;
}

std::optional<Plan> plan_from_json(const json& j, std::vector<Diagnostic>& errors) {
  Reader r(errors);
  if (!j.is_object()) {
    r.error("(top level)", "expected a plan object, got " + Reader::type_name(j));
    return std::nullopt;
  }
  std::string schema = r.str(j, "", "schema");
  if (j.contains("schema") && j["schema"].is_string() && schema != kPlanSchema)
    r.error("schema", "expected \"" + std::string(kPlanSchema) + "\", got \"" + schema + "\"");

  Plan plan;
  plan.profile = r.str(j, "", "profile");
  plan.profile_reason = j.contains("profile_reason") ? r.str(j, "", "profile_reason") : "";
  plan.kernel = j.contains("kernel") ? r.str(j, "", "kernel") : "";
  if (j.contains("netns") && !j["netns"].is_null()) {
    const json& n = j["netns"];
    if (!n.is_object() || !n.value("inode", json()).is_number_unsigned()) {
      r.error("netns", "expected {\"target\": string, \"inode\": number, \"host\": boolean}");
    } else {
      plan::NetnsRef ref;
      ref.target = n.value("target", std::string());
      ref.inode = n["inode"].get<uint64_t>();
      ref.host = n.value("host", false);
      plan.netns = ref;
    }
  }
  if (auto h = j.find("host"); h != j.end() && !h->is_null()) {
    if (r.object(*h, "host")) {
      HostIdentity id;
      id.hostname = r.str(*h, "host", "hostname");
      id.boot_id = r.str(*h, "host", "boot_id");
      id.kernel = r.str(*h, "host", "kernel");
      id.netns = r.str(*h, "host", "netns");
      plan.host = id;
    }
  }

  if (const json* changes = r.array(j, "changes", false)) {
    for (size_t i = 0; i < changes->size(); ++i) {
      std::string path = "changes[" + std::to_string(i) + "]";
      if (r.object((*changes)[i], path)) plan.changes.push_back(read_change(r, (*changes)[i], path));
    }
  }
  if (const json* findings = r.array(j, "findings", false)) {
    for (size_t i = 0; i < findings->size(); ++i) {
      std::string path = "findings[" + std::to_string(i) + "]";
      if (r.object((*findings)[i], path)) plan.findings.push_back(read_finding(r, (*findings)[i], path));
    }
  }
  if (const json* ne = r.array(j, "not_evaluated", true)) {
    for (size_t i = 0; i < ne->size(); ++i) {
      std::string path = "not_evaluated[" + std::to_string(i) + "]";
      if (r.object((*ne)[i], path)) plan.not_evaluated.push_back({r.str((*ne)[i], path, "rule"), r.str((*ne)[i], path, "needs")});
    }
  }
  if (const json* cs = r.array(j, "conflicts", true)) {
    for (size_t i = 0; i < cs->size(); ++i) {
      std::string path = "conflicts[" + std::to_string(i) + "]";
      const json& c = (*cs)[i];
      if (!r.object(c, path)) continue;
      Conflict k;
      k.key = r.str(c, path, "key");
      k.winner_rule = r.str(c, path, "winner_rule");
      k.winner_value = r.str(c, path, "winner_value");
      k.loser_rule = r.str(c, path, "loser_rule");
      k.loser_value = r.str(c, path, "loser_value");
      k.winner_priority = r.int_or_null(c, path, "winner_priority", true).value_or(0);
      k.loser_priority = r.int_or_null(c, path, "loser_priority", true).value_or(0);
      plan.conflicts.push_back(std::move(k));
    }
  }
  if (r.count() > 0) return std::nullopt;
  return plan;
}

}  // namespace sa::plan
