// Sysctls written where configuration repositories keep them, as located settings: one pure
// function per syntax (text in, settings and located problems out), each a row of the syntax
// table in sysctl_sources.cc. The YAML ones read every document of a stream; a stream that is not
// their dialect yields nothing (foreign YAML is skipped silently).
//
//   Kubernetes: spec.securityContext.sysctls[] {name, value} of a Pod, of the pod template of a
//     Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, PodTemplate, of
//     a CronJob's spec.jobTemplate.spec.template, and of the items of any List kind.
//   Compose: services.NAME.sysctls as a map (key: value) or a list ("key=value").
//   Scripts and Dockerfiles: `--sysctl key=value` (docker/podman run, and `--sysctl=key=value`).
//   Ansible: see ansible.h (tasks need the role's variables and the play's hosts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::config::yaml {

// Where a setting is written: the file (empty: the file scanned) and the 1-based line:col of the
// text itself.
struct Located {
  std::string text;
  std::string file;
  int line = 0;
  int col = 0;
};

// Where the value ends up when it is applied.
enum class Landing {
  host,       // the host's own /proc/sys (Ansible): every key, global ones included
  pod,        // a Kubernetes pod's network/IPC namespaces, through the kubelet's allow-list
  container,  // a container's namespaces (Compose, docker run): namespaced keys only
};
const char* to_string(Landing l);

struct Setting {
  Located key;                 // dotted as written ('/' separators are swapped by the consumer)
  Located value;
  bool unknown_value = false;  // a template expression ({{ ... }}, {% ... %}): never guessed
  bool unknown_key = false;    // the key itself is a template: nothing can be said about it
  bool absent = false;         // Ansible `state: absent`: the line is removed, nothing is written
  Landing landing = Landing::host;
  // The pod or container shares the host's network namespace (Kubernetes hostNetwork: true,
  // Compose network_mode: host): the kubelet and Docker refuse net.* sysctls there.
  bool host_network = false;
  std::string unit;            // what sets it: "Deployment/web", "service api", "task 'tune'", ...
};

enum class Dialect { none, kubernetes, compose, ansible, script };
const char* to_string(Dialect d);

struct Scan {
  Dialect dialect = Dialect::none;
  std::vector<Setting> settings;
  std::vector<Diagnostic> diagnostics;  // located: malformed YAML, a sysctl entry of the wrong shape
};

// True when `text` holds a Jinja/Go template expression: its value is only known when rendered.
bool is_template(std::string_view text);

// Diagnostic codes.
inline constexpr const char* kBadSysctlEntry = "bad-sysctl-entry";

// Each syntax on its own (for tests and for the table).
Scan scan_kubernetes(std::string_view text, const std::string& file);
Scan scan_compose(std::string_view text, const std::string& file);
Scan scan_script(std::string_view text, const std::string& file);

// The syntax of a file by its name: YAML (*.yml, *.yaml), script (Dockerfile*, *.Dockerfile,
// Containerfile, *.sh, *.bash), or none.
enum class FileKind { none, yaml, script };
FileKind file_kind(std::string_view filename);

// Every non-Ansible syntax that fits the file: a YAML stream is read once and each document is
// given to the dialect it declares (Kubernetes: apiVersion + kind; Compose: a services mapping).
// A file whose text never says "sysctl" is not parsed at all: it cannot set one (and its syntax is
// not this tool's business). Malformed YAML that does say it is a located yaml-syntax diagnostic.
Scan scan_file(std::string_view text, const std::string& file);

}  // namespace sa::config::yaml
