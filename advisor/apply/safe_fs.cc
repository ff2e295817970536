#include "advisor/apply/safe_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
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

DirOpen open_dir(const fs::path& path, std::optional<mode_t> create_mode, bool private_dir) {
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
  if (private_dir) {
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      out.result = FsResult::fail(errno, "stat " + shown);
      return out;
    }
    uid_t me = ::geteuid();
    if (st.st_uid != me && st.st_uid != 0) {
      out.result.ok = false;
      out.result.err = EPERM;
      out.result.error = shown + " belongs to uid " + std::to_string(st.st_uid) + ", not to us; refusing to use it";
      return out;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
      // Ours and merely too open (an old umask): tighten it rather than refuse.
      if (st.st_uid == me && ::fchmod(fd, 0700) == 0) return out;
      out.result.ok = false;
      out.result.err = EPERM;
      out.result.error = shown + " is writable by others; refusing to keep a journal there";
      return out;
    }
  }
  return out;
}

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
    out.result.error = shown_path + " is not a regular file";
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

}  // namespace sa::apply
