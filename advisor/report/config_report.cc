#include "advisor/report/config_report.h"

#include "advisor/core/printable.h"

namespace sa::report {
namespace {

void origin(std::string& out, const config::ConfigSet& set, const config::Assignment& a) {
  out += "  (";
  out += set.file_of(a);
  out += ':';
  out += std::to_string(a.line);
  out += ')';
}

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string config_summary(const config::ConfigSet& set) {
  size_t shadowed = 0, errors = 0, warnings = 0;
  for (const auto& k : set.keys) shadowed += k.shadowed.size();
  for (const auto& d : set.diagnostics) {
    if (d.severity == Severity::error) ++errors;
    if (d.severity == Severity::warning) ++warnings;
  }
  return plural(set.keys.size(), "key", "keys") + " from " + plural(set.files.size(), "file", "files") + ", " +
         plural(shadowed, "shadowed line", "shadowed lines") + ", " + plural(errors, "error", "errors") + ", " +
         plural(warnings, "warning", "warnings");
}

void render_config_text(const config::ConfigSet& set, const ConfigTextOptions& options, std::string& out,
                        const std::function<void(std::string&)>& drain) {
  using config::Loader;
  constexpr size_t kPiece = size_t(64) << 10;
  out += "# loader: ";
  out += set.loader == Loader::systemd ? "systemd-sysctl" : "procps sysctl --system";
  if (!options.loader_reason.empty()) out += " (" + options.loader_reason + ")";
  out += "\n# root: " + set.root + " (paths below are as on that host)\n";
  if (options.show_files) {
    out += "# files, in load order:\n";
    for (const auto& f : set.files) {
      out += "#   " + f;
      for (const auto& m : set.masks)
        if (m == f) out += "  (link to /dev/null: a mask)";
      out += '\n';
    }
    if (set.files.empty()) out += "#   (none)\n";
    if (!set.hidden.empty()) {
      out += "# not read:\n";
      for (const auto& h : set.hidden) out += "#   " + h.path + (h.masked ? "  masked by " : "  hidden by ") + h.by + "\n";
    }
  }
  out += '\n';
  for (const auto& k : set.keys) {
    const config::Assignment& w = set.winner(k);
    if (k.excluded) {
      out += k.key;
      out += "  not set: excluded";
      origin(out, set, w);
    } else {
      out += k.key;
      out += " = ";
      append_printable_line(out, k.value);  // a sysctl.d line is outside input
      origin(out, set, w);
      if (w.ignore_failure) out += "  [-: failure ignored]";
      if (k.is_glob) out += "  [glob: sets every existing matching key that has no line of its own]";
    }
    out += '\n';
    size_t shown = 0;
    for (size_t i : k.shadowed) {
      if (shown++ == options.max_shadowed) {
        out += "    ... " + plural(k.shadowed.size() - options.max_shadowed, "more shadowed line", "more shadowed lines") +
               " (--format json lists all)\n";
        break;
      }
      const config::Assignment& a = set.assignments[i];
      out += "    shadows ";
      if (a.exclusion) {
        out += '-';
        out += a.key;
        out += " (exclusion)";
      }
      else append_printable_line(out, a.value);
      origin(out, set, a);
      out += '\n';
    }
    if (drain && out.size() > kPiece) drain(out);
    for (size_t i : k.globs_overridden) {
      const config::Assignment& g = set.assignments[i];
      out += "    beats glob ";
      out += g.key;
      out += " = ";
      append_printable_line(out, g.value);
      origin(out, set, g);
      out += '\n';
    }
  }
  if (set.keys.empty()) out += "(no keys configured)\n";
  out += "\n# " + config_summary(set) + "\n";
}

std::string render_config_text(const config::ConfigSet& set, const ConfigTextOptions& options) {
  std::string out;
  out.reserve(64 + set.keys.size() * 80);
  render_config_text(set, options, out, nullptr);
  return out;
}

}  // namespace sa::report
