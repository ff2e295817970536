#include "advisor/config/yaml/sysctl_sources.h"

#include <cstring>

#include "advisor/config/yaml/yaml_doc.h"

namespace sa::config::yaml {

const char* to_string(Landing l) {
  switch (l) {
    case Landing::host: return "host";
    case Landing::pod: return "pod";
    case Landing::container: return "container";
  }
  return "host";
}

const char* to_string(Dialect d) {
  switch (d) {
    case Dialect::none: return "none";
    case Dialect::kubernetes: return "kubernetes";
    case Dialect::compose: return "compose";
    case Dialect::ansible: return "ansible";
    case Dialect::script: return "script";
  }
  return "none";
}

bool is_template(std::string_view t) {
  return t.find("{{") != std::string_view::npos || t.find("{%") != std::string_view::npos;
}

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Located at(const Node& n) { return {std::string(n.text()), "", n.line(), n.col()}; }

Setting make_setting(const Node& key, const Node& value, Landing landing, std::string unit) {
  Setting s;
  s.key = at(key);
  s.value = at(value);
  if (!value.is_scalar()) s.value.text.clear();
  s.unknown_key = is_template(s.key.text);
  s.unknown_value = is_template(s.value.text);
  s.landing = landing;
  s.unit = std::move(unit);
  return s;
}

void bad_entry(Scan& scan, const std::string& file, const Node& n, std::string message) {
  scan.diagnostics.push_back({Severity::error, kBadSysctlEntry, {file, n.line(), n.col()}, std::move(message), ""});
}

// ---- Kubernetes ---------------------------------------------------------------------------

// Whether a plain (unquoted) scalar resolves to a string under YAML 1.2's core schema, as the
// API server's decoder reads it: numbers, booleans and null do not.
bool plain_is_string(std::string_view t) {
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL" || t == "true" || t == "True" ||
      t == "TRUE" || t == "false" || t == "False" || t == "FALSE")
    return false;
  size_t i = t[0] == '-' || t[0] == '+' ? 1 : 0;
  if (i == t.size()) return true;
  bool digits = false, dot = false;
  for (; i < t.size(); ++i) {
    if (t[i] >= '0' && t[i] <= '9') digits = true;
    else if (t[i] == '.' && !dot) dot = true;
    else return true;
  }
  return !digits;
}

// The pod spec inside one object, by kind (k8s.io/api core/v1, apps/v1, batch/v1 types).
Node pod_spec_of(const Node& obj, std::string_view kind) {
  Node spec = obj.get("spec");
  if (kind == "Pod") return spec;
  if (kind == "PodTemplate") return obj.get("template").get("spec");
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet" ||
      kind == "ReplicationController" || kind == "Job")
    return spec.get("template").get("spec");
  if (kind == "CronJob") return spec.get("jobTemplate").get("spec").get("template").get("spec");
  return Node();
}

void kube_object(const Node& obj, const std::string& file, Scan& scan, int depth) {
  if (!obj.is_map() || depth > 8) return;
  std::string_view kind = obj.get("kind").text();
  if (obj.get("apiVersion").text().empty() || kind.empty()) return;
  scan.dialect = Dialect::kubernetes;
  if (kind == "List" || ends_with(kind, "List")) {  // v1 List, DeploymentList, ... (kubectl get -o yaml)
    for (const Node& item : obj.get("items").items()) kube_object(item, file, scan, depth + 1);
    return;
  }
  Node pod = pod_spec_of(obj, kind);
  Node sysctls = pod.get("securityContext").get("sysctls");
  if (!sysctls) return;
  std::string unit = std::string(kind) + "/" + std::string(obj.get("metadata").get("name").text());
  if (!sysctls.is_seq()) {
    bad_entry(scan, file, sysctls, "spec.securityContext.sysctls must be a list of {name, value}");
    return;
  }
  for (const Node& item : sysctls.items()) {
    Node name = item.get("name"), value = item.get("value");
    if (!item.is_map() || !name.is_scalar() || name.text().empty()) {
      bad_entry(scan, file, item, "a sysctl entry needs 'name' (and 'value')");
      continue;
    }
    scan.settings.push_back(make_setting(name, value ? value : name, Landing::pod, unit));
    scan.settings.back().host_network = pod.get("hostNetwork").text() == "true";
    // Sysctl.Value is a string in the API (k8s.io/api core/v1): an unquoted 5, true or ~ is a YAML
    // number, boolean or null, and the API server refuses the object ("cannot unmarshal number
    // into Go struct field Sysctl...value of type string").
    if (value && value.is_scalar() && !value.quoted() && !is_template(value.text()) && !plain_is_string(value.text()))
      bad_entry(scan, file, value, "the value of " + std::string(name.text()) + " must be a string: write \"" +
                                       std::string(value.text()) + "\" (the API server refuses a YAML number, boolean or null)");
    if (!value) {
      scan.settings.back().value = {"", "", name.line(), name.col()};
      bad_entry(scan, file, item, "sysctl '" + std::string(name.text()) + "' has no 'value'");
    }
  }
}

// ---- Compose --------------------------------------------------------------------------------

// "key=value" as one scalar: the value's column is after the '=' (plus the opening quote).
void compose_list_item(const Node& item, const std::string& unit, const std::string& file, Scan& scan) {
  std::string_view t = item.text();
  size_t eq = t.find('=');
  if (!item.is_scalar() || eq == std::string_view::npos || eq == 0) {
    bad_entry(scan, file, item, "a sysctls list item is \"key=value\"");
    return;
  }
  Setting s;  // a scalar's column is its first character inside any quotes (as libfyaml marks it)
  s.key = {std::string(t.substr(0, eq)), "", item.line(), item.col()};
  s.value = {std::string(t.substr(eq + 1)), "", item.line(), item.col() + static_cast<int>(eq) + 1};
  s.unknown_key = is_template(s.key.text);
  s.unknown_value = is_template(s.value.text) || s.value.text.find("${") != std::string::npos;
  s.landing = Landing::container;
  s.unit = unit;
  scan.settings.push_back(std::move(s));
}

void compose_doc(const Node& root, const std::string& file, Scan& scan) {
  Node services = root.get("services");
  if (!services.is_map() || root.get("apiVersion")) return;
  scan.dialect = Dialect::compose;
  for (const auto& [name, service] : services.pairs()) {
    Node sysctls = service.get("sysctls");
    if (!sysctls) continue;
    std::string unit = "service " + std::string(name.text());
    const size_t first = scan.settings.size();
    if (sysctls.is_map()) {
      for (const auto& [k, v] : sysctls.pairs()) {
        scan.settings.push_back(make_setting(k, v, Landing::container, unit));
        // Compose interpolates ${VAR} from the environment before the engine sees it.
        if (scan.settings.back().value.text.find("${") != std::string::npos) scan.settings.back().unknown_value = true;
      }
    } else if (sysctls.is_seq()) {
      for (const Node& item : sysctls.items()) compose_list_item(item, unit, file, scan);
    } else {
      bad_entry(scan, file, sysctls, "services." + std::string(name.text()) + ".sysctls must be a map or a list of \"key=value\"");
    }
    const bool host_net = service.get("network_mode").text() == "host";
    for (size_t i = first; i < scan.settings.size(); ++i) scan.settings[i].host_network = host_net;
  }
}

bool mentions_sysctl(std::string_view text) {
  return memmem(text.data(), text.size(), "sysctl", 6) != nullptr;
}

}  // namespace

Scan scan_kubernetes(std::string_view text, const std::string& file) {
  Scan scan;
  Stream s = parse(text, file);
  for (const Node& r : s.roots) kube_object(r, file, scan, 0);
  scan.diagnostics.insert(scan.diagnostics.end(), s.errors.begin(), s.errors.end());
  return scan;
}

Scan scan_compose(std::string_view text, const std::string& file) {
  Scan scan;
  Stream s = parse(text, file);
  for (const Node& r : s.roots) compose_doc(r, file, scan);
  scan.diagnostics.insert(scan.diagnostics.end(), s.errors.begin(), s.errors.end());
  return scan;
}

// `--sysctl key=value`, `--sysctl=key=value`, optionally quoted, anywhere on a line (docker run,
// podman run, docker create, ...). Lines whose first non-blank character is '#' are comments.
Scan scan_script(std::string_view text, const std::string& file) {
  Scan scan;
  constexpr std::string_view kFlag = "--sysctl";
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    size_t first = line.find_first_not_of(" \t");
    bool comment = first != std::string_view::npos && line[first] == '#';
    for (size_t f = comment ? std::string_view::npos : line.find(kFlag); f != std::string_view::npos; f = line.find(kFlag, f + 1)) {
      size_t i = f + kFlag.size();
      if (i < line.size() && line[i] != '=' && line[i] != ' ' && line[i] != '\t') continue;  // --sysctls, --sysctl-x
      while (i < line.size() && (line[i] == '=' || line[i] == ' ' || line[i] == '\t')) ++i;
      char quote = i < line.size() && (line[i] == '"' || line[i] == '\'') ? line[i] : 0;
      if (quote) ++i;
      size_t stop = quote ? line.find(quote, i) : line.find_first_of(" \t\\;|&)", i);
      if (stop == std::string_view::npos) stop = line.size();
      std::string_view arg = line.substr(i, stop - i);
      size_t eq = arg.find('=');
      if (eq == std::string_view::npos || eq == 0) continue;
      Setting s;
      s.key = {std::string(arg.substr(0, eq)), "", line_no, static_cast<int>(i) + 1};
      s.value = {std::string(arg.substr(eq + 1)), "", line_no, static_cast<int>(i + eq) + 2};
      s.unknown_key = s.key.text.find('$') != std::string::npos || is_template(s.key.text);
      s.unknown_value = s.value.text.find('$') != std::string::npos || is_template(s.value.text);
      s.landing = Landing::container;
      s.unit = "docker run --sysctl";
      scan.dialect = Dialect::script;
      scan.settings.push_back(std::move(s));
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  return scan;
}

FileKind file_kind(std::string_view name) {
  if (ends_with(name, ".yml") || ends_with(name, ".yaml")) return FileKind::yaml;
  if (name.substr(0, 10) == "Dockerfile" || ends_with(name, ".Dockerfile") || name == "Containerfile" ||
      ends_with(name, ".sh") || ends_with(name, ".bash"))
    return FileKind::script;
  return FileKind::none;
}

Scan scan_file(std::string_view text, const std::string& file) {
  Scan scan;
  if (!mentions_sysctl(text)) return scan;
  // A view of `file` itself: file.substr() would be a temporary string, gone by the next line
  // (found by fuzz/targets/yaml.cc under ASan: stack-use-after-scope).
  std::string_view name = std::string_view(file).substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
  switch (file_kind(name)) {
    case FileKind::none:
      return scan;
    case FileKind::script:
      return scan_script(text, file);
    case FileKind::yaml:
      break;
  }
  Stream s = parse(text, file);
  for (const Node& r : s.roots) {
    if (!r.is_map()) continue;
    if (r.get("apiVersion") && r.get("kind")) kube_object(r, file, scan, 0);
    else compose_doc(r, file, scan);
  }
  scan.diagnostics.insert(scan.diagnostics.end(), s.errors.begin(), s.errors.end());
  return scan;
}

}  // namespace sa::config::yaml
