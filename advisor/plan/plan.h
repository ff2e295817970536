// A plan: what the advisor proposes to change, what it only advises, and what it could not judge.
// CONTRACT shared by engine/ (produces outcomes), plan/, apply/, report/, check/ and cli/: add to it
// freely; rename or remove only together with every user. JSON field names follow DESIGN.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "advisor/core/diagnostic.h"
#include "advisor/core/host_identity.h"

namespace sa::plan {

// A rule without `priority` (docs/rule-format.md), and a plan file whose change lacks one.
inline constexpr int kDefaultPriority = 50;

struct Origin {
  std::string file;
  int line = 0;
};

struct Change {
  std::string key;                      // dotted
  std::optional<std::string> current;   // live value; nullopt = not known (offline)
  std::optional<std::string> configured;// effective configured value
  std::optional<Origin> configured_at;  // where that value is set
  std::string proposed;
  std::string rule;                     // rule id
  Severity severity = Severity::warning;
  std::string reason;                   // rendered template, quoting the facts
  std::vector<std::string> references;
  std::string message;                  // one line: the rule's message (default: its title)
  std::vector<std::string> also_rules;  // other rules that proposed the same value
  int priority = kDefaultPriority;      // the rule's priority (conflict resolution)
};

struct Finding {
  std::string rule;
  Severity severity = Severity::notice;
  std::optional<std::string> key;
  std::string message;                  // one line
  std::string reason;                   // the reasoning, quoting facts
  std::optional<Origin> at;             // file:line the finding is about, when it is about a line
  int col = 0;
  std::vector<std::string> references;
};

// A rule whose condition depended on a fact that is not known (no sampling, offline, key absent).
struct NotEvaluated {
  std::string rule;
  std::string needs;  // "needs --sample", "needs the live host", ...
};

// Two rules wanted different values for one key; the higher priority won.
struct Conflict {
  std::string key;
  std::string winner_rule, winner_value;
  std::string loser_rule, loser_value;
  int winner_priority = 0, loser_priority = 0;
};

// The network namespace a plan was made for (--netns): its values, counters and sockets.
struct NetnsRef {
  std::string target;                  // "PID 4242", "/run/netns/blue"
  uint64_t inode = 0;                  // "net:[4026532801]"
  bool host = false;                   // it is the host's namespace (PID 1's): sysctl.d reaches it
};

struct Plan {
  std::string profile;                 // profile planned for
  std::optional<NetnsRef> netns;       // nullopt: the namespace the tool runs in
  std::string profile_reason;          // "--profile" or why the evidence suggests it
  std::string kernel;
  // The host the plan was made on (live or --root); nullopt for a snapshot or an older plan.
  // `apply --plan` refuses a plan made elsewhere or since made stale (docs/apply.md).
  std::optional<HostIdentity> host;
  std::vector<Change> changes;
  std::vector<Finding> findings;
  std::vector<NotEvaluated> not_evaluated;
  std::vector<Conflict> conflicts;
};

}  // namespace sa::plan
