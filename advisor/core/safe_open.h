// The one way this tool opens a file it reads (and the /proc/sys files apply writes): `--root`
// is a jail, and a file is only read when it is a regular file, up to a stated size.
//
// Under a root other than "/", a path is resolved inside the tree: openat2(2) with
// RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS (Linux 5.6+), so an absolute symlink `/etc` in the tree
// means TREE/etc and `..` stops at TREE, as if the tree were "/" (chroot semantics: the tree is a
// copy of a host). Where the kernel has no openat2, a walk of the path one component at a time
// with O_NOFOLLOW refuses every symlink instead (stricter, never outside). With root "/" (the live
// host) paths are opened as usual.
//
// Every read open is O_NONBLOCK (a FIFO cannot hang us) and checked with fstat: a FIFO, a device
// (/dev/zero), a socket or a folder is refused with a message naming it; a regular file larger
// than the cap is refused before anything is read (a 100 GB sparse file costs nothing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace sa {

// Caps, each above anything real and below what would hurt a small machine.
inline constexpr size_t kMaxConfigFileBytes = size_t{1} << 30;   // sysctl.d: bench has 40 MB files
inline constexpr size_t kMaxDataFileBytes = size_t{64} << 20;    // rules, profiles, keys.toml, mappings
inline constexpr size_t kMaxDocumentBytes = size_t{512} << 20;   // plans, snapshots, journal entries
inline constexpr size_t kMaxProcFileBytes = size_t{64} << 20;    // /proc/sys values, /proc/net counters
// /proc/net/tcp{,6} copies under --root, streamed (never held whole): about 7 million rows of 150
// bytes (149 and the newline). The live /proc says size 0, so the cap never applies there.
inline constexpr size_t kMaxSocketTableBytes = size_t{1} << 30;

// Opens `path` (absolute, as on the host under `root`) with `flags` (O_CLOEXEC | O_NOCTTY added).
// -1 with errno set on failure: EXDEV when `path` is not under `root`.
int open_in_root(const std::filesystem::path& root, const std::filesystem::path& path, int flags);

// `full` (root + path, as the callers build it) split back into root and path, then opened.
int open_under(const std::filesystem::path& root, const std::filesystem::path& full, int flags);

struct ReadResult {
  bool ok = false;
  int err = 0;            // errno of a failure to open or read; 0 for a refused type or size
  bool not_regular = false;
  bool is_folder = false;
  std::string why;        // "is a FIFO, not a regular file", "larger than 64 MiB", strerror(err)
  uint64_t size = 0;      // st_size of a regular file (0 for /proc files)
};

// Reads the regular file `full` (root + path) whole into `out`, at most `cap` bytes.
ReadResult read_regular_file(const std::filesystem::path& root, const std::filesystem::path& full, size_t cap,
                             std::string& out);

// The same for a file descriptor already open (O_NONBLOCK), checked with fstat first.
ReadResult read_regular_fd(int fd, size_t cap, std::string& out);

// Only the checks read_regular_fd makes before it reads (fstat, a regular file, at most `cap`
// bytes): for a reader that streams the file instead of holding it (the socket census). ok when
// the file may be read.
ReadResult check_regular_fd(int fd, size_t cap);

// "a FIFO", "a character device", ... for a st_mode that is not a regular file.
std::string file_type_name(unsigned mode);

}  // namespace sa
