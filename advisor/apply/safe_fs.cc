#include "advisor/apply/safe_fs.h"

#include "advisor/core/safe_open.h"
#include "advisor/core/sysctl_key.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <random>

namespace fs = std::filesystem;

namespace sa::apply {

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

FsResult FsResult::fail(int e, const std::string& what) {
  FsResult r;
  r.ok = false;
  r.err = e;
  r.error = what + ": " + std::strerror(e);
  return r;
}

static bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

namespace {

bool under_tree(const fs::path& root, const fs::path& path) {
  return !sa::is_live_root(root) && sa::host_path_in_root(root, path).has_value();
}

// The folder checks after it is open: ours (or root's), not writable by others.
void check_private(DirOpen& out, int fd, const std::string& shown);

// `path` inside the --root tree `root`: every component resolved in the tree (sa::open_in_root),
// created one at a time with mkdirat() under a folder already resolved there, so neither a read
// nor a write follows a link out of the tree.
DirOpen open_dir_in_tree(const fs::path& root, const fs::path& path, std::optional<mode_t> create_mode, bool private_dir) {
  DirOpen out;
  const std::string shown = path.string();
  fs::path rel = path.lexically_normal().lexically_relative(root.lexically_normal());
  std::vector<std::string> parts;
  for (const auto& c : rel)
    if (!c.empty() && c != ".") parts.push_back(c.string());
  if (create_mode) {
    fs::path prefix = "/";
    for (size_t i = 0; i < parts.size(); ++i) {
      int parent = sa::open_in_root(root, prefix, O_RDONLY | O_DIRECTORY);
      if (parent < 0) {
        out.result = FsResult::fail(errno, "open " + (root / prefix.relative_path()).string() + " inside --root");
        return out;
      }
      Fd pguard(parent);
      mode_t mode = i + 1 == parts.size() ? *create_mode : 0755;
      if (::mkdirat(parent, parts[i].c_str(), mode) == 0) ::fsync(parent);
      else if (errno != EEXIST) {
        out.result = FsResult::fail(errno, "create " + (root / prefix.relative_path() / parts[i]).string());
        return out;
      }
      prefix /= parts[i];
    }
  }
  int fd = sa::open_in_root(root, fs::path("/") / rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) {
    int e = errno;
    if (e == ELOOP || e == ENOTDIR) {
      out.result.ok = false;
      out.result.err = e;
      out.result.error = shown + " is a symbolic link or passes through one that does not lead to a folder inside --root " +
                         root.string() + "; refusing to follow it";
      return out;
    }
    out.result = FsResult::fail(e, "open " + shown + " inside --root");
    return out;
  }
  out.fd = Fd(fd);
  if (private_dir) check_private(out, fd, shown);
  return out;
}

}  // namespace

DirOpen open_dir(const fs::path& path, std::optional<mode_t> create_mode, bool private_dir, const fs::path& root) {
  if (under_tree(root, path)) return open_dir_in_tree(root, path, create_mode, private_dir);
  DirOpen out;
  std::string shown = path.string();
  if (create_mode) {
    std::error_code ec;
    fs::path parent = path.parent_path();
    if (!parent.empty() && !fs::exists(parent, ec)) {
      fs::create_directories(parent, ec);
      if (ec) {
        out.result = FsResult::fail(ec.value(), "create " + parent.string());
        return out;
      }
    }
    if (::mkdir(path.c_str(), *create_mode) == 0) {
      // The new folder's name must survive a power cut too, or so would not the journal in it.
      fs::path parent_dir = parent.empty() ? fs::path(".") : parent;
      int pfd = ::open(parent_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (pfd >= 0) {
        ::fsync(pfd);
        ::close(pfd);
      }
    } else if (errno != EEXIST) {
      out.result = FsResult::fail(errno, "create " + shown);
      return out;
    }
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    // O_NOFOLLOW|O_DIRECTORY on a symlink fails with ELOOP or ENOTDIR: say what it really is.
    struct stat lst;
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
      out.result.ok = false;
      out.result.err = ELOOP;
      out.result.error = shown + " is a symbolic link; refusing to follow it (remove it or choose another folder)";
      return out;
    }
    out.result = FsResult::fail(e, "open " + shown);
    return out;
  }
  out.fd = Fd(fd);
  if (private_dir) check_private(out, fd, shown);
  return out;
}

namespace {

void check_private(DirOpen& out, int fd, const std::string& shown) {
  {
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      out.result = FsResult::fail(errno, "stat " + shown);
      return;
    }
    uid_t me = ::geteuid();
    if (st.st_uid != me && st.st_uid != 0) {
      out.result.ok = false;
      out.result.err = EPERM;
      out.result.error = shown + " belongs to uid " + std::to_string(st.st_uid) + ", not to us; refusing to use it";
      return;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
      // Ours and merely too open (an old umask): tighten it rather than refuse.
      if (st.st_uid == me && ::fchmod(fd, 0700) == 0) return;
      out.result.ok = false;
      out.result.err = EPERM;
      out.result.error = shown + " is writable by others; refusing to keep a journal there";
      return;
    }
  }
}

}  // namespace

FileRead read_file_at(int dirfd, const std::string& name, const std::string& shown_path) {
  FileRead out;
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return out;
    if (errno == ELOOP) {
      out.result.ok = false;
      out.result.err = ELOOP;
      out.result.error = shown_path + " is a symbolic link; refusing to follow it (someone may have planted it)";
      return out;
    }
    out.result = FsResult::fail(errno, "open " + shown_path);
    return out;
  }
  Fd guard(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    out.result = FsResult::fail(errno, "stat " + shown_path);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.result.ok = false;
    out.result.err = EINVAL;
    out.result.error = shown_path + " is " + sa::file_type_name(st.st_mode) + ", not a regular file";
    return out;
  }
  if (static_cast<uint64_t>(st.st_size) > sa::kMaxDocumentBytes) {
    out.result.ok = false;
    out.result.err = EFBIG;
    out.result.error = shown_path + " is " + std::to_string(static_cast<uint64_t>(st.st_size)) + " bytes: larger than any journal entry or persisted file this tool writes; not read";
    return out;
  }
  out.exists = true;
  out.mode = st.st_mode & 07777;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.result = FsResult::fail(errno, "read " + shown_path);
      return out;
    }
    if (n == 0) break;
    out.content.append(buf, static_cast<size_t>(n));
  }
  return out;
}

FsResult atomic_write_at(int dirfd, const std::string& name, const std::string& content, mode_t mode,
                         const std::string& shown_path) {
  std::random_device rd;
  std::string tmp = "." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000);
  int fd = ::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return FsResult::fail(errno, "create a temporary file beside " + shown_path);
  Fd guard(fd);
  auto fail = [&](const std::string& what) {
    FsResult r = FsResult::fail(errno, what);
    ::unlinkat(dirfd, tmp.c_str(), 0);
    return r;
  };
  if (::fchmod(fd, mode) != 0) return fail("chmod the temporary file for " + shown_path);
  if (!write_all(fd, content)) return fail("write " + shown_path);
  if (::fsync(fd) != 0) return fail("fsync " + shown_path);
  if (::close(guard.release()) != 0) return fail("close " + shown_path);
  // rename() replaces a symlink at `name` itself and never writes through it.
  if (::renameat(dirfd, tmp.c_str(), dirfd, name.c_str()) != 0) return fail("rename into " + shown_path);
  if (::fsync(dirfd) != 0) return FsResult::fail(errno, "fsync the folder of " + shown_path);
  return {};
}

FsResult remove_at(int dirfd, const std::string& name, const std::string& shown_path) {
  if (::unlinkat(dirfd, name.c_str(), 0) != 0 && errno != ENOENT) return FsResult::fail(errno, "remove " + shown_path);
  if (::fsync(dirfd) != 0) return FsResult::fail(errno, "fsync the folder of " + shown_path);
  return {};
}

std::vector<std::string> stale_temp_files(int dirfd, bool remove) {
  std::vector<std::string> out;
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return out;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return out;
  }
  bool removed = false;
  while (struct dirent* de = ::readdir(d)) {
    std::string n = de->d_name;
    size_t at = n.rfind(".tmp-");
    if (n.empty() || n[0] != '.' || at == std::string::npos) continue;
    long pid = std::strtol(n.c_str() + at + 5, nullptr, 10);
    if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;  // its writer still runs
    struct stat st;
    if (::fstatat(dirfd, n.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    out.push_back(n);
    if (remove && ::unlinkat(dirfd, n.c_str(), 0) == 0) removed = true;
  }
  ::closedir(d);
  if (removed) ::fsync(dirfd);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sa::apply
