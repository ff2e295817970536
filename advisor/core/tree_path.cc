#include "advisor/core/tree_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "advisor/core/printable.h"
#include "advisor/core/sysctl_key.h"

namespace fs = std::filesystem;

namespace sa {
namespace {

std::mutex notes_mutex;
std::vector<std::string>& notes() {
  static std::vector<std::string> n;
  return n;
}
std::set<std::string>& noted_links() {
  static std::set<std::string> s;
  return s;
}

std::vector<std::string> split_components(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join_host(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

// Where `target`, read from the link `base`/NAME, lands inside the tree (lexically, `..` clamped
// at the top), and whether on the host it would have left the tree.
std::vector<std::string> land(std::vector<std::string> base, const std::string& target, bool* leaves) {
  *leaves = !target.empty() && target.front() == '/';
  if (*leaves) base.clear();
  for (const auto& part : split_components(target)) {
    if (part == ".") continue;
    if (part == "..") {
      if (base.empty()) *leaves = true;
      else base.pop_back();
      continue;
    }
    base.push_back(part);
  }
  return base;
}

void note_escape(const fs::path& root, const std::string& link, const std::string& target, const std::string& landing) {
  std::string shown = (root / link.substr(1)).string();
  std::lock_guard<std::mutex> lock(notes_mutex);
  if (!noted_links().insert(shown).second) return;
  notes().push_back(printable_line(shown) + " links to " + printable_line(target) + ": under --root that is " +
                    printable_line((root / landing.substr(1)).lexically_normal().string()) +
                    " (links are never followed out of the tree)");
}

}  // namespace

fs::path resolve_in_root(const fs::path& root, const std::string& host_path, bool* dev_null, std::string* error) {
  *dev_null = false;
  bool live = is_live_root(root);
  std::vector<std::string> todo = split_components(host_path);
  std::reverse(todo.begin(), todo.end());  // a stack: back() is the next component
  std::vector<std::string> done;
  int hops = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.back());
    todo.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    done.push_back(part);
    fs::path real = under_root(root, join_host(done));
    struct stat st;
    if (lstat(real.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) continue;  // missing parts are reported by the reader
    if (++hops > 40) {
      *error = "too many levels of symbolic links";
      return {};
    }
    char buf[4096];
    ssize_t n = readlink(real.c_str(), buf, sizeof buf - 1);
    if (n < 0) continue;
    std::string target(buf, static_cast<size_t>(n));
    std::string link = join_host(done);
    done.pop_back();
    if (!live) {
      bool leaves = false;
      std::vector<std::string> landing = land(done, target, &leaves);
      if (leaves) note_escape(root, link, target, join_host(landing));
    }
    if (!target.empty() && target.front() == '/') done.clear();
    std::vector<std::string> more = split_components(target);
    for (auto it = more.rbegin(); it != more.rend(); ++it) todo.push_back(*it);
  }
  std::string host = join_host(done);
  if (host == "/dev/null") *dev_null = true;
  return under_root(root, host);
}

std::vector<std::string> tree_escape_notes() {
  std::lock_guard<std::mutex> lock(notes_mutex);
  return notes();
}

}  // namespace sa
