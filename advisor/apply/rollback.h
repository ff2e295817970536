// `rollback`: puts back the live values and the persisted file an apply changed, from its journal
// entry, and journals itself. Targets the newest apply that changed something, or --id. Safe to
// repeat: an entry already rolled back is left alone. A key (or the persisted file) that someone
// changed since the apply is reported and the rollback refused, unless --force.
// Exit codes: 0 rolled back or nothing to do; 2 refused (changed by someone else, unknown id);
// 3 a restore failed (the others were still restored; the entry says which).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace sa::apply {

struct RollbackOptions {
  std::filesystem::path root = "/";
  std::filesystem::path state_dir;
  std::string id;        // empty: the newest apply that changed something
  bool force = false;
  double lock_wait_seconds = 10;
};

int rollback(const RollbackOptions& options, std::ostream& out, std::ostream& err);

}  // namespace sa::apply
