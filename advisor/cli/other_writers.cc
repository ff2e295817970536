#include "advisor/cli/other_writers.h"

#include "advisor/cli/common.h"
#include "advisor/config/file_writers.h"
#include "advisor/data/data_files.h"
#include "advisor/engine/other_writers.h"
#include "advisor/engine/writer_rules.h"
#include "advisor/live/writer_processes.h"

namespace fs = std::filesystem;

namespace sa::cli {

std::optional<std::vector<WriterClaim>> detect_other_writers(const std::string& rules_dir, const fs::path& root,
                                                             bool live, std::ostream& err) {
  fs::path file;
  for (const auto& d : data_dirs("rules", rules_dir)) {
    std::error_code ec;
    if (fs::exists(d / data::kWritersFileName, ec)) file = d / data::kWritersFileName;
  }
  if (file.empty()) {
    err << "warning: no " << data::kWritersFileName << " in " << data_dir("rules", rules_dir).string()
        << ": other writers (TuneD, ufw, units, bpftune, kube-proxy) are not looked for\n";
    return std::vector<WriterClaim>{};
  }
  engine::Loaded<WriterRules> rules;
  std::string text;
  if (data::read_data_file(file, text, rules.diagnostics)) rules = engine::parse_writer_rules(text, file.string());
  if (!rules.ok()) {
    for (const auto& d : rules.diagnostics) err << format_diagnostic(d) << "\n";
    err << "sysctl-advisor: " << file.string() << " is invalid: nothing was done\n";
    return std::nullopt;
  }
  FileWriters files = config::read_file_writers(root, rules.value);
  for (const auto& n : files.notes) err << "note: " << n << "\n";
  std::vector<SeenProcess> procs;
  if (live) procs = live::find_writer_processes("/proc", rules.value.processes);
  return engine::combine_writers(files, procs, rules.value);
}

}  // namespace sa::cli
