// Other writers: programs besides the boot-time sysctl.d loaders that set sysctls (TuneD, ufw,
// systemd units and rc.local running `sysctl -w`, bpftune, kube-proxy). Shared models: where to
// look (rules/writers.toml, loaded by engine/), what config/ found in files and live/ found running,
// and the claims engine/ combines them into (docs/writers.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sa {

// One key another writer sets, with the evidence.
struct WriterClaim {
  std::string writer;                // writers.toml id: "tuned", "ufw", "unit", "rc-local", "bpftune", "kube-proxy"
  std::string label;                 // as the user reads it: "tuned (profile throughput-performance)"
  std::string key;                   // dotted
  std::optional<std::string> value;  // nullopt: decided at runtime (value_note says how)
  std::string value_note;            // "set by TuneD (value computed at runtime)", ...
  std::string file;                  // where the value is written down, or empty
  int line = 0;
  std::string unit;                  // systemd unit, when one runs it
  int pid = 0;                       // a running process that owns the key, when seen
  std::string when;                  // when it writes: "at every TuneD start ...", from writers.toml
  std::string reference;             // the writer's source that says it writes the key
  // TuneD with reapply_sysctl=1: it re-writes /etc/sysctl.d after its own values, so a value
  // persisted there ends up winning (tuned/plugins/plugin_sysctl.py: _apply_system_sysctl()).
  bool yields_to_sysctl_d = false;
};

// --- where to look: rules/writers.toml ---

struct TunedPaths {
  std::string name = "TuneD";
  std::string active_profile;              // /etc/tuned/active_profile
  std::string profile_mode;                // /etc/tuned/profile_mode
  std::string main_conf;                   // /etc/tuned/tuned-main.conf
  std::vector<std::string> profile_dirs;   // searched in this order for NAME/tuned.conf
  bool reapply_default = true;             // reapply_sysctl when tuned-main.conf does not say
  std::vector<std::string> reapply_reads;  // what reapply_sysctl re-writes after TuneD's values
  std::string when;
  std::string reference;
};

struct UfwPaths {
  std::string name = "ufw";
  std::string enabled_conf;                // /etc/ufw/ufw.conf: ENABLED=yes
  std::string defaults;                    // /etc/default/ufw: IPT_SYSCTL=
  std::string sysctl_default;              // /etc/ufw/sysctl.conf
  std::string when;
  std::string reference;
};

struct UnitPaths {
  std::vector<std::string> wants_dirs;     // folders whose *.wants/ hold enabled units
  std::vector<std::string> ignore_units;   // systemd-sysctl.service: the boot loader itself
  std::vector<std::string> rc_local;       // /etc/rc.local
  std::string sysctl_p_default;            // `sysctl -p` without a file: /etc/sysctl.conf
  std::string when_unit;
  std::string when_rc_local;
};

struct ProcessKey {
  std::string key;
  std::optional<std::string> value;        // the default the writer uses, when it has one
  std::vector<std::string> flags;          // command-line flags that change it (kube-proxy)
  bool duration = false;                   // the flag is a Go duration ("24h0m0s") -> seconds
  std::string reference;
};

struct ProcessWriter {
  std::string id, name;
  std::vector<std::string> names;          // /proc/PID/comm or the basename of argv[0]
  std::vector<ProcessKey> keys;
  std::string enforces;                    // "tuned": a running daemon enforces that file writer
  std::string when;
};

struct WriterRules {
  TunedPaths tuned;
  UfwPaths ufw;
  UnitPaths units;
  std::vector<ProcessWriter> processes;
};

// --- what the readers found ---

struct FileWriters {
  std::vector<WriterClaim> claims;
  std::vector<std::string> notes;          // "TuneD profile 'x' not found in ...", include loops, ...
  std::string tuned_profile;               // the active profile(s), empty when none
};

struct SeenProcess {
  int pid = 0;
  std::string writer;                      // ProcessWriter::id
  std::vector<std::string> argv;
};

}  // namespace sa
