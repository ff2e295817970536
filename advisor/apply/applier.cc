#include "advisor/apply/applier.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "advisor/apply/boot_override.h"
#include "advisor/apply/file_state_io.h"
#include "advisor/apply/interrupt.h"
#include "advisor/apply/journal.h"
#include "advisor/apply/live_values.h"
#include "advisor/apply/persist_file.h"
#include "advisor/apply/plan_check.h"
#include "advisor/apply/plan_trust.h"
#include "advisor/apply/safe_fs.h"
#include "advisor/apply/state_lock.h"
#include "advisor/core/printable.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/engine/other_writers.h"
#include "advisor/live/host_identity.h"
#include "advisor/plan/plan_json.h"

namespace fs = std::filesystem;

namespace sa::apply {

fs::path default_state_dir(const fs::path& root) { return sa::under_root(root, "/var/lib/sysctl-advisor"); }
fs::path default_persist_file(const fs::path& root) { return sa::under_root(root, "/etc/sysctl.d/90-sysctl-advisor.conf"); }

std::vector<Message> unfinished_warnings(const fs::path& state_dir) {
  std::vector<Message> warnings;
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(state_dir, ec))) return warnings;
  DirOpen d = open_dir(state_dir, std::nullopt, /*private_dir=*/false);
  if (!d.result.ok || state_lock_held(d.fd.get())) return warnings;
  Journal j(d.fd.get(), state_dir.string());
  for (const auto& e : j.unfinished()) warnings.push_back({Message::Severity::kWarning, interrupted_warning(e)});
  return warnings;
}

namespace {

// The persisted file as it is and as apply would leave it.
struct PersistPlan {
  fs::path path;
  std::string shown;
  Fd dirfd;
  FileRead before;
  std::vector<PersistLine> lines;  // what it will assign (earlier advisor keys + this plan's)
  bool changes = false;            // its assignments differ from what is there
};

// One key of the plan with what the host says now.
struct Pending {
  const plan::Change* change;
  std::string live;
  bool needs_write;
};

std::string persist_comment(const plan::Change& c) {
  std::string s = c.reason.empty() ? "" : c.reason;
  if (!c.rule.empty()) s += (s.empty() ? "" : " ") + std::string("(rule ") + c.rule + ")";
  return s;
}

// Reads the persist folder and file (never through a symlink), merges this plan into what an
// earlier apply wrote, and checks that no later file in the load order would undo it at boot.
bool prepare_persist(const plan::Plan& plan, const ApplyOptions& o, PersistPlan& pp, Messages& say) {
  pp.path = *o.persist_file;
  pp.shown = pp.path.string();
  DirOpen dir = open_dir(pp.path.parent_path(), static_cast<mode_t>(0755), /*private_dir=*/false, o.root);
  if (!dir.result.ok) {
    say.error("cannot use the persist folder: " + dir.result.error);
    say.verdict("nothing was changed");
    return false;
  }
  pp.dirfd = std::move(dir.fd);
  pp.before = read_file_at(pp.dirfd.get(), pp.path.filename().string(), pp.shown);
  if (!pp.before.result.ok) {
    say.error(pp.before.result.error);
    say.verdict("nothing was changed");
    return false;
  }
  std::vector<PersistLine> earlier;
  if (pp.before.exists) {
    auto ours = parse_persist(pp.before.content);
    if (!ours) {
      say.error(pp.shown + " exists and was not written by sysctl-advisor; refusing to replace it. Choose another "
                "--persist-file, or --no-persist.");
      say.verdict("nothing was changed");
      return false;
    }
    earlier = *ours;
  }
  std::vector<PersistLine> mine;
  for (const auto& c : plan.changes) mine.push_back({c.key, c.proposed, {persist_comment(c)}});
  pp.lines = merge_persist(earlier, mine);
  pp.changes = !pp.before.exists || !same_assignments(earlier, pp.lines);

  config::LoadOptions lo;
  lo.root = o.root;
  lo.loader = o.loader ? *o.loader : config::default_loader(o.root);
  std::vector<std::string> keys;
  for (const auto& l : pp.lines) keys.push_back(l.key);
  BootOrder order = check_boot_order(lo, pp.path, render_persist(pp.lines, PersistHeader{}), keys);
  if (!order.read_at_boot)
    say.warning(pp.shown + " is in no folder " + std::string(config::to_string(lo.loader)) +
                " reads at boot; the values will not survive a reboot unless something else loads it");
  if (!order.masked_by.empty()) {
    say.error(pp.shown + " would not be read at boot: " + order.masked_by +
              " has the same name and masks it. Choose another --persist-file.");
    say.verdict("nothing was changed");
    return false;
  }
  bool refused = false;
  for (const auto& ov : order.overrides) {
    for (const auto& l : pp.lines) {
      if (l.key != ov.key || (!ov.excludes && same_value(l.value, ov.value))) continue;
      const std::string loader(config::to_string(lo.loader));
      if (ov.excludes)
        say.error(ov.file + ":" + std::to_string(ov.line) + " excludes " + ov.key + " (a '-" + ov.key +
                  "' line without a value) and is read after " + pp.shown + " at boot (" + loader + "), so " + ov.key +
                  " = " + l.value + " would not be written on the next reboot");
      else
        say.error(ov.file + ":" + std::to_string(ov.line) + " sets " + ov.key + " = " + ov.value + " and is read after " +
                  pp.shown + " at boot (" + loader + "), so it would undo " + ov.key + " = " + l.value + " on the next reboot");
      refused = true;
    }
  }
  if (refused) {
    say.verdict("refusing: fix those lines, or choose a persist file read later (--persist-file), or --no-persist");
    say.verdict("nothing was changed");
    return false;
  }
  return true;
}

// What the operator approves, as read: report::confirmation_text escapes and lays it out.
ConfirmSummary summary(const plan::Plan& plan, const std::vector<Pending>& pending, const PersistPlan* pp) {
  ConfirmSummary s;
  s.profile = plan.profile;
  for (const auto& p : pending)
    s.rows.push_back({p.change->key, p.live, p.change->proposed, p.needs_write, p.change->rule, p.change->reason});
  if (pp) s.persist = ConfirmSummary::Persist{pp->shown, pp->before.exists, pp->changes};
  return s;
}

class ApplyRun {
 public:
  ApplyRun(const plan::Plan& plan, const ApplyOptions& o, ApplyResult& result, const MessageSink& sink)
      : plan_(plan), o_(o), result_(result), say_(result.messages, sink) {}

  ApplyOutcome run(const Confirm& confirm);

 private:
  bool read_live_values(std::vector<Pending>& pending);
  bool refuse_if_stale(const std::vector<Pending>& pending);
  bool check_other_writers();
  ApplyOutcome undo(const std::string& why, const char* outcome_name);
  // Progress that the journal entry keeps too (`history` shows it).
  void journal_say(const std::string& m) {
    entry_.messages.push_back(m);
    say_.progress(m);
  }

  const plan::Plan& plan_;
  const ApplyOptions& o_;
  ApplyResult& result_;
  Messages say_;
  std::optional<PersistPlan> persist_;
  Fd state_fd_;
  std::optional<Journal> journal_;
  Entry entry_;
  size_t written_ = 0;         // keys written so far (entry_.keys[0..written_))
  bool persist_written_ = false;
};

// A key another writer sets to another value (docs/writers.md): the change would not stay, so it
// is refused, naming the writer, unless --force; then said, so the operator knows who may undo it.
bool ApplyRun::check_other_writers() {
  std::vector<std::string> lines;
  for (const auto& c : plan_.changes)
    for (const WriterClaim* w : engine::owners_of(o_.other_writers, c.key)) {
      if (w->value && same_value(*w->value, c.proposed)) continue;
      std::string line = printable_line(engine::claim_summary(*w));
      if (!w->when.empty()) line += ", " + printable_line(w->when);
      lines.push_back(printable_line(c.key) + " = " + printable_line(c.proposed) + ": " + line);
    }
  if (lines.empty()) return true;
  if (o_.force_other_writers) {
    for (const auto& l : lines) say_.warning("--force: " + l);
    say_.warning(std::string("--force: applying anyway; the other writer") + (lines.size() == 1 ? "" : "s") + " may undo " +
                 (lines.size() == 1 ? "this change when it writes" : "these changes when they write") + " again");
    return true;
  }
  for (const auto& l : lines) say_.error("another writer owns " + l);
  say_.verdict("refusing the whole plan (" + std::to_string(lines.size()) + " change" + (lines.size() == 1 ? "" : "s") +
               " to keys another writer sets; it would undo them): change the value where that writer takes it "
               "from, or rerun with --force to apply anyway. nothing was changed");
  return false;
}

bool ApplyRun::read_live_values(std::vector<Pending>& pending) {
  pending.clear();
  bool ok = true;
  for (const auto& c : plan_.changes) {
    LiveRead r = read_live(o_.root, c.key);
    if (!r.error.empty()) {
      say_.error(r.error);
      ok = false;
    } else if (!r.exists) {
      say_.error(c.key + " does not exist on this kernel (no " + sa::proc_sys_path(o_.root, c.key)->string() + ")");
      ok = false;
    } else {
      pending.push_back({&c, r.value, !same_value(r.value, c.proposed)});
    }
  }
  if (!ok) say_.verdict("refusing the whole plan: nothing was changed");
  return ok;
}

// False (after saying why) when the plan was made elsewhere, or is stale without --force-stale.
bool ApplyRun::refuse_if_stale(const std::vector<Pending>& pending) {
  std::map<std::string, std::string> live;
  for (const auto& p : pending) live[p.change->key] = p.live;
  Staleness s = compare_with_host(plan_, live::read_host_identity(o_.root), live);
  if (s.differences.empty()) return true;
  if (s.foreign) {
    for (const auto& d : s.differences) say_.error(d);
    say_.verdict("refusing: this plan was made on another host (or in another network namespace); --force-stale does not "
                 "override that. Make the plan on this host and review it: nothing was changed");
    return false;
  }
  if (o_.force_stale) {
    for (const auto& d : s.differences) say_.warning(d);
    say_.warning("the host changed since the plan was made; applying anyway (--force-stale)");
    return true;
  }
  for (const auto& d : s.differences) say_.error(d);
  say_.verdict("refusing: the plan is stale (the host changed since it was made and reviewed). Make and review a new plan, "
               "or pass --force-stale to apply it anyway: nothing was changed");
  return false;
}

// Puts back, in reverse order, everything this run wrote; records and says what happened.
ApplyOutcome ApplyRun::undo(const std::string& why, const char* outcome_name) {
  journal_say("apply " + entry_.id + " stopped: " + why);
  bool all = true;
  if (persist_written_) {
    FsResult r = put_file_state(persist_->dirfd.get(), persist_->path.filename().string(), entry_.persist->before, persist_->shown);
    if (r.ok) journal_say("  restored " + persist_->shown + (entry_.persist->before.exists ? "" : " (removed: it did not exist)"));
    else {
      journal_say("  COULD NOT restore " + persist_->shown + ": " + r.error);
      all = false;
    }
  }
  for (size_t i = written_; i-- > 0;) {
    KeyRecord& k = entry_.keys[i];
    std::optional<std::string> back;
    std::string e = write_live(o_.root, k.key, k.before, &back);
    if (e.empty()) journal_say("  restored " + k.key + " = " + k.before);
    else {
      journal_say("  COULD NOT restore " + k.key + " to " + k.before + ": " + e);
      all = false;
    }
  }
  entry_.outcome = outcome_name;
  entry_.restored = all;
  FsResult s = journal_->save(entry_);
  if (!s.ok) say_.warning("could not record the outcome in the journal: " + s.error);
  say_.error("failed: " + why);
  if (all) say_.verdict("every change was undone; the host is as it was");
  else say_.verdict("NOT every change could be undone (see above); run `sysctl-advisor rollback --id " + entry_.id + "`");
  result_.written.assign(entry_.keys.begin(), entry_.keys.begin() + static_cast<std::ptrdiff_t>(written_));
  result_.persisted = persist_written_;
  return all ? ApplyOutcome::kUndone : ApplyOutcome::kNotUndone;
}

ApplyOutcome ApplyRun::run(const Confirm& confirm) {
  std::vector<std::string> problems = check_plan_for_apply(plan_);
  if (!problems.empty()) {
    for (const auto& p : problems) say_.error(p);
    say_.verdict("refusing the whole plan: nothing was changed");
    return ApplyOutcome::kRefused;
  }
  if (o_.knowledge && o_.deny) {
    Verdict v = verify_provenance(plan_, *o_.knowledge, *o_.deny, o_.allow_keys);
    for (const auto& n : v.notes) say_.note(n);
    if (!v.refusals.empty()) {
      for (const auto& p : v.refusals) say_.error(p);
      say_.verdict("refusing the whole plan (" + std::to_string(v.refusals.size()) + " change" +
                   (v.refusals.size() == 1 ? "" : "s") + " the rules and the key catalog do not allow): nothing was changed");
      return ApplyOutcome::kRefused;
    }
  }
  if (plan_.changes.empty()) {
    say_.progress("Nothing to change: the plan has no changes.");
    return ApplyOutcome::kNothingToChange;
  }
  if (!check_other_writers()) return ApplyOutcome::kRefused;

  // An earlier apply that died half-way must be completed first, or its "before" would be lost.
  auto unfinished = [&](int dirfd) {
    Journal j(dirfd, o_.state_dir.string());
    auto bad = j.unfinished();
    for (const auto& e : bad) say_.warning(interrupted_warning(e));
    return !bad.empty();
  };
  {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(o_.state_dir, ec))) {
      DirOpen d = open_dir(o_.state_dir, std::nullopt, true, o_.root);
      if (!d.result.ok) {
        say_.error(d.result.error);
        say_.verdict("nothing was changed");
        return ApplyOutcome::kRefused;
      }
      // A running apply's own entry is in progress, not abandoned: the lock below waits for it.
      if (!state_lock_held(d.fd.get()) && unfinished(d.fd.get())) {
        say_.verdict("refusing to apply on top of it: nothing was changed");
        return ApplyOutcome::kRefused;
      }
    }
  }

  std::vector<Pending> pending;
  if (!read_live_values(pending)) return ApplyOutcome::kRefused;
  if (o_.persist_file) {
    persist_.emplace();
    if (!prepare_persist(plan_, o_, *persist_, say_)) return ApplyOutcome::kRefused;
  }
  bool any_write = false;
  for (const auto& p : pending) any_write |= p.needs_write;
  if (!any_write && (!persist_ || !persist_->changes)) {
    say_.progress("Nothing to change: every key already has its planned value" +
                  (persist_ ? " and " + persist_->shown + " already says so" : std::string()) + ".");
    return ApplyOutcome::kNothingToChange;
  }
  // Only now: a plan already in place is not stale, it is done.
  if (o_.check_stale && !refuse_if_stale(pending)) return ApplyOutcome::kRefused;

  if (!confirm(summary(plan_, pending, persist_ ? &*persist_ : nullptr))) {
    say_.progress("Not applied: nothing was changed.");
    return ApplyOutcome::kDeclined;
  }

  // From here on a signal is recorded, not fatal: the run undoes what it did and exits 3.
  InterruptGuard guard;
  DirOpen sd = open_dir(o_.state_dir, static_cast<mode_t>(0700), /*private_dir=*/true, o_.root);
  if (!sd.result.ok) {
    say_.error("cannot use the state folder: " + sd.result.error);
    say_.verdict("nothing was changed");
    return ApplyOutcome::kFailed;
  }
  state_fd_ = std::move(sd.fd);
  StateLock lock;
  if (!lock.acquire(state_fd_.get(), o_.state_dir.string(), "apply", o_.lock_wait_seconds)) {
    say_.error(lock.error());
    say_.verdict("nothing was changed");
    return ApplyOutcome::kFailed;
  }
  // Temp files of a write that died (SIGKILL between create and rename): ours to remove under the lock.
  for (const auto& t : stale_temp_files(state_fd_.get(), true))
    say_.note("removed " + o_.state_dir.string() + "/" + printable_line(t) + ", left by an interrupted write");
  if (persist_)
    for (const auto& t : stale_temp_files(persist_->dirfd.get(), true))
      say_.note("removed " + persist_->path.parent_path().string() + "/" + printable_line(t) + ", left by an interrupted write");
  // Under the lock, look again: another apply may have run while we asked.
  if (unfinished(state_fd_.get())) {
    say_.verdict("refusing to apply on top of it: nothing was changed");
    return ApplyOutcome::kRefused;
  }
  // What was confirmed must still hold: another apply may have finished while we waited.
  std::vector<Pending> confirmed = pending;
  if (!read_live_values(pending)) return ApplyOutcome::kRefused;
  std::vector<std::string> moved;
  for (size_t i = 0; i < pending.size(); ++i)
    if (!same_value(pending[i].live, confirmed[i].live))
      moved.push_back(pending[i].change->key + " is " + pending[i].live + " now, not " + confirmed[i].live);
  if (persist_) {
    std::string was = persist_->before.content;
    bool existed = persist_->before.exists;
    persist_->before = read_file_at(persist_->dirfd.get(), persist_->path.filename().string(), persist_->shown);
    if (!persist_->before.result.ok) {
      say_.error(persist_->before.result.error);
      say_.verdict("nothing was changed");
      return ApplyOutcome::kRefused;
    }
    if (persist_->before.exists != existed || persist_->before.content != was) moved.push_back(persist_->shown + " changed");
  }
  if (!moved.empty()) {
    for (const auto& m : moved) say_.error(m);
    say_.verdict("the host changed while this apply waited for the lock (another apply or rollback?): nothing was "
                 "changed; look at `sysctl-advisor history` and run apply again");
    return ApplyOutcome::kFailed;
  }

  journal_.emplace(state_fd_.get(), o_.state_dir.string());
  entry_.id = new_entry_id();
  entry_.kind = "apply";
  entry_.time = now_iso8601();
  entry_.user = current_user();
  entry_.pid = static_cast<int>(::getpid());
  entry_.root = o_.root.string();
  entry_.profile = plan_.profile;
  entry_.plan_source = o_.plan_source;
  entry_.plan = plan::to_json(plan_);
  for (const auto& p : pending)
    if (p.needs_write) entry_.keys.push_back({p.change->key, p.live, p.change->proposed, std::nullopt, p.change->rule, p.change->reason});
  if (persist_) {
    PersistRecord pr;
    pr.path = persist_->shown;
    pr.before = to_file_state(persist_->before);
    pr.after.exists = true;
    pr.after.mode = 0644;
    pr.after.content = render_persist(persist_->lines, {entry_.id, plan_.profile, entry_.time, o_.plan_source});
    // The boot loaders must read exactly the plan's assignments from it, nothing a text field adds.
    if (auto bad = unexpected_assignments(pr.after.content, persist_->lines); !bad.empty()) {
      for (const auto& b : bad) say_.error(persist_->shown + ": " + b);
      say_.verdict("refusing to write a file the boot loader would read differently from the plan: nothing was changed");
      return ApplyOutcome::kRefused;
    }
    entry_.persist = std::move(pr);
  }
  if (FsResult r = journal_->save(entry_); !r.ok) {
    say_.error("could not write the journal entry: " + r.error);
    say_.verdict("nothing was changed (no change is made without a journal entry to undo it)");
    return ApplyOutcome::kFailed;
  }
  result_.entry_id = entry_.id;
  say_.progress("apply " + entry_.id + ": journal " + o_.state_dir.string() + "/" + entry_.id + ".json");

  for (auto& k : entry_.keys) {
    if (InterruptGuard::interrupted())
      return undo("interrupted by signal " + std::to_string(InterruptGuard::signal_number()), outcome::kInterrupted);
    std::string e = write_live(o_.root, k.key, k.target, &k.after);
    if (!e.empty()) {
      // The kernel may have taken part of a refused value: put this key back too.
      if (k.after && !same_value(*k.after, k.before)) ++written_;
      return undo(e, outcome::kFailed);
    }
    ++written_;
    journal_say("  " + k.key + ": " + k.before + " -> " + *k.after);
    test_pause_after_write(static_cast<int>(written_));
  }
  if (InterruptGuard::interrupted())
    return undo("interrupted by signal " + std::to_string(InterruptGuard::signal_number()), outcome::kInterrupted);

  if (persist_ && persist_->changes) {
    FsResult r = put_file_state(persist_->dirfd.get(), persist_->path.filename().string(), entry_.persist->after, persist_->shown);
    if (!r.ok) {
      // Renamed but the folder not synced counts as written; a temp file that could not even be
      // created (read-only folder) left the old file as it was.
      FileRead now = read_file_at(persist_->dirfd.get(), persist_->path.filename().string(), persist_->shown);
      persist_written_ = !now.result.ok || !same_file(to_file_state(now), entry_.persist->before);
      return undo("could not persist: " + r.error, outcome::kFailed);
    }
    persist_written_ = true;
    // Read back what is on disk now, as the loaders will at boot.
    FileRead back = read_file_at(persist_->dirfd.get(), persist_->path.filename().string(), persist_->shown);
    if (!back.result.ok || !back.exists) return undo("could not read back " + persist_->shown + ": " + back.result.error, outcome::kFailed);
    if (auto bad = unexpected_assignments(back.content, persist_->lines); !bad.empty())
      return undo(persist_->shown + " read back differs from the plan: " + bad.front(), outcome::kFailed);
    journal_say("  persisted to " + persist_->shown);
  } else if (persist_) {
    entry_.persist->after = entry_.persist->before;  // already said the same: left alone
    journal_say("  " + persist_->shown + " already has these values; left unchanged");
  }

  entry_.outcome = outcome::kApplied;
  entry_.restored = false;
  result_.written = entry_.keys;
  result_.persisted = persist_written_;
  if (FsResult r = journal_->save(entry_); !r.ok)
    say_.warning("applied, but could not record it in the journal (" + r.error +
                 "); the entry stays in-progress and `rollback` still undoes it");
  say_.progress("applied " + std::to_string(entry_.keys.size()) + " change" + (entry_.keys.size() == 1 ? "" : "s") +
                ". Undo with: sysctl-advisor rollback --id " + entry_.id);
  return ApplyOutcome::kApplied;
}

}  // namespace

ApplyResult apply_plan(const plan::Plan& plan, const ApplyOptions& options, const Confirm& confirm, const MessageSink& on_message) {
  ApplyResult result;
  ApplyRun run(plan, options, result, on_message);
  result.outcome = run.run(confirm);
  return result;
}

}  // namespace sa::apply
