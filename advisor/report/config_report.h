// `sysctl-advisor config` as text: the effective value of every configured key with the file:line
// it comes from, and beneath it the lines it shadows. Pure: ConfigSet in, text out.
#pragma once

#include <functional>
#include <string>

#include "advisor/config/config_set.h"

namespace sa::report {

struct ConfigTextOptions {
  std::string loader_reason;    // why this loader ("--loader", "/run/systemd/system exists")
  size_t max_shadowed = 20;     // per key; the rest are counted (JSON lists all)
  bool show_files = true;       // the header listing files in load order, masks and hidden files
};

std::string render_config_text(const config::ConfigSet& set, const ConfigTextOptions& options);
// The same text in pieces, as config::write_json writes JSON: `out` is handed to `drain` whenever
// it holds more than 64 KiB (the caller writes it and may clear it), and the rest is left in `out`.
// A million-line report never sits whole in memory; the renderer still writes nothing itself.
void render_config_text(const config::ConfigSet& set, const ConfigTextOptions& options, std::string& out,
                        const std::function<void(std::string&)>& drain);

// One line: "12 keys from 4 files, 3 shadowed lines, 1 error, 2 warnings".
std::string config_summary(const config::ConfigSet& set);

}  // namespace sa::report
