// `apply`: a plan onto the host, whole or not at all. Order of work (each step can stop it):
//   check the plan -> read live values and the persisted file -> refuse what cannot be made to
//   stick at boot -> confirm -> lock -> journal entry (fsync'd) -> each live write, read back ->
//   persisted file (atomic) -> journal "applied".
// Any failure or SIGINT/SIGTERM after the journal entry undoes every write in reverse order and
// records the outcome. apply prints nothing: it returns an ApplyResult (advisor/apply/result.h)
// whose outcome decides the exit code, and hands each message to the caller's sink as it is made.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "advisor/apply/result.h"
#include "advisor/apply/state_lock.h"
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
  double lock_wait_seconds = kDefaultLockWaitSeconds;
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

// Shown what would be done (the caller renders it, report::confirmation_text, before asking), says
// whether to go on. Every message made before it has reached on_message by then, so warnings
// precede the question.
using Confirm = std::function<bool(const ConfirmSummary& summary)>;

ApplyResult apply_plan(const plan::Plan& plan, const ApplyOptions& options, const Confirm& confirm,
                       const MessageSink& on_message = nullptr);

// For every command that looks at the host (plan, config, snapshot, ...): one warning per apply
// or rollback that died half-way (SIGKILL, power cut), saying how to complete it. None when the
// state folder does not exist, or while an apply holds the lock (it is not dead).
std::vector<Message> unfinished_warnings(const std::filesystem::path& state_dir);

// Default places under root.
std::filesystem::path default_state_dir(const std::filesystem::path& root);
std::filesystem::path default_persist_file(const std::filesystem::path& root);

}  // namespace sa::apply
