#include "advisor/apply/persist_file.h"

#include <map>
#include <sstream>

#include "advisor/config/line_parser.h"
#include "advisor/core/sysctl_key.h"

namespace sa::apply {

std::string comment_safe(std::string_view text) {
  // Every byte below 0x20 and DEL becomes \xNN: no LF, CR or NUL (line ends to systemd-sysctl,
  // src/basic/fileio.c read_line_full; LF to procps) and no escape sequence reaches the file.
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A reason may span lines (LF): each becomes its own comment line; nothing else breaks a line.
static void comment_lines(std::ostringstream& out, const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out << (line.empty() ? "#" : "# " + comment_safe(line)) << "\n";
}

std::string render_persist(const std::vector<PersistLine>& lines, const PersistHeader& h) {
  std::ostringstream out;
  out << kPersistMarker << " apply: do not edit by hand.\n";
  out << "# `sysctl-advisor rollback` restores what was here before; `sysctl-advisor history` lists the changes.\n";
  out << "# last plan: journal entry " << comment_safe(h.entry_id) << ", profile "
      << (h.profile.empty() ? "(none)" : comment_safe(h.profile)) << ", " << comment_safe(h.time) << "\n";
  if (!h.plan_source.empty()) out << "# from: " << comment_safe(h.plan_source) << "\n";
  for (const auto& l : lines) {
    out << "\n";
    for (const auto& c : l.comment) comment_lines(out, c);
    out << l.key << " = " << l.value << "\n";
  }
  return out.str();
}

std::vector<std::string> unexpected_assignments(const std::string& content, const std::vector<PersistLine>& lines) {
  std::vector<std::string> want;
  for (const auto& l : lines) want.push_back(l.key + " = " + sa::fold_whitespace(l.value));
  std::vector<std::string> problems;
  for (config::Loader loader : {config::Loader::systemd, config::Loader::procps}) {
    std::vector<config::Assignment> as;
    std::vector<Diagnostic> ds;
    config::parse_text(content, 0, "persist", loader, as, ds);
    std::vector<std::string> got;
    for (const auto& a : as)
      got.push_back(std::string(a.ignore_failure ? "-" : "") + std::string(a.key) + (a.exclusion ? "" : " = " + std::string(a.value)));
    if (got == want && ds.empty()) continue;
    std::string say = std::string(config::to_string(loader)) + " would read ";
    for (size_t i = 0; i < got.size(); ++i) say += (i ? ", '" : "'") + config::printable(got[i]) + "'";
    if (got.empty()) say += "no assignment";
    for (const auto& d : ds) say += "; line " + std::to_string(d.where.line) + ": " + d.message;
    problems.push_back(say);
  }
  return problems;
}

bool is_our_persist_file(const std::string& content) { return content.rfind(kPersistMarker, 0) == 0; }

std::optional<std::vector<PersistLine>> parse_persist(const std::string& content) {
  if (!is_our_persist_file(content)) return std::nullopt;
  std::vector<PersistLine> out;
  std::vector<std::string> pending;
  bool in_header = true;
  std::istringstream in(content);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      in_header = false;
      pending.clear();
      continue;
    }
    if (line[0] == '#' || line[0] == ';') {
      if (!in_header) pending.push_back(line.size() > 2 && line[1] == ' ' ? line.substr(2) : line.substr(1));
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    PersistLine l;
    l.key = sa::fold_whitespace(line.substr(0, eq));
    l.value = sa::fold_whitespace(line.substr(eq + 1));
    l.comment = pending;
    pending.clear();
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<PersistLine> merge_persist(const std::vector<PersistLine>& earlier, const std::vector<PersistLine>& plan) {
  std::vector<PersistLine> out = earlier;
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < out.size(); ++i) at[out[i].key] = i;
  for (const auto& l : plan) {
    auto it = at.find(l.key);
    if (it != at.end()) {
      out[it->second] = l;
    } else {
      at[l.key] = out.size();
      out.push_back(l);
    }
  }
  return out;
}

bool same_assignments(const std::vector<PersistLine>& a, const std::vector<PersistLine>& b) {
  std::map<std::string, std::string> ma, mb;
  for (const auto& l : a) ma[l.key] = l.value;
  for (const auto& l : b) mb[l.key] = l.value;
  return ma == mb;
}

}  // namespace sa::apply
