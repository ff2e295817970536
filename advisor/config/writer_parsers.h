// Pure parsers for the files other writers keep their sysctls in (docs/writers.md): TuneD's
// tuned.conf and its include= chain, ufw's shell-style settings, systemd unit Exec lines and shell
// lines that run `sysctl -w k=v`, `sysctl -p FILE` or `echo V > /proc/sys/...`. No I/O: files come
// in as text, or through a reader the caller gives (file_writers.cc reads them inside --root).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sa::config::writers {

struct Entry {
  std::string key, value;
  int line = 0;  // 1-based
};

struct Section {
  std::string name;
  int line = 0;
  std::vector<Entry> entries;
};

// INI as TuneD reads it (configobj): [section], key=value, '#' and ';' comments; keys and values
// trimmed, one pair of surrounding quotes removed from a value.
std::vector<Section> parse_ini(std::string_view text);

struct TunedConf {
  std::vector<std::string> includes;  // [main] include=, split at ',' and ';', in order
  std::vector<Entry> sysctl;          // every [sysctl] section (or one with type=sysctl)
};
TunedConf parse_tuned_conf(std::string_view text);

// A TuneD value that TuneD computes when it applies the profile: ${f:...}, ${var} or an
// assignment modifier ('>' / '<' prefix: set only when larger / smaller).
bool tuned_value_is_runtime(std::string_view value);

// reapply_sysctl from tuned-main.conf text ("1", "true", "yes", "on" / "0", "false", "no", "off");
// `fallback` when absent or not a boolean.
bool tuned_reapply_sysctl(std::string_view main_conf, bool fallback);

// Reads a file by its absolute host path; nullopt when it cannot be read.
using ReadFn = std::function<std::optional<std::string>(const std::string& path)>;

struct TunedSetting {
  std::string key, value;
  std::string profile;  // the profile whose tuned.conf says it
  std::string file;
  int line = 0;
};

struct TunedProfiles {
  std::vector<TunedSetting> sysctl;  // merged: an including profile overrides what it includes
  std::vector<std::string> order;    // profiles in the order they were applied
  std::vector<std::string> notes;    // not found, include loops (refused)
};

// The profiles named in active_profile (space separated: TuneD merges them left to right), each
// found as DIR/NAME/tuned.conf in the first of `dirs` that has it, includes first.
TunedProfiles resolve_tuned(const std::vector<std::string>& active, const std::vector<std::string>& dirs,
                            const ReadFn& read);

// Shell-style NAME=value (ufw.conf, /etc/default/ufw): the last assignment, quotes removed.
std::optional<std::string> shell_var(std::string_view text, std::string_view name);

// sysctl.conf lines as procps's `sysctl -p` reads them (config::parse_text, Loader::procps): keys in
// dotted form, values whitespace-folded; bad lines skipped.
std::vector<Entry> parse_sysctl_lines(std::string_view text);

// What one shell line (or a systemd Exec command) writes.
struct CommandWrites {
  std::vector<Entry> sets;          // sysctl -w k=v, sysctl k=v, echo v > /proc/sys/k (line = 0)
  std::vector<std::string> loads;   // sysctl -p FILE / --load FILE; "" = sysctl's default file
};
// Commands separated by ';', '&&', '||', '|' or newlines; `sh -c '...'` / `bash -c` looked into;
// `#` comments skipped.
CommandWrites parse_commands(std::string_view text);

struct ExecLine {
  std::string directive;  // ExecStart, ExecStartPre, ExecStartPost
  std::string command;    // without systemd's prefixes (-@:+!)
  int line = 0;
};
// ExecStart=, ExecStartPre=, ExecStartPost= of a unit's [Service] section (backslash continuations
// joined).
std::vector<ExecLine> unit_exec_lines(std::string_view unit_text);

}  // namespace sa::config::writers
