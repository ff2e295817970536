// A fleet's plans in one view: which rules propose changes or report findings on which hosts,
// grouped by rule and by profile (`sysctl-advisor report`). Reading a plan document keeps only what
// the grouping needs (profile, and per change/finding: rule, severity, key, proposed value), so
// 10,000 hosts' plans cost little more than reading the files. Pure except read_host_file.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "advisor/core/diagnostic.h"
#include "advisor/plan/plan.h"

namespace sa::fleet {

// One change or finding of one host, as the report groups it.
struct Item {
  std::string rule;
  bool change = false;  // a change (proposed value) or a finding
  Severity severity = Severity::notice;
  std::string key;       // empty: a finding about no key
  std::string proposed;  // changes only
};

struct Host {
  std::string name;     // the file name without .json (Ansible writes inventory_hostname.json)
  std::string profile;
  std::string kernel;
  std::vector<Item> items;
};

// What one input file is.
struct FileRead {
  enum class Kind { plan, snapshot, error } kind = Kind::error;
  Host host;          // kind == plan
  std::string error;  // kind == error: why it is not a plan or snapshot
};
// Reads FILE: a plan (schema sysctl-advisor/plan/v1) becomes a Host; a snapshot is only recognised
// (the caller plans it with the engine and passes the Plan to host_from_plan).
FileRead read_host_file(const std::string& path);
Host host_from_plan(const std::string& name, const plan::Plan& plan);
// "hosts/web01.json" -> "web01".
std::string host_name_of(const std::string& path);

struct RuleGroup {
  std::string rule;
  bool change = false;
  Severity severity = Severity::notice;
  std::string key;
  std::map<std::string, size_t> proposed;  // value -> hosts (changes)
  std::vector<size_t> hosts;               // indices into Fleet::hosts, in input order
};

struct ProfileGroup {
  std::string profile;
  std::vector<size_t> hosts;
  size_t with_changes = 0, with_findings = 0;
  std::map<std::string, size_t> rule_hosts;  // rule -> hosts of this profile it occurs on
};

struct Fleet {
  std::vector<Host> hosts;
  std::vector<RuleGroup> by_rule;        // most hosts first, then severity, then rule id
  std::vector<ProfileGroup> by_profile;  // by name
  size_t hosts_with_changes = 0, hosts_with_findings = 0;
};

Fleet summarize(std::vector<Host> hosts);

}  // namespace sa::fleet
