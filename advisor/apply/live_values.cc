#include "advisor/apply/live_values.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <sstream>
#include <vector>

#include "advisor/apply/safe_fs.h"
#include "advisor/core/safe_open.h"
#include "advisor/core/sysctl_key.h"

namespace sa::apply {

LiveRead read_live(const std::filesystem::path& root, const std::string& key) {
  LiveRead out;
  auto path = sa::proc_sys_path(root, key);
  if (!path) {
    out.error = "'" + key + "' is not a valid sysctl key";
    return out;
  }
  // Inside the --root tree (no link out of it), never a FIFO or device, at most kMaxProcFileBytes.
  int fd = sa::open_under(root, *path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return out;
    out.error = "read " + path->string() + ": " + (errno == EXDEV ? std::string("outside the --root tree") : std::strerror(errno));
    return out;
  }
  Fd guard(fd);
  std::string text;
  sa::ReadResult r = sa::read_regular_fd(fd, sa::kMaxProcFileBytes, text);
  if (!r.ok) {
    out.error = "read " + path->string() + ": " + r.why;
    return out;
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
  // Inside the --root tree; O_NONBLOCK and the type checked before writing: a FIFO or a device
  // there is refused, not written (nor waited on). O_TRUNC does nothing to either.
  int fd = sa::open_under(root, *path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return "open " + path->string() + " for writing: " + (errno == EXDEV ? std::string("outside the --root tree") : std::strerror(errno));
  Fd guard(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    return path->string() + " is " + sa::file_type_name(st.st_mode) + ", not a sysctl file: not written";

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
