#include "advisor/config/yaml/sysctl_sources.h"
#include "advisor/config/yaml/ansible.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace sa::config::yaml;

namespace {
// "key=value@line:col(value)" per setting, joined by "; ", with unknown values marked "?".
std::string settings(const Scan& s) {
  std::ostringstream o;
  for (const Setting& x : s.settings) {
    if (o.tellp() > 0) o << "; ";
    o << x.key.text << "=" << x.value.text << (x.unknown_value ? "?" : "") << "@" << x.value.line << ":" << x.value.col
      << " [" << x.unit << "/" << to_string(x.landing) << "]";
  }
  return o.str();
}
std::string diags(const Scan& s) {
  std::ostringstream o;
  for (const auto& d : s.diagnostics) o << d.where.line << ":" << d.where.col << " " << d.code << ": " << d.message << "\n";
  return o.str();
}
}  // namespace

TEST_CASE("kubernetes: every workload kind with a pod template, multi-document, List") {
  const char* text =
      "apiVersion: v1\n"
      "kind: Pod\n"
      "metadata: {name: p}\n"
      "spec:\n"
      "  securityContext:\n"
      "    sysctls:\n"
      "    - name: net.ipv4.tcp_syncookies\n"
      "      value: \"1\"\n"
      "  containers: [{name: c, image: busybox}]\n"
      "---\n"
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata: {name: web}\n"
      "spec:\n"
      "  template:\n"
      "    spec:\n"
      "      securityContext:\n"
      "        sysctls: [{name: net.ipv4.tcp_fin_timeout, value: '5'}]\n"
      "---\n"
      "apiVersion: batch/v1\n"
      "kind: CronJob\n"
      "metadata: {name: nightly}\n"
      "spec:\n"
      "  jobTemplate:\n"
      "    spec:\n"
      "      template:\n"
      "        spec:\n"
      "          securityContext:\n"
      "            sysctls:\n"
      "            - {name: net.core.somaxconn, value: \"{{ .Values.somaxconn }}\"}\n"
      "---\n"
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "- apiVersion: apps/v1\n"
      "  kind: StatefulSet\n"
      "  metadata: {name: db}\n"
      "  spec:\n"
      "    template:\n"
      "      spec:\n"
      "        securityContext:\n"
      "          sysctls:\n"
      "          - name: net.ipv4.tcp_keepalive_time\n"
      "            value: \"600\"\n";
  Scan s = scan_file(text, "k8s/all.yaml");
  CHECK(s.dialect == Dialect::kubernetes);
  CHECK(diags(s) == "");
  CHECK(settings(s) ==
        "net.ipv4.tcp_syncookies=1@8:15 [Pod/p/pod]; "
        "net.ipv4.tcp_fin_timeout=5@18:60 [Deployment/web/pod]; "
        "net.core.somaxconn={{ .Values.somaxconn }}?@30:50 [CronJob/nightly/pod]; "
        "net.ipv4.tcp_keepalive_time=600@44:21 [StatefulSet/db/pod]");
}

TEST_CASE("kubernetes: malformed YAML is located; documents before it still count") {
  const char* text =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls:\n"
      "    - {name: net.ipv4.tcp_syncookies, value: \"1\"}\n"
      "---\n"
      "apiVersion: v1\nkind: Pod\nspec: [sysctl\n";
  Scan s = scan_file(text, "bad.yaml");
  CHECK(settings(s) == "net.ipv4.tcp_syncookies=1@7:47 [Pod/p/pod]");
  REQUIRE(s.diagnostics.size() == 1);
  CHECK(s.diagnostics[0].code == "yaml-syntax");
  CHECK(s.diagnostics[0].where.file == "bad.yaml");
  CHECK(s.diagnostics[0].where.line >= 11);
}

TEST_CASE("compose: sysctls as a map and as a list; ${VAR} is unknown") {
  const char* text =
      "services:\n"
      "  api:\n"
      "    image: nginx\n"
      "    sysctls:\n"
      "      net.ipv4.tcp_tw_reuse: 1\n"
      "      net.core.somaxconn: ${SOMAXCONN}\n"
      "  worker:\n"
      "    sysctls:\n"
      "      - net.ipv4.tcp_fin_timeout=10\n"
      "      - \"net.ipv4.ip_local_port_range=1024 65000\"\n";
  Scan s = scan_file(text, "compose.yaml");
  CHECK(s.dialect == Dialect::compose);
  CHECK(settings(s) ==
        "net.ipv4.tcp_tw_reuse=1@5:30 [service api/container]; "
        "net.core.somaxconn=${SOMAXCONN}?@6:27 [service api/container]; "
        "net.ipv4.tcp_fin_timeout=10@9:34 [service worker/container]; "
        "net.ipv4.ip_local_port_range=1024 65000@10:39 [service worker/container]");
}

// The syntax is chosen by the file's name after its last '/': the name was once a view of a
// temporary (file.substr()), read after it was destroyed. Under --config=asan this failed
// (stack-use-after-scope); fuzz/regressions/yaml/ holds the input the yaml fuzz target found.
TEST_CASE("scan_file: the syntax comes from the name in a long repository path") {
  const std::string compose = "services:\n  api:\n    sysctls: [net.core.somaxconn=1024]\n";
  Scan y = scan_file(compose, "deploy/overlays/production-eu-west/compose.override.yaml");
  CHECK(y.dialect == Dialect::compose);
  CHECK(settings(y) == "net.core.somaxconn=1024@3:34 [service api/container]");
  Scan d = scan_file("RUN docker run --sysctl net.core.somaxconn=1024 img\n", "ci/images/api/Dockerfile.release");
  CHECK(d.dialect == Dialect::script);
  CHECK(scan_file(compose, "deploy/overlays/production-eu-west/compose.yaml.orig").settings.empty());
}

// libfyaml 0.7.12 looped forever on a directive line with a byte that is not UTF-8 (the yaml fuzz
// target's timeout; fuzz/regressions/yaml/timeout-*): this test hung before parse() checked the
// encoding. A Latin-1 comment made libfyaml stop without a word (no settings, no diagnostic).
TEST_CASE("text that is not UTF-8 is one located yaml-syntax diagnostic, never a hang") {
  Scan d = scan_file("---\n% name: Apply th\xa1" "e tuning\n# sysctl\n", "site.yml");
  CHECK(diags(d) == "2:17 yaml-syntax: malformed YAML: byte 0xA1 is not UTF-8 (YAML text must be UTF-8)\n");
  Scan c = scan_file("# caf\xc3\xa9 K\xf6ln\nservices: {a: {sysctls: [net.core.somaxconn=1]}}\n", "compose.yaml");
  CHECK(c.settings.empty());
  CHECK(diags(c) == "1:9 yaml-syntax: malformed YAML: byte 0xF6 is not UTF-8 (YAML text must be UTF-8)\n");
}

// libfyaml 0.7.12 crashed (SEGV in fy_parser_destroy()) on "- ? s:~  ? :\t\0": the yaml fuzz target
// found it (fuzz/regressions/yaml/crash-76f1c60a...), and `check` of a repository holding it as a
// .yml that says "sysctl" died with signal 11. This test crashed before parse() refused control
// characters.
TEST_CASE("a control character is one located yaml-syntax diagnostic, never a crash") {
  const std::string crash("- ? s:~  ? :\t\0 sysctl", 21);
  Scan d = scan_file(crash, "site.yml");
  CHECK(diags(d) == "1:14 yaml-syntax: malformed YAML: control character U+0000 (YAML allows only TAB, LF and CR among control characters)\n");
  AnsibleFile a = scan_ansible(crash, "site.yml");
  CHECK(a.tasks.empty());
  Scan bell = scan_file("sysctls:\n  - name: net.core.somaxconn\x07\n", "pod.yaml");
  CHECK(diags(bell).find("2:29 yaml-syntax: malformed YAML: control character U+0007") == 0);
  CHECK(diags(scan_file("a: \"tab\tand\r\nCRLF\" # sysctl\n", "x.yaml")).find("control") == std::string::npos);
}

TEST_CASE("foreign YAML and files that never say sysctl are skipped silently") {
  CHECK(scan_file("name: ci\non: [push]\njobs: {build: {runs-on: ubuntu}}\n", ".github/workflows/ci.yml").settings.empty());
  Scan broken = scan_file("a: [unclosed\n", "not-ours.yaml");
  CHECK(broken.diagnostics.empty());  // never parsed: it cannot set a sysctl
  Scan foreign = scan_file("description: our sysctl notes\nitems: [1, 2]\n", "notes.yaml");
  CHECK(foreign.dialect == Dialect::none);
  CHECK(foreign.settings.empty());
  CHECK(foreign.diagnostics.empty());
}

TEST_CASE("scripts: --sysctl key=value, quoted, with '=', comments skipped") {
  const char* text =
      "#!/bin/sh\n"
      "# docker run --sysctl net.ipv4.tcp_tw_recycle=1 (old)\n"
      "docker run --rm --sysctl net.ipv4.tcp_fin_timeout=5 --sysctl=\"net.core.somaxconn=4096\" nginx\n"
      "podman run --sysctl net.ipv4.tcp_keepalive_time=$KEEPALIVE img\n";
  Scan s = scan_file(text, "run.sh");
  CHECK(s.dialect == Dialect::script);
  CHECK(settings(s) ==
        "net.ipv4.tcp_fin_timeout=5@3:51 [docker run --sysctl/container]; "
        "net.core.somaxconn=4096@3:82 [docker run --sysctl/container]; "
        "net.ipv4.tcp_keepalive_time=$KEEPALIVE?@4:49 [docker run --sysctl/container]");
  CHECK(file_kind("Dockerfile") == FileKind::script);
  CHECK(file_kind("x.yml") == FileKind::yaml);
  CHECK(file_kind("x.conf") == FileKind::none);
}

TEST_CASE("bad entries are located") {
  Scan s = scan_file("apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n    - value: \"1\"\n", "p.yaml");
  CHECK(diags(s) == "6:7 bad-sysctl-entry: a sysctl entry needs 'name' (and 'value')\n");
}

TEST_CASE("kubernetes: an unquoted number is no string for the API server") {
  Scan s = scan_file("apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n"
                     "    - {name: net.ipv4.tcp_syncookies, value: 1}\n"
                     "    - {name: net.ipv4.ip_local_port_range, value: 1024 65000}\n",
                     "p.yaml");
  CHECK(diags(s) == "6:46 bad-sysctl-entry: the value of net.ipv4.tcp_syncookies must be a string: write \"1\" (the API server refuses a YAML number, boolean or null)\n");
  CHECK(s.settings.size() == 2);  // still judged as what it would be
}

TEST_CASE("host networking is remembered with each setting") {
  Scan k = scan_file("apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: true\n  securityContext:\n    sysctls:\n"
                     "    - {name: net.ipv4.tcp_syncookies, value: \"1\"}\n", "p.yaml");
  REQUIRE(k.settings.size() == 1);
  CHECK(k.settings[0].host_network);
  Scan c = scan_file("services:\n  a:\n    network_mode: host\n    sysctls: [net.core.somaxconn=1024]\n  b:\n    sysctls: [net.core.somaxconn=1024]\n", "compose.yaml");
  REQUIRE(c.settings.size() == 2);
  CHECK(c.settings[0].host_network);
  CHECK_FALSE(c.settings[1].host_network);
}
