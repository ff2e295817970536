#include "advisor/apply/live_values.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <sstream>
#include <vector>

#include "advisor/apply/safe_fs.h"
#include "advisor/core/sysctl_key.h"

namespace sa::apply {

LiveRead read_live(const std::filesystem::path& root, const std::string& key) {
  LiveRead out;
  auto path = sa::proc_sys_path(root, key);
  if (!path) {
    out.error = "'" + key + "' is not a valid sysctl key";
    return out;
  }
  int fd = ::open(path->c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return out;
    out.error = "read " + path->string() + ": " + std::strerror(errno);
    return out;
  }
  Fd guard(fd);
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = "read " + path->string() + ": " + std::strerror(errno);
      return out;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  out.exists = true;
  out.value = sa::fold_whitespace(text);
  return out;
}

std::string write_live(const std::filesystem::path& root, const std::string& key, const std::string& value,
                       std::optional<std::string>* read_back) {
  auto path = sa::proc_sys_path(root, key);
  if (!path) return "'" + key + "' is not a valid sysctl key";
  // No O_CREAT: a key the kernel does not have must fail, not appear as a new file in a fake root.
  int fd = ::open(path->c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return "open " + path->string() + " for writing: " + std::strerror(errno);
  Fd guard(fd);
  std::string line = value + "\n";
  ssize_t n;
  do n = ::write(fd, line.data(), line.size());
  while (n < 0 && errno == EINTR);
  if (n < 0) return "the kernel refused " + value + " for " + key + ": " + std::strerror(errno);
  if (static_cast<size_t>(n) != line.size()) return "short write of " + value + " to " + path->string();
  ::close(guard.release());
  LiveRead back = read_live(root, key);
  if (!back.error.empty()) return back.error;
  if (!back.exists) return path->string() + " vanished after writing";
  if (read_back) *read_back = back.value;
  if (!same_value(back.value, value))
    return "wrote " + value + " to " + key + " but the kernel kept " + back.value;
  return "";
}

}  // namespace sa::apply
