// `sysctl-advisor config` as text: the effective value of every configured key with the file:line
// it comes from, and beneath it the lines it shadows. Pure: ConfigSet in, text out.
#pragma once

#include <cstdio>
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
// The same text written to `to` as it is built, a piece at a time: the report of a million lines
// never sits whole in memory (growing one string cost copies and thousands of page faults).
// Returns false when writing failed.
bool write_config_text(const config::ConfigSet& set, const ConfigTextOptions& options, std::FILE* to);

// One line: "12 keys from 4 files, 3 shadowed lines, 1 error, 2 warnings".
std::string config_summary(const config::ConfigSet& set);

}  // namespace sa::report
