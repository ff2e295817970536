#include "advisor/config/config_set.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "advisor/config/effective.h"
#include "advisor/config/file_discovery.h"
#include "advisor/config/key_cache.h"
#include "advisor/config/line_parser.h"
#include "advisor/core/sysctl_key.h"

namespace fs = std::filesystem;

namespace sa::config {

std::string_view to_string(Loader l) { return l == Loader::systemd ? "systemd" : "procps"; }

std::optional<Loader> parse_loader(std::string_view text) {
  if (text == "systemd" || text == "systemd-sysctl") return Loader::systemd;
  if (text == "procps" || text == "sysctl") return Loader::procps;
  return std::nullopt;
}

namespace {

const char* const kSystemdMarkers[] = {"/run/systemd/system", "/lib/systemd/systemd-sysctl",
                                       "/usr/lib/systemd/systemd-sysctl"};

std::string marker_found(const fs::path& root) {
  for (const char* m : kSystemdMarkers) {
    bool dev_null = false;
    std::string err;
    fs::path p = resolve_in_root(root, m, &dev_null, &err);
    std::error_code ec;
    if (!p.empty() && fs::exists(p, ec)) return m;
  }
  return {};
}

// Largest file we read: a sysctl file is a few kilobytes; this only stops a link to /dev/zero.
constexpr size_t kMaxFileBytes = size_t(1) << 30;

Diagnostic file_error(const std::string& shown, const char* c, std::string message, Severity s = Severity::error) {
  Diagnostic d;
  d.severity = s;
  d.code = c;
  d.where = Location{shown, 0, 0};
  d.message = std::move(message);
  return d;
}

// Reads the whole file in one buffer. Returns false and fills *why on failure.
bool read_whole(const fs::path& real, std::string* text, std::string* why, bool* is_folder) {
  *is_folder = false;
  int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *why = std::strerror(errno);
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    *is_folder = true;
    return false;
  }
  size_t want = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ? static_cast<size_t>(st.st_size) : 0;
  text->clear();
  text->resize(want + 1);  // one byte more to see EOF in the same read
  size_t got = 0;
  while (true) {
    if (got == text->size()) {
      if (text->size() >= kMaxFileBytes) {
        ::close(fd);
        *why = "larger than 1 GiB: not a sysctl file";
        return false;
      }
      text->resize(std::max<size_t>(text->size() * 2, 65536));
    }
    ssize_t n = ::read(fd, text->data() + got, text->size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      *why = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  text->resize(got);
  return true;
}

// What one load shares across its files: the read buffer, the key cache and each line's key id.
struct LoadState {
  explicit LoadState(size_t expected_lines) : cache(expected_lines) { ids.reserve(expected_lines); }
  std::string buffer;
  KeyCache cache;
  std::vector<uint32_t> ids;
};

void read_into(ConfigSet& set, const std::string& shown, const fs::path& real, LoadState& st) {
  std::string& buffer = st.buffer;
  std::string why;
  bool is_folder = false;
  auto index = static_cast<uint32_t>(set.files.size());
  set.files.push_back(shown);
  if (!read_whole(real, &buffer, &why, &is_folder)) {
    if (is_folder)
      set.diagnostics.push_back(file_error(shown, code::kNotAFile,
                                           "a folder named like a sysctl file: the loader fails to read it, and it still hides "
                                           "same-named files in later folders"));
    else
      set.diagnostics.push_back(file_error(shown, code::kUnreadableFile, "cannot read: " + why));
    return;
  }
  parse_text(buffer, index, shown, set.loader, set.assignments, set.diagnostics, *set.text, &st.cache, &st.ids);
}

// One allocation for all assignments, sized from the bytes to read (about one per 32 bytes), and
// backed by huge pages where the kernel allows: a million lines otherwise cost tens of
// thousands of page faults and several moves of the whole vector.
void reserve_for(ConfigSet& set, size_t total_bytes) {
  size_t n = total_bytes / 32 + 16;
  set.assignments.reserve(n);
  const size_t bytes = n * sizeof(Assignment);
  if (bytes < (size_t(4) << 20)) return;
  const uintptr_t page = 4096;
  auto begin = (reinterpret_cast<uintptr_t>(set.assignments.data()) + page - 1) & ~(page - 1);
  auto end = (reinterpret_cast<uintptr_t>(set.assignments.data()) + bytes) & ~(page - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

size_t bytes_of(const fs::path& p) {
  struct stat st;
  return (stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ? static_cast<size_t>(st.st_size) : 0;
}

}  // namespace

Loader default_loader(const fs::path& root) { return marker_found(root).empty() ? Loader::procps : Loader::systemd; }

std::string default_loader_reason(const fs::path& root) {
  std::string m = marker_found(root);
  if (!m.empty()) return m + " exists";
  return "no systemd found (/run/systemd/system, systemd-sysctl)";
}

const EffectiveKey* ConfigSet::find(std::string_view key) const {
  auto it = std::lower_bound(keys.begin(), keys.end(), key, [](const EffectiveKey& k, std::string_view v) { return k.key < v; });
  return it != keys.end() && it->key == key ? &*it : nullptr;
}

ConfigSet load_system(const LoadOptions& options) {
  ConfigSet set;
  set.loader = options.loader;
  set.root = options.root.empty() ? "/" : options.root.string();
  Discovery d = discover(options.root, options.loader);
  set.hidden = std::move(d.hidden);
  set.diagnostics = std::move(d.diagnostics);
  size_t total = 0;
  for (const PlannedFile& f : d.files)
    if (f.error.empty() && !f.masked) total += bytes_of(f.real);
  reserve_for(set, total);
  LoadState st(0);
  for (const PlannedFile& f : d.files) {
    if (!f.error.empty()) {
      set.files.push_back(f.shown);
      set.diagnostics.push_back(file_error(
          f.shown, code::kUnreadableFile,
          "cannot read (" + f.error + ")" +
              (options.loader == Loader::procps ? ": procps reports it and fails" : ": systemd-sysctl skips it") +
              "; a dangling link still hides same-named files in later folders"));
      continue;
    }
    if (f.masked) {
      set.files.push_back(f.shown);
      set.masks.push_back(f.shown);
      continue;
    }
    read_into(set, f.shown, f.real, st);
  }
  compute_effective_with_ids(set, st.ids, st.cache.key_count());
  return set;
}

ConfigSet load_files(const std::vector<fs::path>& files, Loader loader) {
  ConfigSet set;
  set.loader = loader;
  size_t total = 0;
  for (const auto& p : files) total += bytes_of(p);
  reserve_for(set, total);
  LoadState st(0);
  for (const auto& p : files) read_into(set, printable(p.string()), p, st);
  compute_effective_with_ids(set, st.ids, st.cache.key_count());
  return set;
}

}  // namespace sa::config
