#include "advisor/engine/other_writers.h"

#include <cstdlib>
#include <set>

#include "advisor/core/sysctl_key.h"

namespace sa::engine {
namespace {

// The value of --flag=V or --flag V in argv, if given.
std::optional<std::string> flag_value(const std::vector<std::string>& argv, const std::string& flag) {
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind(flag + "=", 0) == 0) return a.substr(flag.size() + 1);
    if (a == flag && i + 1 < argv.size()) return argv[i + 1];
  }
  return std::nullopt;
}

bool is_zero(const std::string& v) {
  if (auto s = go_duration_seconds(v)) return *s == 0;
  return v == "0";
}

bool is_number(const std::string& v) {
  return !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
}

WriterClaim process_claim(const SeenProcess& p, const ProcessWriter& w, const ProcessKey& k) {
  WriterClaim c;
  c.writer = w.id;
  c.label = w.name + " (pid " + std::to_string(p.pid) + ")";
  c.key = k.key;
  c.pid = p.pid;
  c.when = w.when;
  c.reference = k.reference;
  // The flags given, as "--flag=VALUE", and the value of the only one when one is.
  std::vector<std::string> given;
  std::string value;
  for (const auto& f : k.flags)
    if (auto v = flag_value(p.argv, f)) {
      given.push_back(f + "=" + *v);
      value = *v;
    }
  if (given.empty()) {
    if (k.value && is_number(*k.value)) c.value = *k.value;
    else if (k.value) c.value_note = "set by " + w.name + " to " + *k.value + " (its default)";
    else c.value_note = "set by " + w.name + " (value chosen at runtime, as load changes)";
    return c;
  }
  if (k.duration && given.size() == 1)
    if (auto s = go_duration_seconds(value)) {
      c.value = std::to_string(*s);
      c.value_note = "from " + given[0];
      return c;
    }
  if (given.size() == 1 && k.flags.size() == 1 && is_number(value)) {
    c.value = value;
    c.value_note = "from " + given[0];
    return c;
  }
  std::string flags;
  for (const auto& g : given) flags += (flags.empty() ? "" : " ") + g;
  c.value_note = "set by " + w.name + " (value computed at runtime from " + flags + ")";
  return c;
}

}  // namespace

std::optional<long long> go_duration_seconds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text == "0") return 0;
  double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == start || i >= text.size()) return std::nullopt;
    // Digits with at most one '.', at least one digit (Go's time.ParseDuration): never a throw.
    std::string number(text.substr(start, i - start));
    if (number.find_first_of("0123456789") == std::string::npos || number.find('.') != number.rfind('.'))
      return std::nullopt;
    double n = std::strtod(number.c_str(), nullptr);
    std::string_view unit = text.substr(i, 1);
    if (text.substr(i, 2) == "ms") unit = "ms";
    if (unit == "h") total += n * 3600;
    else if (unit == "m") total += n * 60;
    else if (unit == "s") total += n;
    else if (unit == "ms") total += n / 1000;
    else return std::nullopt;
    i += unit.size();
  }
  return static_cast<long long>(total);
}

std::vector<WriterClaim> combine_writers(const FileWriters& files, const std::vector<SeenProcess>& processes,
                                         const WriterRules& rules) {
  std::vector<WriterClaim> out = files.claims;
  std::set<std::pair<std::string, std::string>> seen;  // (writer, key): one claim per running writer
  for (const auto& p : processes) {
    const ProcessWriter* w = nullptr;
    for (const auto& r : rules.processes)
      if (r.id == p.writer) w = &r;
    if (!w) continue;
    if (w->enforces == "tuned") {
      for (auto& c : out)
        if (c.writer == "tuned" && c.pid == 0) {
          c.pid = p.pid;
          c.label.insert(c.label.size() - 1, ", daemon pid " + std::to_string(p.pid));
        }
    }
    for (const auto& k : w->keys) {
      if (!seen.insert({w->id, k.key}).second) continue;
      // A flag set to 0 tells kube-proxy to leave the key alone (cmd/kube-proxy/app/server_linux.go).
      bool left_alone = false;
      if (!k.flags.empty())
        if (auto v = flag_value(p.argv, k.flags[0])) left_alone = is_zero(*v);
      if (left_alone) continue;
      out.push_back(process_claim(p, *w, k));
    }
  }
  return out;
}

std::vector<const WriterClaim*> owners_of(const std::vector<WriterClaim>& claims, std::string_view key) {
  std::vector<const WriterClaim*> out;
  std::string k = normalize_key(key);
  for (const auto& c : claims)
    if (c.key == k) out.push_back(&c);
  return out;
}

std::string probable_writers(const std::vector<WriterClaim>& claims, std::string_view key, std::string_view live) {
  std::string out;
  for (const WriterClaim* w : owners_of(claims, key))
    if (!w->value || same_value(*w->value, live)) out += (out.empty() ? "" : " or ") + w->label;
  return out;
}

std::string claim_summary(const WriterClaim& c) {
  std::string s = c.label + " sets " + c.key;
  if (c.value) s += " = " + *c.value;
  if (!c.value_note.empty()) s += (c.value ? " (" + c.value_note + ")" : ": " + c.value_note);
  if (!c.file.empty()) s += " [" + c.file + (c.line ? ":" + std::to_string(c.line) : "") + "]";
  return s;
}

void add_other_writer_findings(plan::Plan& p, const std::vector<WriterClaim>& claims) {
  for (const auto& c : claims) {
    plan::Finding f;
    f.rule = kOtherWriter;
    f.key = c.key;
    f.severity = Severity::notice;
    f.message = claim_summary(c);
    const plan::Change* change = nullptr;
    for (const auto& ch : p.changes)
      if (ch.key == c.key) change = &ch;
    if (change && !(c.value && same_value(*c.value, change->proposed))) {
      f.severity = Severity::warning;
      if (c.yields_to_sysctl_d)
        f.message += ": the change to " + change->proposed +
                     " stays only while it is persisted in /etc/sysctl.d (TuneD re-writes those files after its own "
                     "values); with --no-persist TuneD's next start undoes it";
      else
        f.message += ": the change to " + change->proposed + " will not stay";
    } else if (change) {
      f.message += ", the value the plan proposes";
    }
    f.reason = c.label + " writes " + c.key + " " + c.when + ".";
    f.reason += " A value set by hand or by `apply` lasts only until it writes again; change it where that writer "
                "takes it from, or stop it managing the key.";
    if (!c.file.empty() && c.file[0] == '/' && c.line > 0) f.at = plan::Origin{c.file, c.line};
    if (!c.reference.empty()) f.references.push_back(c.reference);
    p.findings.push_back(std::move(f));
  }
}

const plan::RuleInfo& other_writer_info() {
  static const plan::RuleInfo info{
      kOtherWriter,
      "Another program sets this key",
      "Besides the boot-time loaders (systemd-sysctl, sysctl --system), other programs write sysctls: "
      "TuneD applies its active profile's [sysctl] section (following include=) at every start, ufw "
      "loads its sysctl file when enabled, enabled systemd units and /etc/rc.local may run sysctl -w "
      "or sysctl -p, bpftune retunes buffer, backlog and congestion keys while it runs, and kube-proxy "
      "sets nf_conntrack_max and conntrack timeouts at start. A value set by hand or by `apply` lasts "
      "only until that writer writes again, so `plan` names the writer, its file, unit or pid and the "
      "value it sets, `apply` refuses to change such a key without --force, and `drift` names the "
      "probable writer of a change. What is looked for is data: rules/writers.toml.",
      {"rules/writers.toml", "docs/writers.md",
       "redhat-performance/tuned tuned/plugins/plugin_sysctl.py: _instance_apply_static()",
       "oracle/bpftune src/tcp_buffer_tuner.c: descs[]",
       "kubernetes cmd/kube-proxy/app/conntrack.go: SetMax()"},
      Severity::warning,
      false};
  return info;
}

}  // namespace sa::engine
