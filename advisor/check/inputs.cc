#include "advisor/check/inputs.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <set>

#include "advisor/check/glob.h"
#include "advisor/config/file_discovery.h"
#include "advisor/config/file_loading.h"
#include "advisor/config/yaml/sysctl_sources.h"

namespace fs = std::filesystem;

namespace sa::check {
namespace {

bool is_conf(const fs::path& p) { return p.extension() == ".conf"; }
// YAML and scripts that may set sysctls (advisor/config/yaml reads them; foreign ones say nothing).
bool is_source(const std::string& rel) {
  size_t slash = rel.rfind('/');
  return config::yaml::file_kind(std::string_view(rel).substr(slash == std::string::npos ? 0 : slash + 1)) !=
         config::yaml::FileKind::none;
}
bool is_checked(const fs::path& p) { return is_conf(p) || is_source(p.filename().string()); }

// The *.conf files of a folder and its YAML and scripts, below dot-folders excepted (.git).
std::vector<fs::path> conf_files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && it->path().filename().string()[0] == '.') {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && is_checked(it->path())) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool starts_with_dir(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

}  // namespace

// A folder laid out like a host's '/': it has /etc/sysctl.conf or one of the loaders' folders.
bool is_host_root(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / (config::kSysctlConf + 1), ec)) return true;  // +1: relative to dir, not '/'
  for (const char* place : config::kSysctlDirs)
    if (fs::exists(dir / (place + 1), ec)) return true;
  return false;
}

std::vector<Input> inputs_from_paths(const std::vector<fs::path>& paths, std::vector<Diagnostic>& problems) {
  std::vector<Input> inputs;
  Input plain;
  auto flush = [&] {
    if (plain.files.empty()) return;
    plain.label = plain.files.front().string();
    inputs.push_back(std::move(plain));
    plain = Input{};
  };
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      if (is_host_root(p)) {
        flush();
        inputs.push_back({true, p, {}, p.string()});
      } else {
        auto files = conf_files_in(p);
        if (files.empty())
          problems.push_back({Severity::error, diag::kUnreadableInput, {p.string(), 0, 0},
                              "folder has no *.conf, YAML or script files and is not a host root (no etc/sysctl.d, etc/sysctl.conf or usr/lib/sysctl.d)", ""});
        plain.files.insert(plain.files.end(), files.begin(), files.end());
      }
    } else if (fs::exists(p, ec)) {
      plain.files.push_back(p);
    } else {
      problems.push_back({Severity::error, diag::kUnreadableInput, {p.string(), 0, 0}, "no such file or folder", ""});
    }
  }
  flush();
  return inputs;
}

namespace {

// One folder of the walk and, recursively, those below it. readdir's d_type says what an entry
// is without a stat (one only when the file system does not say, or for a link), and relative
// paths are built as strings: std::filesystem's iterator and path arithmetic took 20 ms for the
// 2,800 entries of a 200-host repository. A folder that cannot be read is skipped, not the walk.
void walk(const std::string& abs, const std::string& rel, RepoTree& tree) {
  DIR* dir = opendir(abs.c_str());
  if (!dir) return;
  while (const struct dirent* e = readdir(dir)) {
    const char* name = e->d_name;
    if (name[0] == '.') continue;  // ".", "..", .git, .github, ...: not host configuration
    std::string child_abs = abs + "/" + name;
    std::string child_rel = rel.empty() ? std::string(name) : rel + "/" + name;
    unsigned char type = e->d_type;
    struct stat st;
    if (type == DT_UNKNOWN && lstat(child_abs.c_str(), &st) == 0)
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
    if (type == DT_DIR) {  // a link to a folder is not followed (it could loop)
      tree.dirs.push_back(child_rel);
      walk(child_abs, child_rel, tree);
    } else if (type == DT_REG || (type == DT_LNK && stat(child_abs.c_str(), &st) == 0 && S_ISREG(st.st_mode))) {
      tree.files.push_back(std::move(child_rel));
    }
  }
  closedir(dir);
}

}  // namespace

RepoTree walk_repo(const fs::path& root) {
  RepoTree tree;
  tree.root = root;
  walk(root.string(), "", tree);
  std::sort(tree.dirs.begin(), tree.dirs.end());
  std::sort(tree.files.begin(), tree.files.end());
  return tree;
}

Resolved resolve_group(const RepoTree& tree, const GroupSpec& spec) {
  Resolved r;
  std::vector<std::string> roots;   // relative host roots
  std::set<std::string> plain;      // relative plain files
  for (size_t i = 0; i < spec.paths.size(); ++i) {
    const std::string& pattern = spec.paths[i];
    bool matched = false;
    for (const auto& d : tree.dirs) {
      if (!glob_match(pattern, d)) continue;
      matched = true;
      if (is_host_root(tree.root / d)) {
        roots.push_back(d);
      } else {
        for (const auto& f : tree.files)
          if (starts_with_dir(f, d) && (is_conf(f) || is_source(f))) plain.insert(f);
      }
    }
    for (const auto& f : tree.files) {
      if (!glob_match(pattern, f)) continue;
      matched = true;
      plain.insert(f);
    }
    if (!matched) r.unmatched.push_back(i);
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  // A root inside another matched root ("hosts/**" matches hosts/a and hosts/a/etc): keep the outer.
  std::vector<std::string> outer;
  for (const auto& d : roots)
    if (std::none_of(outer.begin(), outer.end(), [&](const std::string& o) { return starts_with_dir(d, o); }))
      outer.push_back(d);
  for (const auto& d : outer) r.inputs.push_back({true, tree.root / d, {}, d});
  Input files;
  for (const auto& f : plain)
    if (std::none_of(outer.begin(), outer.end(), [&](const std::string& o) { return starts_with_dir(f, o); }))
      files.files.push_back(tree.root / f);
  if (!files.files.empty()) {
    files.label = files.files.front().lexically_relative(tree.root).generic_string();
    r.inputs.push_back(std::move(files));
  }
  return r;
}

namespace {

// Whether `path` is below one of `roots` (or a root is "."): its ancestors looked up, not every
// root compared (2,000 files x 200 roots).
bool inside_any(const std::string& path, const std::set<std::string>& roots) {
  if (roots.count(".")) return true;
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
    if (roots.count(path.substr(0, slash))) return true;
  return false;
}

}  // namespace

std::vector<std::string> unmapped_config_files(const RepoTree& tree, const std::vector<Input>& covered) {
  std::set<std::string> root_set;
  std::set<std::string> files;
  for (const auto& in : covered) {
    if (in.host_root)
      root_set.insert(in.root.lexically_relative(tree.root).generic_string());
    else
      for (const auto& f : in.files) files.insert(f.lexically_relative(tree.root).generic_string());
  }
  std::vector<std::string> out;
  for (const auto& f : tree.files) {
    // What a loader would read: a sysctl.conf, or a *.conf in a folder named sysctl.d.
    const size_t last = f.rfind('/');
    const std::string_view name = last == std::string::npos ? std::string_view(f) : std::string_view(f).substr(last + 1);
    const size_t before = last == std::string::npos || last == 0 ? std::string::npos : f.rfind('/', last - 1);
    const std::string_view parent = last == std::string::npos ? std::string_view()
                                    : std::string_view(f).substr(before == std::string::npos ? 0 : before + 1,
                                                                 last - (before == std::string::npos ? 0 : before + 1));
    const bool conf = name.size() > 5 && name.substr(name.size() - 5) == ".conf";
    const bool looks = name == "sysctl.conf" || (conf && parent == "sysctl.d");
    if (!looks || files.count(f)) continue;
    if (inside_any(f, root_set)) continue;
    out.push_back(f);
  }
  return out;
}

bool read_text(const fs::path& file, std::string& out) {
  // The configuration model's reader: one way to read a sysctl file, errors and all.
  std::string why;
  bool is_folder = false;
  if (config::read_whole_file(file, &out, &why, &is_folder)) return true;
  out.clear();
  return false;
}

std::optional<std::string> read_text(const fs::path& file) {
  std::string text;
  if (!read_text(file, text)) return std::nullopt;
  return text;
}

}  // namespace sa::check
