// The engine's public API: load rules, profiles and the key catalog (TOML, in stages: read ->
// collect -> compile), build facts from the host and its configuration, evaluate rules into a Plan,
// and infer which profile the evidence suggests. Pure: files are read here only from the rules and
// profiles folders the caller names; host facts come in as values (live/ and config/ read them).
// CONTRACT for cli/ (plan, explain, profiles, rules) and check/: add freely, do not rename.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "advisor/config/config_set.h"
#include "advisor/core/diagnostic.h"
#include "advisor/data/data_files.h"
#include "advisor/engine/catalog.h"
#include "advisor/engine/facts.h"
#include "advisor/engine/profile.h"
#include "advisor/engine/rule.h"
#include "advisor/live/host_state.h"
#include "advisor/plan/plan.h"

namespace sa::engine {

// Something loaded, and everything that was wrong with it. When diagnostics has an error, value
// is empty (never half loaded): callers print every diagnostic and exit 2.
template <typename T>
struct Loaded {
  T value;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !has_errors(diagnostics); }
};

// The engine reads no file: advisor/data reads the data folders, these parse and compile the
// text (`display` names the file in diagnostics).
// rules/keys.toml (or any file of [[key]] tables).
Loaded<Catalog> parse_catalog(const std::string& text, const std::string& display);
// rules/known-keys.txt (one sysctl name a line, '#' comments) into result.value.known_names: keys
// outside the catalog that exist, so they are not judged typos.
void parse_known_names(const std::string& text, const std::string& display, Loaded<Catalog>& result);
// Every profiles/*.toml; needs generic.toml (the implicit root of `extends`).
// Rules are compiled against the profiles (trait names, profile names) and the catalog (key
// names, set values). `local_files`: an operator's own rule files (--local-rules, /etc layers):
// more [[rule]]s, and [[define]]s that replace shipped values of the same name.
Loaded<ProfileSet> parse_profiles(const std::vector<std::pair<std::string, std::string>>& files /* display, text */);
Loaded<RuleSet> parse_rules(const std::vector<std::pair<std::string, std::string>>& files, const ProfileSet& profiles,
                            const Catalog& catalog,
                            const std::vector<std::pair<std::string, std::string>>& local_files = {});

// Everything the rules need, compiled together.
struct Knowledge {
  Catalog catalog;
  ProfileSet profiles;
  RuleSet rules;
};
// From the layered data files (advisor/data read_knowledge_files): each later layer's catalog key,
// rule id or [[define]] replaces the earlier one of the same name (a profile or rule file was
// already replaced by name when read). Read errors are reported in the order they would stop
// loading: the catalog's, then the profiles', then the rules'.
Loaded<Knowledge> compile_knowledge(const data::KnowledgeFiles& files);

// Facts for a host (live or snapshot): host and config may be null (not known). The pointers must
// outlive the Facts. Kernel comes from host->kernel unless `kernel` is given.
Facts host_facts(const live::HostState* host, const config::ConfigSet* config, const Catalog& catalog,
                 std::string kernel = "");
// Facts for `check`: configured values only, for a target kernel (may be empty = unknown); every
// live-only function is unknown ("needs the live host").
Facts offline_facts(const config::ConfigSet& config, std::string kernel, const Catalog& catalog);

// What evaluating one rule gave, before plan assembly (check/ uses these directly).
struct Outcome {
  const Rule* rule = nullptr;
  enum class Kind { silent, change, finding, not_evaluated, already_set } kind = Kind::silent;
  std::optional<plan::Change> change;    // kind == change (or already_set: the value it would have set)
  std::optional<plan::Finding> finding;  // kind == finding
  std::string needs;                     // kind == not_evaluated
};

// Rules that apply to the profile (by name or an ancestor's name), in id order.
std::vector<const Rule*> rules_for(const RuleSet& rules, const Profile& profile);
Outcome evaluate_rule(const Rule& rule, const Profile& profile, const Facts& facts);
// Every applicable rule, then conflicts resolved by priority into one Plan.
plan::Plan evaluate(const RuleSet& rules, const Profile& profile, const Facts& facts);

// Which profile the evidence suggests, and why in a sentence quoting the numbers. Uses each
// profile's [inference] table (docs/rule-format.md); falls back to "generic".
struct Inference {
  std::string profile;
  std::string reason;
};
Inference infer_profile(const ProfileSet& profiles, const Facts& facts);

// The sysctl keys a rule reads (in its condition and templates) or sets, sorted.
std::vector<std::string> keys_of(const Rule& rule);
// The [[define]] names a rule's condition and templates use, directly or through other names, sorted.
std::vector<std::string> defines_of(const Rule& rule);

// The closest candidate by edit distance, if it is close enough to be a plausible typo.
std::optional<std::string> did_you_mean(const std::string& typed, const std::vector<std::string>& candidates);
// The same as the tail of a message: "; did you mean 'NAME'?", or "" when no name is close.
std::string did_you_mean_hint(const std::string& typed, const std::vector<std::string>& candidates);
using sa::edit_distance;  // advisor/core/text.h

}  // namespace sa::engine
