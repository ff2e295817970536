#include "advisor/config/file_trust.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

namespace fs = std::filesystem;

namespace sa::config {

namespace {

// root, whoever runs us, and under sudo the user who ran sudo.
std::set<uid_t> trusted_uids() {
  std::set<uid_t> ids = {0, ::getuid(), ::geteuid()};
  if (::geteuid() == 0)
    if (const char* s = std::getenv("SUDO_UID"); s && *s) {
      char* end = nullptr;
      unsigned long v = std::strtoul(s, &end, 10);
      if (end && *end == '\0') ids.insert(static_cast<uid_t>(v));
    }
  return ids;
}

std::string owner_name(uid_t uid) {
  struct passwd* pw = ::getpwuid(uid);
  return pw ? std::string(pw->pw_name) + " (uid " + std::to_string(uid) + ")" : "uid " + std::to_string(uid);
}

std::string mode_text(mode_t m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
  return buf;
}

// Writable by someone other than its owner and root. A group write bit on group root is root's.
bool others_can_write(const struct stat& st) {
  return (st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && st.st_gid != 0);
}

// The object itself: ours, and nobody else may write it.
std::string check_object(const std::string& shown, const struct stat& st, const std::set<uid_t>& ok) {
  if (!ok.count(st.st_uid)) return shown + " belongs to " + owner_name(st.st_uid) + ", not to root or to you";
  if (st.st_mode & S_IWOTH) return shown + " is writable by everyone (mode " + mode_text(st.st_mode) + ")";
  if (others_can_write(st))
    return shown + " is writable by group " + std::to_string(st.st_gid) + " (mode " + mode_text(st.st_mode) + ")";
  return "";
}

// Every folder from `dir` up to "/": ours, and not writable by others unless sticky.
std::string check_folders(fs::path dir, const std::set<uid_t>& ok) {
  for (;;) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return "cannot check folder " + dir.string() + ": " + std::strerror(errno);
    if (!ok.count(st.st_uid)) return "folder " + dir.string() + " belongs to " + owner_name(st.st_uid) + ", not to root or to you";
    if (others_can_write(st) && !(st.st_mode & S_ISVTX))
      return "folder " + dir.string() + " is writable by others (mode " + mode_text(st.st_mode) +
             ") without the sticky bit: anyone could replace what is in it";
    if (dir == dir.root_path() || dir.parent_path() == dir) return "";
    dir = dir.parent_path();
  }
}

// Symlinks on the way as written: each must be ours, in a folder others cannot replace it in.
std::string check_symlinks(const fs::path& given, const std::set<uid_t>& ok) {
  fs::path prefix;
  for (const auto& part : given) {
    prefix /= part;
    struct stat st {};
    if (::lstat(prefix.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) continue;
    if (!ok.count(st.st_uid))
      return "symlink " + prefix.string() + " belongs to " + owner_name(st.st_uid) + ", not to root or to you";
    std::error_code ec;
    fs::path parent = fs::canonical(prefix.parent_path(), ec);
    if (ec) return "cannot resolve " + prefix.parent_path().string() + ": " + ec.message();
    if (std::string why = check_folders(parent, ok); !why.empty()) return why + " (it holds the symlink " + prefix.string() + ")";
  }
  return "";
}

std::string check_path(const fs::path& path, const struct stat& st, bool with_entries) {
  std::set<uid_t> ok = trusted_uids();
  std::error_code ec;
  fs::path given = fs::absolute(path, ec);
  if (ec) return "cannot resolve " + path.string() + ": " + ec.message();
  fs::path real = fs::canonical(given, ec);
  if (ec) return "cannot resolve " + path.string() + ": " + ec.message();
  if (std::string why = check_symlinks(given, ok); !why.empty()) return why;
  if (std::string why = check_object(path.string(), st, ok); !why.empty()) return why;
  if (std::string why = check_folders(real.parent_path(), ok); !why.empty()) return why;
  if (with_entries && S_ISDIR(st.st_mode)) {
    for (const auto& e : fs::directory_iterator(real, ec)) {
      struct stat est {};
      if (::lstat(e.path().c_str(), &est) != 0) continue;
      if (S_ISLNK(est.st_mode) && !ok.count(est.st_uid))
        return "symlink " + e.path().string() + " belongs to " + owner_name(est.st_uid) + ", not to root or to you";
      if (::stat(e.path().c_str(), &est) != 0 || !S_ISREG(est.st_mode)) continue;
      if (std::string why = check_object(e.path().string(), est, ok); !why.empty()) return why;
      if (std::string why = check_folders(fs::canonical(e.path(), ec).parent_path(), ok); !ec && !why.empty()) return why;
    }
    if (ec) return "cannot list " + path.string() + ": " + ec.message();
  }
  return "";
}

}  // namespace

std::string why_untrusted(const fs::path& path, bool with_entries) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";  // absent: the reader reports it as such
  return check_path(path, st, with_entries);
}

std::optional<std::string> read_trusted_file(const fs::path& path, bool insecure, std::string* error, std::string* warning) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *error = "cannot read " + path.string() + ": " + std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  std::string why;
  if (::fstat(fd, &st) != 0) why = std::string("cannot check it: ") + std::strerror(errno);
  else if (!S_ISREG(st.st_mode)) why = path.string() + " is not a regular file";
  else {
    why = check_path(path, st, false);
    // The path must still name what was opened: otherwise it was swapped while being checked.
    struct stat now {};
    if (why.empty() && (::stat(path.c_str(), &now) != 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino))
      why = path.string() + " was replaced while it was being checked";
  }
  if (!why.empty()) {
    if (!insecure || !S_ISREG(st.st_mode)) {
      ::close(fd);
      *error = "refusing to trust " + path.string() + ": " + why + (S_ISREG(st.st_mode) ? " (--insecure reads it anyway)" : "");
      return std::nullopt;
    }
    *warning = "warning: reading " + path.string() + " although " + why + " (--insecure)";
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = "cannot read " + path.string() + ": " + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace sa::config
