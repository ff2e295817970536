#include "advisor/apply/rollback.h"

#include <errno.h>
#include <unistd.h>

#include "advisor/apply/file_state_io.h"
#include "advisor/apply/interrupt.h"
#include "advisor/apply/journal.h"
#include "advisor/apply/live_values.h"
#include "advisor/apply/safe_fs.h"
#include "advisor/apply/state_lock.h"

namespace fs = std::filesystem;

namespace sa::apply {

namespace {

// True when the apply left nothing to undo: it failed or was interrupted and put everything back.
bool undone_already(const Entry& e) {
  return (e.outcome == outcome::kFailed || e.outcome == outcome::kInterrupted) && e.restored;
}

// A key to put back, with what the host says now.
struct Restore {
  const KeyRecord* rec;
  std::string live;
  bool needed;      // live is not already the value before
};

RollbackOutcome run_rollback(const RollbackOptions& o, RollbackResult& result, Messages& say) {
  std::string dir = o.state_dir.string();
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(o.state_dir, ec))) {
    say.progress("Nothing to roll back: no journal at " + dir + ".");
    return RollbackOutcome::kNothingToDo;
  }
  DirOpen sd = open_dir(o.state_dir, std::nullopt, /*private_dir=*/true, o.root);
  if (!sd.result.ok) {
    say.error(sd.result.error);
    return RollbackOutcome::kRefused;
  }
  // A rollback is never left half-done by Ctrl-C: the signal is noted and the restore goes on.
  InterruptGuard guard;
  StateLock lock;
  if (!lock.acquire(sd.fd.get(), dir, "rollback", o.lock_wait_seconds)) {
    say.error(lock.error());
    say.verdict("nothing was changed");
    return RollbackOutcome::kFailed;
  }
  for (const auto& t : stale_temp_files(sd.fd.get(), true))
    say.note("removed " + dir + "/" + t + ", left by an interrupted write");
  Journal journal(sd.fd.get(), dir);
  std::vector<Entry> unfinished = journal.unfinished();
  for (const auto& e : unfinished) say.warning(interrupted_warning(e));

  // Which apply to undo.
  std::optional<Entry> target;
  if (!o.id.empty()) {
    std::string error;
    target = journal.load(o.id, error);
    if (!target) {
      say.error(error);
      return RollbackOutcome::kRefused;
    }
    if (target->kind != "apply") {
      say.error(o.id + " is a rollback, not an apply; give the id of an apply (`sysctl-advisor history`)");
      return RollbackOutcome::kRefused;
    }
  } else {
    // Newest first, reading only as far back as the first apply that changed something.
    std::vector<std::string> ids = journal.ids();
    for (auto it = ids.rbegin(); it != ids.rend() && !target; ++it) {
      std::string error;
      auto e = journal.load(*it, error);
      if (!e) {
        say.warning("unreadable journal entry: " + error);
        continue;
      }
      if (e->kind == "apply" && !undone_already(*e) && netns_of(*e) == o.netns_inode) target = std::move(e);
    }
    if (!target) {
      say.progress("Nothing to roll back: no apply in " + dir + " changed anything.");
      return RollbackOutcome::kNothingToDo;
    }
  }
  result.apply_id = target->id;
  if (netns_of(*target) != o.netns_inode) {
    const uint64_t ns = netns_of(*target);
    std::string where = ns ? "network namespace net:[" + std::to_string(ns) + "] (" +
                                 target->plan["netns"].value("target", std::string("?")) + ")"
                           : "the namespace it ran in (the host's), not --netns";
    say.error("apply " + target->id + " changed " + where + "; roll it back there (" +
              (ns ? "--netns with a PID or name of that namespace" : "without --netns") + "). nothing was changed");
    return RollbackOutcome::kRefused;
  }
  if (target->outcome == outcome::kRolledBack) {
    say.progress("Nothing to do: apply " + target->id + " was already rolled back by " + target->rolled_back_by +
                 ". (An earlier apply? `sysctl-advisor history`, then `rollback --id ID`.)");
    return RollbackOutcome::kNothingToDo;
  }
  if (undone_already(*target)) {
    say.progress("Nothing to do: apply " + target->id + " " + target->outcome + " and restored every value itself.");
    return RollbackOutcome::kNothingToDo;
  }

  // What is there now, against what the apply left. Someone else's change is not ours to undo.
  std::vector<Restore> restores;
  std::vector<std::string> foreign;
  for (const auto& k : target->keys) {
    LiveRead r = read_live(o.root, k.key);
    if (!r.error.empty() || !r.exists) {
      say.error("cannot read " + k.key + ": " + (r.error.empty() ? "absent on this kernel" : r.error));
      return RollbackOutcome::kRefused;
    }
    bool at_before = same_value(r.value, k.before);
    bool at_target = same_value(r.value, k.target) || (k.after && same_value(r.value, *k.after));
    if (!at_before && !at_target)
      foreign.push_back(k.key + " is " + r.value + " now; apply " + target->id + " set it to " + k.target + " (before: " + k.before + ")");
    restores.push_back({&k, r.value, !at_before});
  }
  Fd persist_dir;
  std::string persist_name;
  FileState persist_now;
  bool persist_needed = false;
  if (target->persist) {
    fs::path p = target->persist->path;
    persist_name = p.filename().string();
    DirOpen pd = open_dir(p.parent_path(), std::nullopt, false, o.root);
    // A folder that is gone took the file with it; any other failure (a symlink now) is refused.
    if (!pd.result.ok && (target->persist->before.exists || pd.result.err != ENOENT)) {
      say.error(pd.result.error);
      return RollbackOutcome::kRefused;
    }
    if (pd.result.ok) {
      persist_dir = std::move(pd.fd);
      FileRead fr = read_file_at(persist_dir.get(), persist_name, target->persist->path);
      if (!fr.result.ok) {
        say.error(fr.result.error);
        say.verdict("nothing was changed");
        return RollbackOutcome::kRefused;
      }
      persist_now = to_file_state(fr);
      persist_needed = !same_file(persist_now, target->persist->before);
      if (persist_needed && !same_file(persist_now, target->persist->after))
        foreign.push_back(target->persist->path + " was changed since apply " + target->id);
    }
  }
  if (!foreign.empty() && !o.force) {
    for (const auto& f : foreign) say.error(f);
    say.verdict("refusing: these were changed by someone else since the apply. Rerun with --force to overwrite them "
                "with the values from before the apply.");
    say.verdict("nothing was changed");
    return RollbackOutcome::kRefused;
  }
  for (const auto& f : foreign) say.progress("overwriting (--force): " + f);

  bool any = persist_needed;
  for (const auto& r : restores) any |= r.needed;

  Entry rb;
  rb.id = new_entry_id();
  rb.kind = "rollback";
  rb.time = now_iso8601();
  rb.user = current_user();
  rb.pid = static_cast<int>(::getpid());
  rb.root = o.root.string();
  rb.profile = target->profile;
  rb.plan_source = "rollback of " + target->id;
  rb.rolls_back = target->id;
  for (auto it = restores.rbegin(); it != restores.rend(); ++it)
    if (it->needed) rb.keys.push_back({it->rec->key, it->live, it->rec->before, std::nullopt, it->rec->rule, ""});
  if (target->persist && persist_needed) rb.persist = PersistRecord{target->persist->path, persist_now, target->persist->before};
  if (FsResult r = journal.save(rb); !r.ok) {
    say.error("could not write the journal entry: " + r.error);
    say.verdict("nothing was changed");
    return RollbackOutcome::kFailed;
  }
  result.entry_id = rb.id;
  say.progress("rollback " + rb.id + " of apply " + target->id + " (" + target->time + ", " + target->user + ")");
  if (!any) say.progress("  every value is already as it was before the apply");

  bool all_ok = true;
  // Progress that the journal entry keeps too (`history` shows it).
  auto journal_say = [&](const std::string& m) {
    rb.messages.push_back(m);
    say.progress(m);
  };
  for (auto& k : rb.keys) {
    std::string e = write_live(o.root, k.key, k.target, &k.after);
    if (e.empty()) journal_say("  " + k.key + ": " + k.before + " -> " + *k.after);
    else {
      journal_say("  FAILED " + k.key + ": " + e);
      all_ok = false;
    }
    result.restored.push_back(k);
  }
  if (rb.persist) {
    FsResult r = put_file_state(persist_dir.get(), persist_name, rb.persist->after, rb.persist->path);
    // Verify: read it back, byte for byte.
    FileRead back = read_file_at(persist_dir.get(), persist_name, rb.persist->path);
    if (r.ok && back.result.ok && same_file(to_file_state(back), rb.persist->after))
      journal_say("  " + rb.persist->path + (rb.persist->after.exists ? ": restored as it was" : ": removed (it did not exist before)"));
    else {
      journal_say("  FAILED " + rb.persist->path + ": " + (r.ok ? "read back differs" : r.error));
      all_ok = false;
    }
  }
  rb.outcome = all_ok ? outcome::kDone : outcome::kFailed;
  if (FsResult r = journal.save(rb); !r.ok) say.warning("could not record the rollback's outcome: " + r.error);
  if (!all_ok) {
    say.error("not everything could be restored (see above); apply " + target->id +
              " stays open, so running rollback again retries");
    return RollbackOutcome::kIncomplete;
  }
  // Earlier rollbacks of this apply that died half-way are finished now: stop warning about them.
  for (auto& e : unfinished) {
    if (e.kind != "rollback" || e.rolls_back != target->id || e.outcome != outcome::kInProgress || e.id == rb.id) continue;
    e.outcome = outcome::kFailed;
    e.messages.push_back("did not finish; completed by " + rb.id);
    journal.save(e);
  }
  target->outcome = outcome::kRolledBack;
  target->rolled_back_by = rb.id;
  target->messages.push_back("rolled back by " + rb.id + " at " + rb.time);
  if (FsResult r = journal.save(*target); !r.ok) say.warning("could not mark " + target->id + " rolled back: " + r.error);
  say.progress("rolled back apply " + target->id);
  return RollbackOutcome::kRolledBack;
}

}  // namespace

RollbackResult rollback(const RollbackOptions& options, const MessageSink& on_message) {
  RollbackResult result;
  Messages say(result.messages, on_message);
  result.outcome = run_rollback(options, result, say);
  return result;
}

uint64_t netns_of(const Entry& e) {
  if (!e.plan.is_object()) return 0;
  auto it = e.plan.find("netns");
  if (it == e.plan.end() || !it->is_object()) return 0;
  auto inode = it->find("inode");
  if (inode == it->end() || !inode->is_number_unsigned()) return 0;
  // The host's own namespace entered with --netns is still the host's: sysctl.d reaches it.
  return it->value("host", false) ? 0 : inode->get<uint64_t>();
}

}  // namespace sa::apply
