#include "advisor/check/lint_passes.h"

namespace sa::check {

const std::vector<LintPass>& lint_passes() {
  // The order is the order of findings on one line before check sorts them (a stable sort keeps
  // it for ties): syntax first, then what the key is, then which line wins.
  static const std::vector<LintPass> passes = {
      {"syntax: the loader's own complaints, under their codes",
       [](const LintInput& in, std::vector<Raw>& out) { lint_syntax(in.cs, out); }},
      {"keys: unknown, absent on the kernel, wrong value",
       [](const LintInput& in, std::vector<Raw>& out) { lint_keys(in.cs, in.catalog, in.kernel, out, in.near_miss); }},
      {"shadowing: which line wins at boot",
       [](const LintInput& in, std::vector<Raw>& out) { lint_shadowing(in.cs, out, in.shown); }},
      {"hidden files: never read because a same-named file comes first",
       [](const LintInput& in, std::vector<Raw>& out) { lint_hidden_files(in.cs, out, in.shown); }},
  };
  return passes;
}

void run_lints(const LintInput& in, std::vector<Raw>& out) {
  for (const LintPass& p : lint_passes()) p.run(in, out);
}

}  // namespace sa::check
