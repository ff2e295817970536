// `apply`: a plan onto the host, whole or not at all. Order of work (each step can stop it):
//   check the plan -> read live values and the persisted file -> refuse what cannot be made to
//   stick at boot -> confirm -> lock -> journal entry (fsync'd) -> each live write, read back ->
//   persisted file (atomic) -> journal "applied".
// Any failure or SIGINT/SIGTERM after the journal entry undoes every write in reverse order and
// records the outcome. Exit codes (DESIGN.md): 0 applied or nothing to change; 1 declined at the
// prompt; 2 refused before anything changed (invalid plan, a later file would override, symlink,
// an earlier apply left unfinished); 3 failed and undone (kernel refused a value, I/O error, lock
// held, journal not writable, signal).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "advisor/config/config_set.h"
#include "advisor/core/other_writers.h"
#include "advisor/engine/deny_list.h"
#include "advisor/engine/engine.h"
#include "advisor/plan/plan.h"

namespace sa::apply {

struct ApplyOptions {
  std::filesystem::path root = "/";
  std::filesystem::path state_dir;                   // the journal folder (already under root)
  std::optional<std::filesystem::path> persist_file; // nullopt: --no-persist
  double lock_wait_seconds = 10;
  std::string plan_source;                           // for the journal and the file header
  std::optional<config::Loader> loader;              // boot loader for the override check
  // Provenance (advisor/apply/plan_trust.h): checked when both are set; the cli always sets them.
  const engine::Knowledge* knowledge = nullptr;
  const engine::DenyList* deny = nullptr;
  std::set<std::string> allow_keys;                  // --allow-key, dotted
  // Staleness: a --plan file must have been made on this host against today's values.
  bool check_stale = false;
  bool force_stale = false;                          // --force-stale: differences are warnings
  // Other writers (docs/writers.md): a change to a key one of them sets to another value is
  // refused (exit 2, nothing written) unless force_other_writers (--force), then only warned.
  std::vector<WriterClaim> other_writers;
  bool force_other_writers = false;
};

// Shown the summary, says whether to go on.
using Confirm = std::function<bool(const std::string& summary)>;

int apply_plan(const plan::Plan& plan, const ApplyOptions& options, const Confirm& confirm, std::ostream& out,
               std::ostream& err);

// For every command that looks at the host (plan, config, history, ...): one warning line per
// apply or rollback that died half-way (SIGKILL, power cut), saying how to complete it. Silent
// when the state folder does not exist, or while an apply holds the lock (it is not dead).
void warn_if_unfinished(const std::filesystem::path& state_dir, std::ostream& err);

// Default places under root.
std::filesystem::path default_state_dir(const std::filesystem::path& root);
std::filesystem::path default_persist_file(const std::filesystem::path& root);

}  // namespace sa::apply
