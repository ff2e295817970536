#include "advisor/apply/persist_file.h"

#include <map>
#include <sstream>

#include "advisor/core/sysctl_key.h"

namespace sa::apply {

static void comment_lines(std::ostringstream& out, const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out << (line.empty() ? "#" : "# " + line) << "\n";
}

std::string render_persist(const std::vector<PersistLine>& lines, const PersistHeader& h) {
  std::ostringstream out;
  out << kPersistMarker << " apply: do not edit by hand.\n";
  out << "# `sysctl-advisor rollback` restores what was here before; `sysctl-advisor history` lists the changes.\n";
  out << "# last plan: journal entry " << h.entry_id << ", profile " << (h.profile.empty() ? "(none)" : h.profile) << ", "
      << h.time << "\n";
  if (!h.plan_source.empty()) out << "# from: " << h.plan_source << "\n";
  for (const auto& l : lines) {
    out << "\n";
    for (const auto& c : l.comment) comment_lines(out, c);
    out << l.key << " = " << l.value << "\n";
  }
  return out.str();
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
