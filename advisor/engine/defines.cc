#include "advisor/engine/defines.h"

#include <cctype>
#include <functional>

#include "advisor/engine/compile_text.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/functions.h"

namespace sa::engine {
namespace {

bool is_snake(const std::string& s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

bool reserved_word(const std::string& s) {
  return s == "and" || s == "or" || s == "not" || s == "true" || s == "false" || s == "kernel" || s == "profile";
}

struct Entry {
  const RawDefine* shipped = nullptr;
  const RawDefine* local = nullptr;
  enum { todo, compiling, done } state = todo;
};

}  // namespace

std::map<std::string, ExprPtr> compile_defines(const std::vector<RawDefine>& shipped, const std::vector<RawDefine>& local,
                                               const CheckContext& base, std::vector<Define>& defines,
                                               std::vector<Diagnostic>& out) {
  std::map<std::string, Entry> entries;
  for (const auto& d : shipped) {
    const std::string& name = d.name.value;
    std::string what = "in define '" + name + "': ";
    if (!is_snake(name) || reserved_word(name) || find_function(name)) {
      add_error(out, d.src, d.name.at, diag::kBadName,
                what + "a name is snake_case (lower-case letters, digits, '_') and not a keyword or a function name");
      continue;
    }
    if (d.description.value.empty()) {
      add_error(out, d.src, d.where, diag::kMissingField,
                what + "missing 'description' (a string): say what the value means and why it is what it is");
      continue;
    }
    auto [it, fresh] = entries.emplace(name, Entry{&d});
    if (!fresh)
      add_error(out, d.src, d.name.at, diag::kDuplicateDefine,
                "define '" + name + "' is already defined at " + it->second.shipped->where.file + ":" +
                    std::to_string(it->second.shipped->where.line));
  }
  std::vector<std::string> names;
  for (const auto& [n, e] : entries) names.push_back(n);
  for (const auto& d : local) {
    auto it = entries.find(d.name.value);
    if (it == entries.end()) {
      add_error(out, d.src, d.name.at, diag::kUnknownDefine,
                "define '" + d.name.value + "' overrides no shipped definition" +
                    hint_if_shown(d.src, d.name.value, names));
    } else {
      it->second.local = &d;  // a later layer wins, as it does for files and rules
    }
  }

  std::map<std::string, ExprPtr> bound;
  for (const auto& [n, e] : entries) bound[n] = nullptr;
  CheckContext ctx = base;
  ctx.defines = &bound;
  std::function<void(const std::string&)> compile = [&](const std::string& name) {
    Entry& e = entries.at(name);
    if (e.state != Entry::todo) return;
    e.state = Entry::compiling;
    const RawDefine& use = e.local ? *e.local : *e.shipped;
    // Definitions this one uses come first; one still compiling is a cycle.
    ParsedExpr parsed = parse_expression(use.value.value);
    bool cycle = false;
    if (parsed.expr) {
      std::vector<const Expr*> used;
      names_used(*parsed.expr, used);
      for (const Expr* u : used) {
        auto dep = entries.find(u->text);
        if (dep == entries.end()) continue;  // the checker reports it
        if (dep->second.state == Entry::compiling) {
          add_error(out, use.src, locate(use.value, u->offset), diag::kDefineCycle,
                    "in define '" + name + "' value: '" + u->text + "' leads back to '" + name +
                        "': definitions cannot use themselves");
          cycle = true;
        }
        compile(u->text);
      }
    }
    ExprPtr value = cycle ? nullptr : compile_condition(use.value, ctx, "define '" + name + "' value", out);
    bound[name] = value;
    e.state = Entry::done;
    defines.push_back({name, use.value.value, e.shipped->description.value, value, e.shipped->where,
                       e.local ? std::optional<Location>(e.local->where) : std::nullopt});
  };
  for (const auto& n : names) compile(n);
  std::sort(defines.begin(), defines.end(), [](const Define& a, const Define& b) { return a.name < b.name; });
  return bound;
}

}  // namespace sa::engine
