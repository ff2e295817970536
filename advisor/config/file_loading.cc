#include "advisor/config/file_loading.h"

#include "advisor/core/safe_open.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "advisor/config/effective.h"
#include "advisor/config/key_cache.h"
#include "advisor/config/line_parser.h"
#include "advisor/core/parallel.h"

namespace fs = std::filesystem;

namespace sa::config {
namespace {

// Threads are worth starting only for big trees: a host's real configuration (a few kilobytes)
// parses in microseconds, less than starting a thread costs.
std::atomic<unsigned> g_max_threads{0};  // 0: the cores, at most 4; tests set an exact number
std::atomic<size_t> g_min_bytes_per_thread{size_t(1) << 20};

// Largest file we read: a sysctl file is a few kilobytes; this only stops a link to /dev/zero.
constexpr size_t kMaxFileBytes = size_t(1) << 30;

Diagnostic file_error(const std::string& shown, const char* c, std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = c;
  d.where = Location{shown, 0, 0};
  d.message = std::move(message);
  return d;
}


size_t bytes_of(const PlannedFile& f) {
  if (f.text) return f.text->size();
  struct stat st;
  if (!f.error.empty() || f.masked || stat(f.real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  // A file over the cap is refused unread: it must not size any reservation (100 GB sparse).
  if (static_cast<uint64_t>(st.st_size) > kMaxFileBytes) return 0;
  return static_cast<size_t>(st.st_size);
}

// Asks for huge pages under [p, p + bytes): on a virtual machine a page fault costs microseconds,
// and a million lines touch tens of megabytes (bench/results-config.md). Only a hint.
void advise_huge(const void* p, size_t bytes) {
  if (bytes < (size_t(4) << 20)) return;
  const uintptr_t page = 4096;
  auto begin = (reinterpret_cast<uintptr_t>(p) + page - 1) & ~(page - 1);
  auto end = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(page - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// Room for `n` more elements, in one allocation backed by huge pages where the kernel allows.
template <typename T>
void reserve_more(std::vector<T>& v, size_t n) {
  if (v.capacity() >= v.size() + n) return;
  v.reserve(v.size() + n);
  advise_huge(v.data(), v.capacity() * sizeof(T));
}

// About one assignment per 32 bytes of text.
size_t lines_in(size_t bytes) { return bytes / 32 + 16; }

// Faults in the pages of [p, p + bytes) now, in one call, without changing what they hold:
// MADV_POPULATE_WRITE prefaults page tables writable as a write to each page would, but does not
// write (Linux 5.14, commit 4ca9b3859dac "mm/madvise: introduce MADV_POPULATE_(READ|WRITE) to
// prefault page tables"); on older kernels the call fails with EINVAL and the copy faults instead.
void populate(const void* p, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  const uintptr_t page = 4096;
  auto begin = reinterpret_cast<uintptr_t>(p) & ~(page - 1);
  auto end = (reinterpret_cast<uintptr_t>(p) + bytes + page - 1) & ~(page - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)p, (void)bytes;
#endif
}

// One thread's share of the load: the files [first, last), parsed into its own vectors, store and
// key cache (the first share writes straight into the set).
struct Share {
  size_t first = 0, last = 0, bytes = 0;
  std::vector<Assignment> own;
  std::vector<Assignment>* out = &own;
  TextStore own_store;
  TextStore* store = &own_store;
  std::vector<Diagnostic> diagnostics;
  KeyCache cache;
  std::vector<uint32_t> ids;  // each assignment's key id in `cache` (with kExclusionBit)
};

void parse_share(Loader loader, const std::vector<PlannedFile>& files, uint32_t first_index, Share& s) {
  reserve_more(*s.out, lines_in(s.bytes));
  reserve_more(s.ids, lines_in(s.bytes));
  std::string buffer, why;
  for (size_t i = s.first; i < s.last; ++i) {
    const PlannedFile& f = files[i];
    if (!f.error.empty()) {
      s.diagnostics.push_back(file_error(
          f.shown, code::kUnreadableFile,
          "cannot read (" + f.error + ")" +
              (loader == Loader::procps ? ": procps reports it and fails" : ": systemd-sysctl skips it") +
              "; a dangling link still hides same-named files in later folders"));
      continue;
    }
    if (f.masked) continue;
    if (f.text) {  // LoadOptions::extra: not on disk
      parse_text(*f.text, first_index + static_cast<uint32_t>(i), f.shown, loader, *s.out, s.diagnostics, *s.store,
                 &s.cache, &s.ids);
      continue;
    }
    bool is_folder = false;
    if (!read_whole_file(f.real, &buffer, &why, &is_folder)) {
      s.diagnostics.push_back(
          is_folder ? file_error(f.shown, code::kNotAFile,
                                 "a folder named like a sysctl file: the loader fails to read it, and it still hides "
                                 "same-named files in later folders")
                    : file_error(f.shown, code::kUnreadableFile, "cannot read: " + why));
      continue;
    }
    parse_text(buffer, first_index + static_cast<uint32_t>(i), f.shown, loader, *s.out, s.diagnostics, *s.store, &s.cache,
               &s.ids);
  }
}

// Contiguous shares of about equal bytes, as many as there are cores (and bytes to justify them).
std::vector<Share> split(const std::vector<PlannedFile>& files) {
  std::vector<size_t> bytes(files.size());
  size_t total = 0;
  for (size_t i = 0; i < files.size(); ++i) total += bytes[i] = bytes_of(files[i]);
  const unsigned forced = g_max_threads.load();
  size_t n = forced ? forced : std::min(4u, usable_cores());
  n = std::max<size_t>(1, std::min({n, files.size(), total / std::max<size_t>(1, g_min_bytes_per_thread.load())}));
  std::vector<Share> shares(n);
  size_t i = 0, done = 0;
  for (size_t k = 0; k < n; ++k) {
    Share& s = shares[k];
    s.first = i;
    const size_t goal = total * (k + 1) / n;
    while (i < files.size() && (k + 1 == n || done + bytes[i] / 2 < goal)) {
      done += bytes[i];
      s.bytes += bytes[i++];
    }
    s.last = i;
  }
  return shares;
}

}  // namespace

bool read_whole_file(const fs::path& real, std::string* text, std::string* why, bool* is_folder) {
  *is_folder = false;
  // O_NONBLOCK: a FIFO named *.conf must not hang the reader (or apply before it takes its lock);
  // the type and size are checked before a byte is read (sa::read_regular_fd).
  int fd = ::open(real.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *why = std::strerror(errno);
    return false;
  }
  ReadResult r = read_regular_fd(fd, kMaxFileBytes, *text);
  ::close(fd);
  if (r.ok) return true;
  *is_folder = r.is_folder;
  *why = r.why + (r.not_regular ? " (the loaders read regular files only)" : "");
  return false;
}

void set_load_threads_for_testing(unsigned max_threads, size_t min_bytes_per_thread) {
  g_max_threads = max_threads;
  g_min_bytes_per_thread = min_bytes_per_thread;
}

void load_into(ConfigSet& set, const std::vector<PlannedFile>& files) {
  const auto first_index = static_cast<uint32_t>(set.files.size());
  for (const PlannedFile& f : files) {
    set.files.push_back(f.shown);
    if (f.error.empty() && f.masked) set.masks.push_back(f.shown);
  }

  std::vector<Share> shares = split(files);
  shares[0].out = &set.assignments;
  shares[0].store = set.text.get();
  // The first share writes straight into the set, with room for every share's lines.
  size_t total = 0;
  for (const Share& s : shares) total += s.bytes;
  reserve_more(set.assignments, lines_in(total));
  reserve_more(shares[0].ids, lines_in(total));
  const Assignment* const base = set.assignments.data();
  const size_t capacity = set.assignments.capacity();

  parallel_for(shares.size(), static_cast<unsigned>(shares.size()), [&](size_t k, unsigned) {
    Share& s = shares[k];
    parse_share(set.loader, files, first_index, s);
    if (k == 0) return;
    // Where this share's assignments will be copied, by the density of its own lines: fault those
    // pages in now, while the first share may still parse, not in the copy after the join. It
    // never changes what the pages hold, so a wrong guess costs only time.
    size_t before = 0;
    for (size_t j = 0; j < k; ++j) before += shares[j].bytes;
    const double per_byte = s.bytes ? double(s.own.size()) / double(s.bytes) : 0;
    const auto from = std::min(capacity, size_t(double(before) * per_byte * 0.95));
    const auto to = std::min(capacity, size_t(double(before + s.bytes) * per_byte * 1.05) + 1);
    if (to > from) populate(base + from, (to - from) * sizeof(Assignment));
  });

  // Join the shares in load order. Each later share's key ids become the first share's: the
  // same key text gets the same id, as if one cache had seen every line.
  Share& head = shares[0];
  set.diagnostics.insert(set.diagnostics.end(), std::make_move_iterator(head.diagnostics.begin()),
                         std::make_move_iterator(head.diagnostics.end()));
  for (size_t k = 1; k < shares.size(); ++k) {
    Share& s = shares[k];
    std::vector<uint32_t> to_head(s.cache.key_count());
    for (uint32_t id = 0; id < to_head.size(); ++id) to_head[id] = head.cache.intern_key(s.cache.key_text(id));
    for (uint32_t id : s.ids) head.ids.push_back(to_head[id & ~kExclusionBit] | (id & kExclusionBit));
    set.assignments.insert(set.assignments.end(), s.own.begin(), s.own.end());
    set.text->adopt(std::move(s.own_store));
    set.diagnostics.insert(set.diagnostics.end(), std::make_move_iterator(s.diagnostics.begin()),
                           std::make_move_iterator(s.diagnostics.end()));
  }

  compute_effective_with_ids(set, head.ids, head.cache.key_count());
}

}  // namespace sa::config
