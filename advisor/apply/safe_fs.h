// File operations for the state folder and the persisted file that never follow a symlink someone
// else planted: folders are opened as file descriptors and every file inside is reached with
// openat(dirfd, name, O_NOFOLLOW). Writes are atomic (temp file in the same folder, fsync, rename,
// fsync the folder), so a crash leaves the old file or the new one, never half of one.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
// Under a --root tree (`root` other than "/", `path` inside it) every component is resolved inside
// the tree and created there (sa::open_in_root): no link leads a read or a write out of it.
DirOpen open_dir(const std::filesystem::path& path, std::optional<mode_t> create_mode, bool private_dir,
                 const std::filesystem::path& root = {});

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

// Temp files atomic_write_at left in dir (".NAME.tmp-PID-N") by a writer that died (SIGKILL,
// power cut): a PID no longer running. With `remove`, they are deleted (call it holding the state
// lock, so no live writer's file is touched); the names are returned either way.
std::vector<std::string> stale_temp_files(int dirfd, bool remove);

// Removes dir/name (a regular file, never a symlink's target) and fsyncs the folder. Absent is ok.
FsResult remove_at(int dirfd, const std::string& name, const std::string& shown_path);

}  // namespace sa::apply
