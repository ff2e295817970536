#include "advisor/cli/common.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sa::cli {

fs::path user_path(const std::string& typed) {
  fs::path p(typed);
  if (p.is_relative()) {
    if (const char* wd = std::getenv("BUILD_WORKING_DIRECTORY"); wd && *wd) return fs::path(wd) / p;
  }
  return p;
}

std::vector<fs::path> user_paths(const std::vector<std::string>& typed) {
  std::vector<fs::path> out;
  for (const auto& t : typed) out.push_back(user_path(t));
  return out;
}

static fs::path self_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path(".") : exe.parent_path();
}

fs::path data_dir(const std::string& kind, const std::string& override_dir) {
  if (!override_dir.empty()) return user_path(override_dir);
  if (const char* env = std::getenv("SYSCTL_ADVISOR_DATA"); env && *env) return fs::path(env) / kind;
  std::error_code ec;
  std::vector<fs::path> candidates;
  if (const char* rf = std::getenv("RUNFILES_DIR"); rf && *rf) candidates.push_back(fs::path(rf) / "sysctl_advisor" / kind);
  if (const char* src = std::getenv("TEST_SRCDIR"); src && *src) candidates.push_back(fs::path(src) / "sysctl_advisor" / kind);
  fs::path dir = self_dir();
  candidates.push_back(dir / "sysctl-advisor.runfiles" / "sysctl_advisor" / kind);
  // `bazel run`'s cwd is the runfiles root; only there (it sets BUILD_WORKING_DIRECTORY). Anywhere
  // else the cwd is the user's: an installed binary run from a checkout with a rules/ folder (an
  // older sysctl-advisor, Prometheus rules) would take that folder for its rule set.
  if (const char* wd = std::getenv("BUILD_WORKING_DIRECTORY"); wd && *wd) candidates.push_back(fs::current_path(ec) / kind);
  // Installed: /usr/bin -> /usr/share, /usr/local/bin -> /usr/local/share, DIR/bin -> DIR/share
  // (`bazel run //:install -- --prefix DIR`); then the Debian package's place.
  candidates.push_back((dir.parent_path() / "share" / "sysctl-advisor" / kind).lexically_normal());
  candidates.push_back(fs::path("/usr/share/sysctl-advisor") / kind);
  for (const auto& c : candidates)
    if (fs::is_directory(c, ec)) return c;
  return candidates[candidates.size() - 2];  // named in "cannot read" errors: where an install puts it
}

std::vector<fs::path> data_dirs(const std::string& kind, const std::string& override_dir) {
  std::vector<fs::path> dirs{data_dir(kind, override_dir)};
  if (!override_dir.empty()) return dirs;
  const char* etc = std::getenv("SYSCTL_ADVISOR_ETC");
  dirs.push_back(fs::path(etc && *etc ? etc : "/etc/sysctl-advisor") / kind);
  return dirs;
}

bool parse_args(const std::string& command, const std::vector<std::string>& args, const po::options_description& desc,
                const po::positional_options_description* positionals, po::variables_map& vm, const std::string& usage,
                bool* help) {
  *help = false;
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (positionals) parser.positional(*positionals);
    po::parsed_options parsed = parser.run();
    // Without a positional description Boost keeps a bare word as an unnamed option that store()
    // drops: `plan load-balancer` (for --profile) or `apply load-balancer --yes` would run as if the
    // word had not been typed. A command that takes no arguments refuses it.
    for (const auto& o : parsed.options)
      if (o.string_key.empty() && o.position_key >= 0 && !o.original_tokens.empty())
        throw po::error("unexpected argument '" + o.original_tokens.front() + "' (this command takes only options)");
    po::store(parsed, vm);
    if (vm.count("help")) {
      *help = true;
      std::cout << usage << "\n" << desc << "\n";
      return true;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "sysctl-advisor " << command << ": " << e.what() << "\n\n" << usage << "\n" << desc << "\n";
    return false;
  }
  return true;
}

bool stdout_wants_color() {
  if (!isatty(STDOUT_FILENO)) return false;
  // no-color.org: set and not empty means no colour.
  if (const char* no = std::getenv("NO_COLOR"); no && *no) return false;
  const char* term = std::getenv("TERM");
  return term && std::string(term) != "dumb";
}

}  // namespace sa::cli
