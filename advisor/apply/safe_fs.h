// File operations for the state folder and the persisted file that never follow a symlink someone
// else planted: folders are opened as file descriptors and every file inside is reached with
// openat(dirfd, name, O_NOFOLLOW). Writes are atomic (temp file in the same folder, fsync, rename,
// fsync the folder), so a crash leaves the old file or the new one, never half of one.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace sa::apply {

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  int release() { int f = fd_; fd_ = -1; return f; }

 private:
  int fd_ = -1;
};

// Success, or what failed and why ("open /x/y: Permission denied"). Errors are values.
struct FsResult {
  bool ok = true;
  int err = 0;          // errno of the failure
  std::string error;    // human text naming the path
  static FsResult fail(int e, const std::string& what);
};

// Opens the folder `path` (its parents are followed as usual: /var may be a symlink on some hosts;
// the folder itself may not be a symlink). With `create_mode`, creates it (and missing parents,
// 0755) when absent. `private_dir`: the folder must belong to us (or root) and not be writable by
// group or others; a folder someone else planted is refused.
struct DirOpen {
  Fd fd;
  FsResult result;
};
DirOpen open_dir(const std::filesystem::path& path, std::optional<mode_t> create_mode, bool private_dir);

// A file's bytes, or its absence, read through dirfd without following a symlink.
struct FileRead {
  bool exists = false;
  std::string content;
  mode_t mode = 0644;
  FsResult result;  // !ok for a symlink (ELOOP), a non-regular file, or a read error
};
FileRead read_file_at(int dirfd, const std::string& name, const std::string& shown_path);

// Atomic replace of dir/name with content and mode. The temp file is removed on any failure.
FsResult atomic_write_at(int dirfd, const std::string& name, const std::string& content, mode_t mode,
                         const std::string& shown_path);

// Removes dir/name (a regular file, never a symlink's target) and fsyncs the folder. Absent is ok.
FsResult remove_at(int dirfd, const std::string& name, const std::string& shown_path);

}  // namespace sa::apply
