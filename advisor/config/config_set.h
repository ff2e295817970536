// The configuration model: every assignment the boot-time loader would read, in the order it
// reads them, the value that wins for each key, and which line shadows which.
// CONTRACT shared by config/, engine/, check/, apply/ and cli/: add to it freely; rename or remove
// only together with every user.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/config/text_store.h"
#include "advisor/core/diagnostic.h"

namespace sa::config {

// The two real loaders differ (see docs/loaders.md).
enum class Loader { systemd, procps };
std::string_view to_string(Loader l);
std::optional<Loader> parse_loader(std::string_view text);
// The loader that applies at boot on the host under root: systemd-sysctl where systemd runs
// (root/run/systemd/system exists, or root/lib/systemd/systemd-sysctl is installed), else procps.
Loader default_loader(const std::filesystem::path& root);

// One line that assigns (or excludes) a key. Key and value are views (TextView), not strings: a
// million shadowed lines would otherwise cost two heap strings each. They point into the
// ConfigSet's TextStore (or, for hand-built sets, into text that outlives the set, e.g. literals;
// ConfigSet::keep() copies a temporary into the set). They convert to std::string where needed.
struct Assignment {
  TextView key;                // dotted, normalized (normalize_key); may be a glob under systemd
  TextView value;              // whitespace folded; empty for an exclusion
  uint32_t file : 28;          // index into ConfigSet::files
  bool ignore_failure : 1;     // leading '-' on the key
  bool is_glob : 1;
  bool exclusion : 1;          // systemd: a bare "-key" line with no '=' excludes key from globs
  bool unknown_value : 1;      // YAML syntaxes: the value is a template ({{ ... }}), known only when rendered
  int line = 0;                // 1-based
  // Bit-fields take no default initializers before C++20, hence the constructors. The file index
  // has 28 bits: 268 million files.
  Assignment() : file(0), ignore_failure(false), is_glob(false), exclusion(false), unknown_value(false) {}
  Assignment(TextView k, TextView v, uint32_t f, int l)
      : key(k), value(v), file(f), ignore_failure(false), is_glob(false), exclusion(false), unknown_value(false), line(l) {}
};
// 24 bytes: a million of them are most of what `config` writes to memory (bench/results-config.md).
static_assert(sizeof(Assignment) == 24, "keep Assignment small");

struct EffectiveKey {
  TextView key;                 // dotted (a view into the set's text, like Assignment::key)
  TextView value;               // the value that would be written last (a view)
  size_t winner = 0;            // index into ConfigSet::assignments
  std::vector<uint32_t> shadowed; // earlier assignments of the key, oldest first (indices; 4 bytes: a million of them)
  // Nothing is written for the key: systemd, when its last line is "-key"; procps, when the key has
  // only "-key" lines (they exclude it from globs; procps never lets them cancel an assignment).
  bool excluded = false;
  bool is_glob = false;         // the key is a pattern: it sets every existing matching key without its own line
  // Glob assignments (the winning line of each pattern) that match this explicit key but do not
  // apply to it: both loaders let an explicit key beat every glob. Globs are not expanded
  // against /proc, so a glob's reach over keys with no line of their own is not listed.
  std::vector<size_t> globs_overridden;
};

// A file a loader does not read because a file of the same name in an earlier folder hides it.
struct HiddenFile {
  std::string path;     // as on the host, e.g. "/usr/lib/sysctl.d/50-pid-max.conf"
  std::string by;       // the same-named file that is read instead
  bool masked = false;  // `by` is a link to /dev/null: the operator masked this file on purpose
};

struct ConfigSet {
  Loader loader = Loader::systemd;
  std::vector<std::string> files;     // every file read, in load order, as displayed paths
  std::vector<Assignment> assignments;// in the order the loader applies them
  std::vector<EffectiveKey> keys;     // sorted by key
  std::vector<Diagnostic> diagnostics;
  std::vector<HiddenFile> hidden;     // files never read (hidden by a same-named earlier file)
  std::vector<std::string> masks;     // files read as links to /dev/null (they only mask)
  std::string root = "/";             // the root the files were read under (paths are shown without it)
  // What Assignment::key and ::value point into; shared by copies of the set, so views stay valid.
  std::shared_ptr<TextStore> text = std::make_shared<TextStore>();

  const EffectiveKey* find(std::string_view key) const;
  const Assignment& winner(const EffectiveKey& k) const { return assignments[k.winner]; }
  const std::string& file_of(const Assignment& a) const { return files[a.file]; }
  // A copy of `s` that lives as long as the set: for Assignments built by hand from temporaries.
  std::string_view keep(std::string_view s) { return text->keep(s); }
  bool has_errors() const { return sa::has_errors(diagnostics); }
};

// A file that is not on disk (yet), placed in the load exactly as if it were: apply asks "what
// would boot read with the persist file as it would be written?" and compares the winners, so the
// loaders' order (folders, hiding, sorting, /etc/sysctl.conf) lives only in file_discovery.cc.
struct ExtraFile {
  std::string path;  // as on the host, e.g. "/etc/sysctl.d/90-sysctl-advisor.conf" (no root)
  std::string text;  // what it would hold; it replaces a file already at that path
};

struct LoadOptions {
  std::filesystem::path root = "/";
  Loader loader = Loader::systemd;
  // Placed where the loader would find it: hidden by a same-named file in an earlier folder,
  // hiding same-named ones in later folders, read in name order; /etc/sysctl.conf only under
  // procps; not read at all outside the loader's folders or when its name is not one the loader
  // reads (not *.conf; a leading '.' under systemd). ConfigSet::files shows it as `path`.
  std::optional<ExtraFile> extra;
};

// What `sysctl --system` (procps) or systemd-sysctl would read on the host under root. File paths
// are shown as on the host ("/etc/sysctl.d/10-a.conf"), without the root: that is the file the
// operator edits. Never throws; unreadable files and folders become diagnostics.
ConfigSet load_system(const LoadOptions& options);
// Explicit files, in the order given (`sysctl -p FILE...`, `systemd-sysctl FILE...`), shown as given.
ConfigSet load_files(const std::vector<std::filesystem::path>& files, Loader loader);

// Fills ConfigSet::keys from ConfigSet::assignments with the loader's rules (docs/loaders.md).
// Used by the loaders above and by whoever rebuilds a ConfigSet (config_from_json).
void compute_effective(ConfigSet& set);

// Why default_loader chose what it chose, for the text output ("/run/systemd/system exists").
std::string default_loader_reason(const std::filesystem::path& root);

}  // namespace sa::config
