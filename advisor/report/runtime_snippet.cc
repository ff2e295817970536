#include "advisor/report/runtime_snippet.h"

#include <sstream>

namespace sa::report {
namespace {

// YAML double-quoted scalar: values like "4096 131072 6291456" or "1" must stay strings (Kubernetes
// takes sysctl values as strings; Compose accepts both).
std::string yaml_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// POSIX shell single quotes.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string runtime_snippet(const std::vector<std::pair<std::string, std::string>>& keys) {
  if (keys.empty()) return "";
  std::ostringstream out;
  out << "These values last as long as this network namespace; the host's sysctl.d does not reach it.\n"
         "To set them every time the container starts:\n\n";
  out << "  Kubernetes (pod spec; keys outside the kubelet's safe set also need\n"
         "  --allowed-unsafe-sysctls on the node):\n"
         "    spec:\n"
         "      securityContext:\n"
         "        sysctls:\n";
  for (const auto& [k, v] : keys) out << "          - name: " << k << "\n            value: " << yaml_quote(v) << "\n";
  out << "\n  Docker Compose (service):\n"
         "    sysctls:\n";
  for (const auto& [k, v] : keys) out << "      " << k << ": " << yaml_quote(v) << "\n";
  out << "\n  docker run / podman run:\n    ";
  for (const auto& [k, v] : keys) out << "--sysctl " << sh_quote(k + "=" + v) << " ";
  out << "\n";
  return out.str();
}

}  // namespace sa::report
