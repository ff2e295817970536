#include "advisor/report/sarif.h"

#include <cctype>
#include <map>

namespace sa::report {

using json = nlohmann::ordered_json;

namespace {

// "absent-on-kernel" -> "AbsentOnKernel": SARIF's `name`, an identifier a reader can say.
std::string pascal(const std::string& id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

std::string help_text(const plan::RuleInfo& r) {
  std::string t = r.help.empty() ? r.title : r.help;
  if (!r.references.empty()) {
    t += "\n\nReferences:";
    for (const auto& ref : r.references) t += "\n- " + ref;
  }
  return t;
}

std::string help_markdown(const plan::RuleInfo& r) {
  std::string t = "**" + r.title + "**\n\n" + (r.help.empty() ? r.title : r.help);
  if (!r.references.empty()) {
    t += "\n\nReferences:\n";
    for (const auto& ref : r.references) t += "\n- `" + ref + "`";
  }
  return t;
}

json location(const std::string& file, int line, int col) {
  json phys = {{"artifactLocation", {{"uri", uri_path(file)}, {"uriBaseId", "SRCROOT"}}}};
  if (line > 0) {
    json region = {{"startLine", line}};
    if (col > 0) region["startColumn"] = col;
    phys["region"] = region;
  }
  return {{"physicalLocation", phys}};
}

std::string dir_uri(const std::string& abs_dir) {
  std::string p = uri_path(abs_dir);
  if (p.empty() || p.back() != '/') p += '/';
  return "file://" + p;
}

}  // namespace

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    default: return "note";
  }
}

std::string uri_path(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

json check_to_sarif(const plan::CheckResult& r) {
  json rules = json::array();
  std::map<std::string, size_t> index;
  for (const auto& info : r.rules) {
    index[info.id] = rules.size();
    json rule = {{"id", info.id},
                 {"name", pascal(info.id)},
                 {"shortDescription", {{"text", info.title}}},
                 {"fullDescription", {{"text", info.help.empty() ? info.title : info.help}}},
                 {"help", {{"text", help_text(info)}, {"markdown", help_markdown(info)}}},
                 {"defaultConfiguration", {{"level", sarif_level(info.severity)}}},
                 {"properties", {{"tags", info.is_lint ? json::array({"sysctl", "lint"}) : json::array({"sysctl", "profile-rule"})}}}};
    rules.push_back(std::move(rule));
  }
  // A result needs a location for code scanning: group-wide ones point at the group's first file.
  std::map<std::string, std::string> first_file;
  for (const auto& g : r.groups)
    if (!g.files.empty()) first_file.emplace(g.name, g.files.front());

  json results = json::array();
  for (const auto& f : r.findings) {
    json res = {{"ruleId", f.rule}};
    if (auto it = index.find(f.rule); it != index.end()) res["ruleIndex"] = it->second;
    std::string text = f.message;
    if (!f.reason.empty()) text += "\n\n" + f.reason;
    if (f.open) {
      res["kind"] = "open";
      res["level"] = "none";
    } else {
      res["kind"] = "fail";
      res["level"] = sarif_level(f.severity);
    }
    res["message"] = {{"text", text}};
    if (f.at)
      res["locations"] = json::array({location(f.at->file, f.at->line, f.col)});
    else if (auto it = first_file.find(f.group); it != first_file.end())
      res["locations"] = json::array({location(it->second, 0, 0)});
    json props = {{"severity", to_string(f.severity)}, {"group", f.group}};
    if (f.key) props["key"] = *f.key;
    res["properties"] = std::move(props);
    results.push_back(std::move(res));
  }

  json run = {{"tool",
               {{"driver",
                 {{"name", "sysctl-advisor"},
                  {"version", kToolVersion},
                  {"semanticVersion", kToolVersion},
                  {"rules", rules}}}}},
              {"originalUriBaseIds", {{"SRCROOT", {{"uri", dir_uri(r.repo_root)}}}}},
              {"columnKind", "unicodeCodePoints"}};
  // Moved, not copied: a brace list copies its elements, and a fleet's results are megabytes.
  run["results"] = std::move(results);
  json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", json::array()}};
  sarif["runs"].push_back(std::move(run));
  return sarif;
}

}  // namespace sa::report
