#include "advisor/apply/journal.h"

#include "advisor/core/clock.h"
#include "advisor/core/json_read.h"

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <limits>

#include "advisor/core/text.h"

namespace sa::apply {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {


const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::string& in) {
  std::string out;
  size_t i = 0;
  while (i + 2 < in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += kB64[v >> 18 & 63]; out += kB64[v >> 12 & 63]; out += kB64[v >> 6 & 63]; out += kB64[v & 63];
    i += 3;
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += kB64[v >> 18 & 63]; out += kB64[v >> 12 & 63]; out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += kB64[v >> 18 & 63]; out += kB64[v >> 12 & 63]; out += kB64[v >> 6 & 63]; out += '=';
  }
  return out;
}

std::optional<std::string> unbase64(const std::string& in) {
  std::string out;
  unsigned v = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const char* p = std::strchr(kB64, c);
    if (!p || !c) return std::nullopt;
    v = v << 6 | static_cast<unsigned>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(v >> bits & 0xff);
    }
  }
  return out;
}

ojson file_state_json(const FileState& f) {
  char mode[8];
  snprintf(mode, sizeof mode, "%04o", f.mode & 07777);
  ojson j = {{"exists", f.exists}, {"mode", mode}};
  if (!f.exists) return j;
  if (valid_utf8(f.content)) j["content"] = f.content;
  else j["content_base64"] = base64(f.content);
  return j;
}

bool file_state_from(const json& j, FileState& f) {
  if (!j.is_object()) return false;
  f.exists = j.value("exists", false);
  f.mode = 0644;
  if (j.contains("mode") && j["mode"].is_string()) f.mode = static_cast<unsigned>(std::stoul(j["mode"].get<std::string>(), nullptr, 8)) & 07777;
  else if (j.contains("mode") && j["mode"].is_number_unsigned()) f.mode = j["mode"].get<unsigned>() & 07777;
  if (!f.exists) return true;
  if (j.contains("content") && j["content"].is_string()) {
    f.content = j["content"].get<std::string>();
    return true;
  }
  if (j.contains("content_base64") && j["content_base64"].is_string()) {
    auto bytes = unbase64(j["content_base64"].get<std::string>());
    if (!bytes) return false;
    f.content = *bytes;
    return true;
  }
  return false;
}

}  // namespace

ojson to_json(const Entry& e) {
  ojson j;
  j["schema"] = kJournalSchema;
  j["id"] = e.id;
  j["kind"] = e.kind;
  j["time"] = e.time;
  j["updated"] = e.updated;
  j["user"] = e.user;
  j["pid"] = e.pid;
  j["root"] = e.root;
  j["profile"] = e.profile;
  j["plan_source"] = e.plan_source;
  j["plan"] = e.plan;
  j["keys"] = ojson::array();
  for (const auto& k : e.keys)
    j["keys"].push_back({{"key", k.key},
                         {"before", k.before},
                         {"target", k.target},
                         {"after", k.after ? ojson(*k.after) : ojson(nullptr)},
                         {"rule", k.rule},
                         {"reason", k.reason}});
  if (e.persist)
    j["persist"] = {{"path", e.persist->path}, {"before", file_state_json(e.persist->before)}, {"after", file_state_json(e.persist->after)}};
  else
    j["persist"] = nullptr;
  j["outcome"] = e.outcome;
  j["restored"] = e.restored;
  j["rolled_back_by"] = e.rolled_back_by.empty() ? ojson(nullptr) : ojson(e.rolled_back_by);
  j["rolls_back"] = e.rolls_back.empty() ? ojson(nullptr) : ojson(e.rolls_back);
  j["messages"] = e.messages;
  return j;
}

std::optional<Entry> entry_from_json(const json& j, std::string& error) {
  try {
    if (!j.is_object() || j.value("schema", "") != kJournalSchema) {
      error = "not a sysctl-advisor journal entry (schema is not " + std::string(kJournalSchema) + ")";
      return std::nullopt;
    }
    Entry e;
    e.id = j.at("id").get<std::string>();
    e.kind = j.at("kind").get<std::string>();
    e.time = j.at("time").get<std::string>();
    e.updated = j.value("updated", "");
    e.user = j.value("user", "");
    if (j.contains("pid")) {
      // A number that is not a whole int (1e40, 1.5, -1) is refused: converting it would be
      // undefined behaviour (found by fuzz/targets/journal.cc).
      const json& pid = j["pid"];
      if (!pid.is_number_integer() || pid.get<int64_t>() < 0 || pid.get<int64_t>() > std::numeric_limits<int>::max()) {
        error = "pid: expected a process id (a whole number), got " + pid.dump();
        return std::nullopt;
      }
      e.pid = static_cast<int>(pid.get<int64_t>());
    }
    e.root = j.value("root", "/");
    e.profile = j.value("profile", "");
    e.plan_source = j.value("plan_source", "");
    if (j.contains("plan")) e.plan = j["plan"];
    for (const auto& k : j.at("keys")) {
      KeyRecord r;
      r.key = k.at("key").get<std::string>();
      r.before = k.at("before").get<std::string>();
      r.target = k.at("target").get<std::string>();
      if (k.contains("after") && k["after"].is_string()) r.after = k["after"].get<std::string>();
      r.rule = k.value("rule", "");
      r.reason = k.value("reason", "");
      e.keys.push_back(std::move(r));
    }
    if (j.contains("persist") && j["persist"].is_object()) {
      PersistRecord p;
      p.path = j["persist"].at("path").get<std::string>();
      if (!file_state_from(j["persist"].at("before"), p.before) || !file_state_from(j["persist"].at("after"), p.after)) {
        error = "persist.before/after: unreadable file state";
        return std::nullopt;
      }
      e.persist = std::move(p);
    }
    e.outcome = j.at("outcome").get<std::string>();
    e.restored = j.value("restored", false);
    if (j.contains("rolled_back_by") && j["rolled_back_by"].is_string()) e.rolled_back_by = j["rolled_back_by"];
    if (j.contains("rolls_back") && j["rolls_back"].is_string()) e.rolls_back = j["rolls_back"];
    if (j.contains("messages")) e.messages = j["messages"].get<std::vector<std::string>>();
    return e;
  } catch (const std::exception& ex) {  // json type errors, a bad octal mode
    error = ex.what();
    return std::nullopt;
  }
}

std::string now_iso8601() {
  auto [time, ms] = utc_now("%Y-%m-%dT%H:%M:%S");
  char out[80];
  snprintf(out, sizeof out, "%s.%03dZ", time.c_str(), ms);
  return out;
}

std::string new_entry_id() {
  auto [time, ms] = utc_now("%Y%m%d-%H%M%S");
  char out[96];
  snprintf(out, sizeof out, "%s-%03d-%d", time.c_str(), ms, static_cast<int>(::getpid()));
  return out;
}

std::string current_user() {
  uid_t uid = ::geteuid();
  std::string name;
  if (struct passwd* pw = ::getpwuid(uid)) name = pw->pw_name;
  else name = "uid " + std::to_string(uid);
  if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo && name != sudo) name += std::string(" (sudo from ") + sudo + ")";
  return name;
}

FsResult Journal::save(Entry& e) {
  e.updated = now_iso8601();
  // error_handler replace: a value with invalid UTF-8 must not make the journal unwritable.
  std::string text = to_json(e).dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  return atomic_write_at(dirfd_, e.id + ".json", text, 0600, dir_ + "/" + e.id + ".json");
}

std::vector<std::string> Journal::ids() const {
  std::vector<std::string> out;
  int fd = ::openat(dirfd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return out;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return out;
  }
  while (struct dirent* de = ::readdir(d)) {
    std::string n = de->d_name;
    if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0 && n[0] != '.') out.push_back(n.substr(0, n.size() - 5));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Entry> Journal::unfinished() const {
  std::vector<Entry> candidates;
  for (const auto& id : ids()) {
    FileRead fr = read_file_at(dirfd_, id + ".json", dir_ + "/" + id + ".json");
    if (!fr.result.ok || !fr.exists) continue;
    const std::string& t = fr.content;
    bool maybe = t.find("\"outcome\": \"in-progress\"") != std::string::npos ||
                 ((t.find("\"outcome\": \"failed\"") != std::string::npos ||
                   t.find("\"outcome\": \"interrupted\"") != std::string::npos) &&
                  t.find("\"restored\": false") != std::string::npos);
    if (!maybe) continue;
    json j;
    JsonError je;
    std::string err;
    if (!parse_json(t, j, je)) continue;  // list() reports it; an unreadable entry is nothing to complete
    if (auto e = entry_from_json(j, err)) candidates.push_back(std::move(*e));
  }
  return interrupted_entries(candidates);
}

std::vector<Entry> Journal::list(std::vector<std::string>* problems) const {
  std::vector<Entry> out;
  std::vector<std::string> names;
  for (const auto& id : ids()) names.push_back(id + ".json");
  for (const auto& n : names) {
    FileRead fr = read_file_at(dirfd_, n, dir_ + "/" + n);
    if (!fr.result.ok || !fr.exists) {
      if (problems) problems->push_back(fr.result.error);
      continue;
    }
    json j;
    JsonError je;
    std::string err;
    bool parsed = parse_json(fr.content, j, je);
    auto e = parsed ? entry_from_json(j, err) : std::nullopt;
    if (!e) {
      // One bad entry is reported and skipped: history and rollback go on with the others.
      if (problems) problems->push_back(parsed ? dir_ + "/" + n + ": " + err : je.where(dir_ + "/" + n) + ": " + je.message);
      continue;
    }
    out.push_back(std::move(*e));
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time < b.time : a.id < b.id;
  });
  return out;
}

std::optional<Entry> Journal::load(const std::string& id, std::string& error) const {
  // An id is our own format; anything with a slash or dot-dot is not one of ours.
  if (id.empty() || id.find('/') != std::string::npos || id.find("..") != std::string::npos || id[0] == '.') {
    error = "'" + id + "' is not a journal id (see `sysctl-advisor history`)";
    return std::nullopt;
  }
  FileRead fr = read_file_at(dirfd_, id + ".json", dir_ + "/" + id + ".json");
  if (!fr.result.ok) {
    error = fr.result.error;
    return std::nullopt;
  }
  if (!fr.exists) {
    error = "no journal entry '" + id + "' in " + dir_ + " (see `sysctl-advisor history`)";
    return std::nullopt;
  }
  json j;
  JsonError je;
  if (!parse_json(fr.content, j, je)) {
    error = je.where(dir_ + "/" + id + ".json") + ": " + je.message;
    return std::nullopt;
  }
  return entry_from_json(j, error);
}

std::vector<Entry> interrupted_entries(const std::vector<Entry>& all) {
  std::vector<Entry> out;
  for (const auto& e : all) {
    if (e.outcome == outcome::kInProgress) out.push_back(e);
    else if (e.kind == "apply" && (e.outcome == outcome::kFailed || e.outcome == outcome::kInterrupted) && !e.restored)
      out.push_back(e);
  }
  return out;
}

std::string interrupted_warning(const Entry& e) {
  if (e.outcome == outcome::kInProgress)
    return e.kind + " " + e.id + " (started " + e.time + " by " + e.user + ", pid " + std::to_string(e.pid) +
           ") did not finish: the host may be half-changed. Run `sysctl-advisor rollback --id " +
           (e.kind == "apply" ? e.id : e.rolls_back) + "` to complete it.";
  return "apply " + e.id + " failed and could not restore every key. Run `sysctl-advisor rollback --id " + e.id +
         "` to complete it.";
}

}  // namespace sa::apply
