// The journal: one JSON file per apply or rollback in the state folder, written before anything is
// touched and rewritten atomically as the outcome changes (in-progress -> applied / failed /
// interrupted / rolled-back). It holds everything rollback needs: every key's value before and
// after, and the persisted file's bytes before (or its absence) and after.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "advisor/apply/safe_fs.h"

namespace sa::apply {

inline constexpr const char* kJournalSchema = "sysctl-advisor/journal/v1";

// Outcomes. An apply: in-progress, applied, failed (a write failed; `restored` says whether every
// written key was put back), interrupted (SIGINT/SIGTERM; same), rolled-back (by a later rollback).
// A rollback: in-progress, done, failed.
namespace outcome {
inline constexpr const char* kInProgress = "in-progress";
inline constexpr const char* kApplied = "applied";
inline constexpr const char* kFailed = "failed";
inline constexpr const char* kInterrupted = "interrupted";
inline constexpr const char* kRolledBack = "rolled-back";
inline constexpr const char* kDone = "done";
}  // namespace outcome

struct KeyRecord {
  std::string key;                   // dotted
  std::string before;                // live value before, folded
  std::string target;                // the value this entry writes (apply: proposed; rollback: before)
  std::optional<std::string> after;  // live value read back after writing; nullopt = not written
  std::string rule;                  // apply: the rule that proposed it
  std::string reason;
};

struct FileState {
  bool exists = false;
  std::string content;  // bytes (kept byte for byte, base64 in JSON when not UTF-8)
  unsigned mode = 0644;
};

struct PersistRecord {
  std::string path;     // as written (under --root)
  FileState before;
  FileState after;      // what this entry writes there (rollback: the earlier `before`)
};

struct Entry {
  std::string id;
  std::string kind = "apply";        // "apply" | "rollback"
  std::string time;                  // ISO 8601 UTC with milliseconds, creation
  std::string updated;
  std::string user;
  int pid = 0;
  std::string root;
  std::string profile;
  std::string plan_source;           // "--plan FILE" or "planned on the host for --profile X"
  nlohmann::json plan;               // apply: the whole plan (schema sysctl-advisor/plan/v1); else null
  std::vector<KeyRecord> keys;       // in the order written
  std::optional<PersistRecord> persist;
  std::string outcome = outcome::kInProgress;
  bool restored = false;             // failed/interrupted: every written key was put back
  std::string rolled_back_by;        // apply entries: the rollback entry's id
  std::string rolls_back;            // rollback entries: the apply entry's id
  std::vector<std::string> messages; // what happened, in order
};

// Field order as written (ordered_json): a person reads these files when things went wrong.
nlohmann::ordered_json to_json(const Entry& e);
std::optional<Entry> entry_from_json(const nlohmann::json& j, std::string& error);

// "2026-11-25T12:15:30.123Z" now, and the id an entry made now gets ("20261125-121530-123-4242").
std::string now_iso8601();
std::string new_entry_id();
// Who is doing this: "root", or "root (sudo from alice)".
std::string current_user();

// The journal files in an opened state folder.
class Journal {
 public:
  Journal(int dirfd, std::string shown_dir) : dirfd_(dirfd), dir_(std::move(shown_dir)) {}
  // Writes (creates or replaces) the entry atomically, mode 0600, and fsyncs.
  FsResult save(Entry& e);
  // Every readable entry, oldest first. Unreadable files are reported in `problems`.
  std::vector<Entry> list(std::vector<std::string>* problems = nullptr) const;
  std::optional<Entry> load(const std::string& id, std::string& error) const;
  // Entry ids, oldest first (ids start with the UTC time, so they sort by age).
  std::vector<std::string> ids() const;
  // Only the entries interrupted_entries() would report, without parsing every entry: a long
  // history must not make each apply slower (the text is our own dump(2) format, so a substring
  // test finds the candidates; they are then parsed and checked for real).
  std::vector<Entry> unfinished() const;
  const std::string& dir() const { return dir_; }

 private:
  int dirfd_;
  std::string dir_;
};

// Entries a command died in the middle of (SIGKILL, power cut): every command warns about them.
std::vector<Entry> interrupted_entries(const std::vector<Entry>& all);
// The warning about one of them (without the "warning: " its renderer adds), saying how to complete it.
std::string interrupted_warning(const Entry& e);

}  // namespace sa::apply
