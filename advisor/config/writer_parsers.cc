#include "advisor/config/writer_parsers.h"

#include <map>
#include <set>

#include "advisor/config/line_parser.h"
#include "advisor/core/sysctl_key.h"

namespace sa::config::writers {
namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string unquote(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return std::string(v);
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) out.push_back(text.substr(start));
      break;
    }
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// --- a small shell lexer: words (quotes and backslashes resolved) and operators ---

struct Token {
  std::string text;
  bool op = false;  // ; && || | newline > >>
};

std::vector<std::vector<Token>> split_commands(std::string_view s) {
  std::vector<std::vector<Token>> cmds(1);
  std::string word;
  bool in_word = false;
  auto end_word = [&] {
    if (in_word) cmds.back().push_back({word, false});
    word.clear();
    in_word = false;
  };
  auto end_command = [&] {
    end_word();
    if (!cmds.back().empty()) cmds.emplace_back();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      if (s[i + 1] == '\n') { ++i; continue; }  // line continuation
      word += s[++i];
      in_word = true;
    } else if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) end = s.size();
      word.append(s.substr(i + 1, end - i - 1));
      in_word = true;
      i = end;
    } else if (c == '"') {
      ++i;
      for (; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$')) ++i;
        word += s[i];
      }
      in_word = true;
    } else if (c == '#' && !in_word) {
      size_t nl = s.find('\n', i);
      i = (nl == std::string_view::npos ? s.size() : nl) - 1;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      end_word();
    } else if (c == '\n' || c == ';' || c == '&' || c == '|') {
      if ((c == '&' || c == '|') && i + 1 < s.size() && s[i + 1] == c) ++i;
      end_command();
    } else if (c == '>') {
      // "2>" and "1>" redirect other descriptors: only stdout's '>' writes the value.
      bool fd_other = in_word && word.size() == 1 && word[0] >= '0' && word[0] <= '9' && word[0] != '1';
      if (in_word && word.size() == 1 && word[0] >= '0' && word[0] <= '9') { word.clear(); in_word = false; }
      end_word();
      bool append = i + 1 < s.size() && s[i + 1] == '>';
      if (append) ++i;
      cmds.back().push_back({fd_other ? ">other" : (append ? ">>" : ">"), true});
    } else {
      word += c;
      in_word = true;
    }
  }
  end_command();
  if (cmds.back().empty()) cmds.pop_back();
  return cmds;
}

void sysctl_args(const std::vector<Token>& t, size_t i, CommandWrites& out) {
  for (; i < t.size(); ++i) {
    if (t[i].op) break;
    const std::string& a = t[i].text;
    if (a == "-p" || a == "--load" || a == "-f") {
      if (i + 1 < t.size() && !t[i + 1].op && !t[i + 1].text.empty() && t[i + 1].text[0] != '-' &&
          t[i + 1].text.find('=') == std::string::npos)
        out.loads.push_back(t[++i].text);
      else
        out.loads.push_back("");
    } else if (a.rfind("--load=", 0) == 0) {
      out.loads.push_back(a.substr(7));
    } else if (a.size() > 2 && a.rfind("-p", 0) == 0 && a[2] == '/') {
      out.loads.push_back(a.substr(2));
    } else if (!a.empty() && a[0] == '-') {
      continue;  // -w, -q, -e, --system (the boot files: not another writer)
    } else if (size_t eq = a.find('='); eq != std::string::npos && eq > 0) {
      out.sets.push_back({normalize_key(trim(std::string_view(a).substr(0, eq))),
                          std::string(trim(std::string_view(a).substr(eq + 1))), 0});
    }
  }
}

// echo/printf VALUE > /proc/sys/a/b
void echo_args(const std::vector<Token>& t, size_t i, bool printf_cmd, CommandWrites& out) {
  std::string value;
  bool first = true;
  for (; i < t.size(); ++i) {
    if (t[i].op) {
      if ((t[i].text == ">" || t[i].text == ">>") && i + 1 < t.size() && !t[i + 1].op) {
        const std::string& target = t[i + 1].text;
        static constexpr std::string_view kProc = "/proc/sys/";
        if (target.rfind(kProc, 0) == 0 && target.size() > kProc.size()) {
          // The /proc/sys path is the slash form of the key (sysctl.d(5)).
          std::string key = normalize_key(std::string_view(target).substr(kProc.size()));
          if (key.find('/') == std::string::npos && key.find('.') == std::string::npos) key = target.substr(kProc.size());
          out.sets.push_back({key, value, 0});
        }
        ++i;
        continue;
      }
      if (t[i].text == ">other") { ++i; continue; }
      break;
    }
    const std::string& a = t[i].text;
    if (first && !printf_cmd && (a == "-n" || a == "-e" || a == "-ne" || a == "-en")) continue;
    if (printf_cmd && first) {  // printf FORMAT: keep the format without its escapes
      std::string f = a;
      for (std::string esc : {"\\n", "%s"}) {
        size_t p;
        while ((p = f.find(esc)) != std::string::npos) f.erase(p, esc.size());
      }
      value = f;
      first = false;
      continue;
    }
    value += (value.empty() ? "" : " ") + a;
    first = false;
  }
}

void command(const std::vector<Token>& t, CommandWrites& out, int depth) {
  size_t i = 0;
  // Environment assignments and wrappers before the program.
  while (i < t.size() && !t[i].op &&
         ((t[i].text.find('=') != std::string::npos && t[i].text[0] != '-' && t[i].text.find('/') == std::string::npos) ||
          t[i].text == "sudo" || t[i].text == "exec" || t[i].text == "command" || t[i].text == "env" ||
          t[i].text == "/usr/bin/env" || t[i].text == "then" || t[i].text == "do" || t[i].text == "else"))
    ++i;
  if (i >= t.size() || t[i].op) return;
  std::string prog = basename(t[i].text);
  if ((prog == "sh" || prog == "bash" || prog == "dash") && depth < 4) {
    for (size_t j = i + 1; j + 1 < t.size(); ++j)
      if (t[j].text == "-c" || t[j].text == "-ec" || t[j].text == "-ce") {
        for (const auto& inner : split_commands(t[j + 1].text)) command(inner, out, depth + 1);
        return;
      }
    return;
  }
  if (prog == "sysctl") sysctl_args(t, i + 1, out);
  else if (prog == "echo" || prog == "printf") echo_args(t, i + 1, prog == "printf", out);
}

}  // namespace

std::vector<Section> parse_ini(std::string_view text) {
  std::vector<Section> out;
  int n = 0;
  for (std::string_view raw : lines_of(text)) {
    ++n;
    std::string_view l = trim(raw);
    if (l.empty() || l[0] == '#' || l[0] == ';') continue;
    if (l[0] == '[') {
      size_t close = l.find(']');
      out.push_back({std::string(trim(l.substr(1, close == std::string_view::npos ? l.size() - 1 : close - 1))), n, {}});
      continue;
    }
    size_t eq = l.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    if (out.empty()) out.push_back({"", 0, {}});
    out.back().entries.push_back({std::string(trim(l.substr(0, eq))), unquote(trim(l.substr(eq + 1))), n});
  }
  return out;
}

TunedConf parse_tuned_conf(std::string_view text) {
  TunedConf out;
  for (const auto& s : parse_ini(text)) {
    bool is_sysctl = s.name == "sysctl";
    for (const auto& e : s.entries)
      if (e.key == "type") is_sysctl = e.value == "sysctl";
    if (s.name == "main") {
      for (const auto& e : s.entries) {
        if (e.key != "include") continue;
        std::string_view v = e.value;
        size_t start = 0;
        while (start <= v.size()) {
          size_t sep = v.find_first_of(",;", start);
          std::string_view name = trim(v.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
          if (!name.empty()) out.includes.emplace_back(name);
          if (sep == std::string_view::npos) break;
          start = sep + 1;
        }
      }
    }
    if (!is_sysctl) continue;
    for (const auto& e : s.entries) {
      // Plugin options of a sysctl instance, not sysctls (they have no '.' or '/').
      if (e.key.find_first_of("./") == std::string::npos) continue;
      out.sysctl.push_back({normalize_key(e.key), e.value, e.line});
    }
  }
  return out;
}

bool tuned_value_is_runtime(std::string_view value) {
  return value.find("${") != std::string_view::npos || (!value.empty() && (value[0] == '>' || value[0] == '<'));
}

bool tuned_reapply_sysctl(std::string_view main_conf, bool fallback) {
  bool result = fallback;
  for (const auto& s : parse_ini(main_conf))
    for (const auto& e : s.entries) {
      if (e.key != "reapply_sysctl") continue;
      std::string v = lower(e.value);
      if (v == "1" || v == "true" || v == "yes" || v == "on") result = true;
      else if (v == "0" || v == "false" || v == "no" || v == "off") result = false;
    }
  return result;
}

namespace {

struct TunedWalk {
  const std::vector<std::string>& dirs;
  const ReadFn& read;
  TunedProfiles& out;
  std::map<std::string, TunedSetting> merged;
  std::vector<std::string> stack;

  void profile(const std::string& name) {
    for (size_t i = 0; i < stack.size(); ++i)
      if (stack[i] == name) {
        std::string chain;
        for (size_t j = i; j < stack.size(); ++j) chain += stack[j] + " -> ";
        out.notes.push_back("TuneD include loop " + chain + name + ": the include is refused");
        return;
      }
    if (name.find('/') != std::string::npos || name == ".." || name == "." || name.find("${") != std::string::npos) {
      out.notes.push_back("TuneD profile name '" + name + "' is not a plain name: not followed");
      return;
    }
    std::optional<std::string> text;
    std::string file;
    for (const auto& d : dirs) {
      file = d + "/" + name + "/tuned.conf";
      if ((text = read(file))) break;
    }
    if (!text) {
      std::string where;
      for (const auto& d : dirs) where += (where.empty() ? "" : ", ") + d + "/" + name + "/";
      out.notes.push_back("TuneD profile '" + name + "' not found (looked in " + where + ")");
      return;
    }
    TunedConf conf = parse_tuned_conf(*text);
    stack.push_back(name);
    for (const auto& inc : conf.includes) profile(inc);
    stack.pop_back();
    out.order.push_back(name);
    for (const auto& e : conf.sysctl) merged[e.key] = {e.key, e.value, name, file, e.line};
  }
};

}  // namespace

TunedProfiles resolve_tuned(const std::vector<std::string>& active, const std::vector<std::string>& dirs,
                            const ReadFn& read) {
  TunedProfiles out;
  TunedWalk w{dirs, read, out, {}, {}};
  for (const auto& p : active) w.profile(p);
  for (auto& [k, s] : w.merged) out.sysctl.push_back(std::move(s));
  return out;
}

std::optional<std::string> shell_var(std::string_view text, std::string_view name) {
  std::optional<std::string> found;
  for (std::string_view raw : lines_of(text)) {
    std::string_view l = trim(raw);
    if (l.rfind("export ", 0) == 0) l = trim(l.substr(7));
    if (l.size() <= name.size() || l.substr(0, name.size()) != name || l[name.size()] != '=') continue;
    std::string_view v = trim(l.substr(name.size() + 1));
    if (!v.empty() && v[0] != '"' && v[0] != '\'') {
      size_t hash = v.find(" #");
      if (hash != std::string_view::npos) v = trim(v.substr(0, hash));
    }
    found = unquote(v);
  }
  return found;
}

std::vector<Entry> parse_sysctl_lines(std::string_view text) {
  // procps's `sysctl -p` reads these files: the project's one sysctl.d line reader, as procps reads.
  std::vector<Assignment> assignments;
  std::vector<Diagnostic> ignored;  // a bad line sets nothing, as for procps
  parse_text(text, 0, "", Loader::procps, assignments, ignored);
  std::vector<Entry> out;
  for (const auto& a : assignments)
    if (!a.exclusion) out.push_back({std::string(a.key), std::string(a.value), a.line});
  return out;
}

CommandWrites parse_commands(std::string_view text) {
  CommandWrites out;
  for (const auto& c : split_commands(text)) command(c, out, 0);
  return out;
}

std::vector<ExecLine> unit_exec_lines(std::string_view unit_text) {
  std::vector<ExecLine> out;
  std::string section;
  auto lines = lines_of(unit_text);
  for (size_t i = 0; i < lines.size(); ++i) {
    int n = static_cast<int>(i) + 1;
    std::string joined(trim(lines[i]));
    while (!joined.empty() && joined.back() == '\\' && i + 1 < lines.size()) {
      joined.pop_back();
      joined += " " + std::string(trim(lines[++i]));
    }
    std::string_view l = joined;
    if (l.empty() || l[0] == '#' || l[0] == ';') continue;
    if (l[0] == '[') {
      section = std::string(l.substr(1, l.find(']') == std::string_view::npos ? l.size() - 1 : l.find(']') - 1));
      continue;
    }
    if (section != "Service") continue;
    size_t eq = l.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(trim(l.substr(0, eq)));
    if (key != "ExecStart" && key != "ExecStartPre" && key != "ExecStartPost") continue;
    std::string_view cmd = trim(l.substr(eq + 1));
    while (!cmd.empty() && std::string_view("-@:+!").find(cmd[0]) != std::string_view::npos) cmd.remove_prefix(1);
    if (!cmd.empty()) out.push_back({key, std::string(cmd), n});
  }
  return out;
}

}  // namespace sa::config::writers
