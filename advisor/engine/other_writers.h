// Other writers, combined: the claims config/ read from files and the processes live/ saw running,
// turned into one list of (writer, key, value, evidence), and from it the `other-writer` findings
// of a plan, the owners `apply` refuses to override and the probable writer `drift` names.
// Pure: everything comes in as values (docs/writers.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/other_writers.h"
#include "advisor/plan/check_result.h"
#include "advisor/plan/plan.h"

namespace sa::engine {

inline constexpr const char* kOtherWriter = "other-writer";

// File claims as they are, a running tuned daemon marking TuneD's claims with its pid, and one
// claim per key a running process owns (values from its command-line flags, else writers.toml's).
std::vector<WriterClaim> combine_writers(const FileWriters& files, const std::vector<SeenProcess>& processes,
                                         const WriterRules& rules);

// "24h0m0s", "1h", "90s", "1h30m" -> seconds; nullopt for anything else.
std::optional<long long> go_duration_seconds(std::string_view text);

// The claims on `key` (dotted), in the order combined.
std::vector<const WriterClaim*> owners_of(const std::vector<WriterClaim>& claims, std::string_view key);

// Who probably wrote `live` into `key`: the labels of the claims that set it to that value or to a
// value decided at runtime, joined with " or "; empty when none (drift's "probably written by").
std::string probable_writers(const std::vector<WriterClaim>& claims, std::string_view key, std::string_view live);

// "tuned (profile web) sets 1 (/etc/tuned/web/tuned.conf:4)": the writer, its value and evidence.
std::string claim_summary(const WriterClaim& c);

// One `other-writer` finding per claim; a warning when the plan changes that key to another value
// ("the change will not stay"), a notice otherwise.
void add_other_writer_findings(plan::Plan& p, const std::vector<WriterClaim>& claims);

// What `explain other-writer` prints.
const plan::RuleInfo& other_writer_info();

}  // namespace sa::engine
