// The lints of one host group's configuration: each a pure function of the ConfigSet (and the
// catalog for key lints) appending findings. A finding says which column it points at (the key or
// the value); the columns are filled in from the file text afterwards (see locate.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "advisor/check/near_miss.h"
#include "advisor/config/config_set.h"
#include "advisor/engine/catalog.h"
#include "advisor/plan/check_result.h"

namespace sa::check {

enum class Column { none, key, value };

struct Raw {
  plan::CheckFinding finding;  // finding.at->file is the ConfigSet display path until relocated
  Column column = Column::none;
  // YAML: the line where the entry starts when it is not the finding's line (a Kubernetes
  // `- name: KEY` above its `value:`): a suppression before the entry covers it too.
  int entry_line = 0;
};

// Syntax mistakes: advisor/config's diagnostics as findings under their own codes.
void lint_syntax(const config::ConfigSet& cs, std::vector<Raw>& out);

// Keys no sysctl has (with "did you mean"), keys absent on the target kernel, values of the wrong
// type or out of range. `kernel` may be empty (unknown): kernel-dependent lints then stay quiet.
void lint_keys(const config::ConfigSet& cs, const engine::Catalog& catalog, const std::string& kernel,
               std::vector<Raw>& out, NearMiss& near_miss);
// The same with a fresh NearMiss (tests, one-off use).
void lint_keys(const config::ConfigSet& cs, const engine::Catalog& catalog, const std::string& kernel,
               std::vector<Raw>& out);

// Which line wins at boot: an assignment overridden in the same file (duplicate-key) or by a later
// file in load order (shadowed-key), naming the winner.
// `shown` turns a ConfigSet path into the one the user sees (relative to the repository).
using ShownPath = std::function<std::string(const std::string&)>;
void lint_shadowing(const config::ConfigSet& cs, std::vector<Raw>& out, const ShownPath& shown = nullptr);

// Files the loader never reads because a same-named file in an earlier folder hides (or, as a
// link to /dev/null, masks) them: info, at the hidden file (line 0).
void lint_hidden_files(const config::ConfigSet& cs, std::vector<Raw>& out, const ShownPath& shown = nullptr);

// The top-level folders of /proc/sys; a key under any other is no sysctl.
bool known_top_level(std::string_view dotted_key);

}  // namespace sa::check
