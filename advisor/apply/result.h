// What apply and rollback tell their caller: the outcome, what was written, and what to say. The
// library says nothing itself; advisor/report/apply_messages.h turns a Message into its line and
// advisor/cli prints it (stdout or stderr by severity). The exit code of each outcome is decided
// in one place, result.cc, from advisor/core/exit_codes.h.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "advisor/apply/journal.h"

namespace sa::apply {

// One line for the user. Its text is final: fields that came from a file or the host are escaped
// (sa::printable_line) where they were before; the renderer adds only the prefix of its severity.
struct Message {
  enum class Severity {
    kProgress,  // what was done, step by step, and the result: stdout, as is
    kNote,      // stderr, "note: "
    kWarning,   // stderr, "warning: "
    kError,     // one problem: stderr, "sysctl-advisor COMMAND: "
    kVerdict,   // the conclusion after the problems (what was or was not changed, what to do): stderr, as is
  };
  Severity severity;
  std::string text;
  bool operator==(const Message& o) const { return severity == o.severity && text == o.text; }
};

// Called with each message as it is made, before the work goes on. A list returned at the end
// would not do: the warnings must come before the confirmation prompt that shows the summary, and
// the progress lines ("apply ID: journal ...", each key written) must be on the terminal while the
// writes go on, so that what a SIGKILL or power cut interrupts is visible (tests wait for them
// before they send a signal). The result keeps the same messages, in the same order, for callers
// that render afterwards or test them.
using MessageSink = std::function<void(const Message&)>;

// Appends each message to a result's list and hands it to the sink at once.
class Messages {
 public:
  Messages(std::vector<Message>& into, const MessageSink& sink) : into_(into), sink_(sink) {}
  void progress(std::string text) { add(Message::Severity::kProgress, std::move(text)); }
  void note(std::string text) { add(Message::Severity::kNote, std::move(text)); }
  void warning(std::string text) { add(Message::Severity::kWarning, std::move(text)); }
  void error(std::string text) { add(Message::Severity::kError, std::move(text)); }
  void verdict(std::string text) { add(Message::Severity::kVerdict, std::move(text)); }
  void add(Message::Severity severity, std::string text);

 private:
  std::vector<Message>& into_;
  const MessageSink& sink_;
};

// What the operator approves before anything is written: every change with the live value it
// would replace, and where it persists. Fields are as read (from the plan file and the host):
// the renderer (report::confirmation_text) escapes them.
struct ConfirmSummary {
  struct Row {
    std::string key;
    std::string live;      // the value now
    std::string proposed;
    bool needs_write = false;  // false: the host already has it
    std::string rule;
    std::string reason;
  };
  struct Persist {
    std::string shown;     // the file, as the user knows it
    bool exists = false;   // false: a new file
    bool changes = false;  // its assignments differ from what is there
  };
  std::string profile;
  std::vector<Row> rows;
  std::optional<Persist> persist;  // nullopt: --no-persist
  size_t writes() const;
};

enum class ApplyOutcome {
  kApplied,          // every live write read back, the persisted file written, the journal says applied
  kNothingToChange,  // the plan has no changes, or the host and the persisted file already have them
  kDeclined,         // the confirmation said no (or could not ask): nothing was changed
  kRefused,          // stopped before anything was changed: invalid, stale or foreign plan, a later
                     // file or another writer would undo it, an unfinished earlier apply, a symlink
  kFailed,           // could not start the writes (state folder, lock, journal, the host moved
                     // while waiting for the lock): nothing was changed
  kUndone,           // failed or interrupted part-way; every change it made was put back
  kNotUndone,        // failed part-way and not every change could be put back: rollback --id completes it
};

struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::kRefused;
  std::string entry_id;             // the journal entry, once one was written
  std::vector<KeyRecord> written;   // live keys written, in order, with what was read back
                                    // (put back again when the outcome is kUndone)
  bool persisted = false;           // the persisted file was replaced (and, if undone, restored)
  std::vector<Message> messages;    // everything said, in order
  int exit_code() const;
};

enum class RollbackOutcome {
  kRolledBack,   // every key and the persisted file restored and verified
  kNothingToDo,  // no journal, no apply that changed anything, or already rolled back or undone
  kRefused,      // nothing was changed: unknown id, another namespace, changed by someone else
  kFailed,       // could not start (lock, journal): nothing was changed
  kIncomplete,   // a restore failed; the others were done and the apply stays open for a rerun
};

struct RollbackResult {
  RollbackOutcome outcome = RollbackOutcome::kRefused;
  std::string entry_id;            // this rollback's journal entry, once written
  std::string apply_id;            // the apply it is about, once chosen
  std::vector<KeyRecord> restored; // keys written back, with what was read back (nullopt: failed)
  std::vector<Message> messages;
  int exit_code() const;
};

// The one mapping from outcome to exit code (advisor/core/exit_codes.h).
int exit_code(ApplyOutcome outcome);
int exit_code(RollbackOutcome outcome);

}  // namespace sa::apply
