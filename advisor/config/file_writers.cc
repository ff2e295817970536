#include "advisor/config/file_writers.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "advisor/config/writer_parsers.h"
#include "advisor/core/safe_open.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/core/text.h"

namespace fs = std::filesystem;

namespace sa::config {
namespace {

using namespace writers;

// Small text files only: tuned.conf, units, rc.local.
constexpr size_t kMaxWriterFileBytes = size_t{4} << 20;

// A host path read inside the tree; nullopt when absent, unreadable or not a regular file.
std::optional<std::string> read_host_file(const fs::path& root, const std::string& path) {
  if (path.empty() || path[0] != '/') return std::nullopt;
  std::string text;
  ReadResult r = read_regular_file(root, under_root(root, path), kMaxWriterFileBytes, text);
  if (!r.ok) return std::nullopt;
  return text;
}

// The words of a file's first line (active_profile, profile_mode: one line of names).
std::vector<std::string> first_line_words(const std::string& text) {
  std::vector<std::string> out;
  for (const LocatedWord& w : located_words(std::string_view(text).substr(0, text.find('\n')))) out.emplace_back(w.text);
  return out;
}

void tuned(const fs::path& root, const TunedPaths& p, FileWriters& out) {
  auto active_text = read_host_file(root, p.active_profile);
  if (!active_text) return;
  std::vector<std::string> active = first_line_words(*active_text);
  if (active.empty()) return;
  std::string name;
  for (const auto& a : active) name += (name.empty() ? "" : " ") + a;
  out.tuned_profile = name;
  std::string mode = "auto";
  if (auto m = read_host_file(root, p.profile_mode)) {
    auto w = first_line_words(*m);
    mode = w.empty() ? "" : w[0];
  }
  bool reapply = p.reapply_default;
  if (auto main = read_host_file(root, p.main_conf)) reapply = tuned_reapply_sysctl(*main, p.reapply_default);
  TunedProfiles prof = resolve_tuned(active, p.profile_dirs, [&](const std::string& f) { return read_host_file(root, f); });
  for (auto& n : prof.notes) out.notes.push_back(n);
  std::string reapply_text;
  if (reapply) {
    std::string reads;
    for (const auto& r : p.reapply_reads) reads += (reads.empty() ? "" : ", ") + r;
    reapply_text = "; reapply_sysctl=1: after its own values TuneD re-writes every line of " + reads +
                   ", so a key also set there ends with that file's value";
  } else {
    reapply_text = "; reapply_sysctl=0: TuneD's value stays over sysctl.d's";
  }
  for (const auto& s : prof.sysctl) {
    WriterClaim c;
    c.writer = "tuned";
    c.label = "tuned (profile " + name + (mode.empty() || mode == "auto" ? "" : ", " + mode + " mode") + ")";
    c.key = s.key;
    if (tuned_value_is_runtime(s.value)) c.value_note = "set by TuneD (value computed at runtime: " + s.value + ")";
    else c.value = s.value;
    c.file = s.file;
    c.line = s.line;
    c.when = p.when + reapply_text;
    c.reference = p.reference;
    c.yields_to_sysctl_d = reapply;
    out.claims.push_back(std::move(c));
  }
}

void ufw(const fs::path& root, const UfwPaths& p, FileWriters& out) {
  auto conf = read_host_file(root, p.enabled_conf);
  if (!conf) return;
  auto enabled = shell_var(*conf, "ENABLED");
  if (!enabled || (*enabled != "yes" && *enabled != "YES")) return;
  std::string file = p.sysctl_default;
  if (auto d = read_host_file(root, p.defaults))
    if (auto v = shell_var(*d, "IPT_SYSCTL"); v && !v->empty()) file = *v;
  auto text = read_host_file(root, file);
  if (!text) {
    out.notes.push_back("ufw is enabled but its sysctl file " + file + " cannot be read");
    return;
  }
  for (const auto& e : parse_sysctl_lines(*text)) {
    WriterClaim c;
    c.writer = "ufw";
    c.label = "ufw";
    c.key = e.key;
    c.value = e.value;
    c.file = file;
    c.line = e.line;
    c.when = p.when;
    c.reference = p.reference;
    out.claims.push_back(std::move(c));
  }
}

// The claims of one command text (an Exec line or rc.local).
void command_claims(const fs::path& root, const UnitPaths& p, const std::string& text, const WriterClaim& proto,
                    FileWriters& out) {
  CommandWrites w = parse_commands(text);
  for (const auto& s : w.sets) {
    if (!is_valid_key(s.key)) continue;
    WriterClaim c = proto;
    c.key = s.key;
    c.value = s.value;
    out.claims.push_back(std::move(c));
  }
  for (const auto& f : w.loads) {
    std::string file = f.empty() ? p.sysctl_p_default : f;
    auto body = read_host_file(root, file);
    if (!body) {
      out.notes.push_back(proto.label + " runs sysctl -p " + file + ", which cannot be read");
      continue;
    }
    for (const auto& e : parse_sysctl_lines(*body)) {
      if (!is_valid_key(e.key)) continue;
      WriterClaim c = proto;
      c.key = e.key;
      c.value = e.value;
      c.value_note = "loaded by `sysctl -p " + file + "` (" + (proto.file.empty() ? proto.label : proto.file + ":" + std::to_string(proto.line)) + ")";
      c.file = file;
      c.line = e.line;
      out.claims.push_back(std::move(c));
    }
  }
}

// The unit a *.wants/ entry names, read inside the tree: an absolute link is taken from the tree's
// root, a relative one from the wants folder; a plain file is read as it is.
std::optional<std::string> read_wanted_unit(const fs::path& root, const std::string& wants, int dirfd, const char* name,
                                            std::string& shown) {
  char target[4096];
  ssize_t n = ::readlinkat(dirfd, name, target, sizeof target - 1);
  std::string path;
  if (n > 0) {
    target[n] = '\0';
    path = target[0] == '/' ? std::string(target) : wants + "/" + target;
  } else {
    path = wants + "/" + name;
  }
  // Shown as the file it is ("/etc/systemd/system/x.service", not ".../multi-user.target.wants/../x.service"),
  // as systemctl enable's relative links would otherwise print it.
  shown = fs::path(path).lexically_normal().string();
  return read_host_file(root, path);
}

void units(const fs::path& root, const UnitPaths& p, FileWriters& out) {
  std::set<std::string> seen;
  for (const auto& base : p.wants_dirs) {
    int bfd = open_in_root(root, base, O_RDONLY | O_DIRECTORY);
    if (bfd < 0) continue;
    DIR* d = ::fdopendir(bfd);
    if (!d) {
      ::close(bfd);
      continue;
    }
    std::vector<std::string> wants;
    while (struct dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 6 && n.compare(n.size() - 6, 6, ".wants") == 0) wants.push_back(base + "/" + n);
    }
    ::closedir(d);
    std::sort(wants.begin(), wants.end());
    for (const auto& w : wants) {
      int wfd = open_in_root(root, w, O_RDONLY | O_DIRECTORY);
      if (wfd < 0) continue;
      DIR* wd = ::fdopendir(wfd);
      if (!wd) {
        ::close(wfd);
        continue;
      }
      std::vector<std::string> names;
      while (struct dirent* e = ::readdir(wd)) {
        std::string n = e->d_name;
        if (n.size() > 8 && n.compare(n.size() - 8, 8, ".service") == 0) names.push_back(n);
      }
      std::sort(names.begin(), names.end());
      for (const auto& n : names) {
        if (std::find(p.ignore_units.begin(), p.ignore_units.end(), n) != p.ignore_units.end()) continue;
        if (!seen.insert(n).second) continue;
        std::string shown;
        auto text = read_wanted_unit(root, w, ::dirfd(wd), n.c_str(), shown);
        if (!text) continue;
        for (const auto& x : unit_exec_lines(*text)) {
          WriterClaim proto;
          proto.writer = "unit";
          proto.label = "systemd unit " + n;
          proto.unit = n;
          proto.file = shown;
          proto.line = x.line;
          proto.when = p.when_unit;
          command_claims(root, p, x.command, proto, out);
        }
      }
      ::closedir(wd);
    }
  }
  for (const auto& rc : p.rc_local) {
    auto text = read_host_file(root, rc);
    if (!text) continue;
    // Line by line, so each claim keeps its line number.
    size_t start = 0;
    int line = 0;
    while (start < text->size()) {
      size_t nl = text->find('\n', start);
      std::string l = text->substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      ++line;
      start = nl == std::string::npos ? text->size() : nl + 1;
      // A continued line is read with the next.
      int continued = 0;
      while (!l.empty() && l.back() == '\\' && start < text->size()) {
        ++continued;
        nl = text->find('\n', start);
        l.pop_back();
        l += " " + text->substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        start = nl == std::string::npos ? text->size() : nl + 1;
      }
      WriterClaim proto;
      proto.writer = "rc-local";
      proto.label = rc;
      proto.file = rc;
      proto.line = line;
      proto.when = p.when_rc_local;
      command_claims(root, p, l, proto, out);
      line += continued;
    }
  }
}

}  // namespace

FileWriters read_file_writers(const fs::path& root, const WriterRules& rules) {
  FileWriters out;
  tuned(root, rules.tuned, out);
  ufw(root, rules.ufw, out);
  units(root, rules.units, out);
  return out;
}

}  // namespace sa::config
