#include "advisor/live/writer_processes.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "advisor/core/safe_open.h"
#include "advisor/core/text.h"

namespace sa::live {
namespace {

// /proc/PID/comm or cmdline through the project's one reader (core/safe_open.h); "" when the
// process ended meanwhile or cannot be read.
std::string read_proc_file(int dirfd, const std::string& path) {
  int fd = ::openat(dirfd, path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return "";
  std::string out;
  ReadResult r = read_regular_fd(fd, kMaxProcFileBytes, out);
  ::close(fd);
  return r.ok ? out : "";
}

}  // namespace

std::vector<SeenProcess> find_writer_processes(const std::filesystem::path& proc,
                                               const std::vector<ProcessWriter>& writers) {
  std::vector<SeenProcess> out;
  if (writers.empty()) return out;
  int proc_fd = ::open(proc.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc_fd < 0) return out;
  DIR* d = ::fdopendir(proc_fd);
  if (!d) {
    ::close(proc_fd);
    return out;
  }
  while (struct dirent* e = ::readdir(d)) {
    if (!all_digits(e->d_name)) continue;
    std::string comm = read_proc_file(proc_fd, std::string(e->d_name) + "/comm");
    while (!comm.empty() && (comm.back() == '\n' || comm.back() == '\0')) comm.pop_back();
    std::string cmdline = read_proc_file(proc_fd, std::string(e->d_name) + "/cmdline");
    std::vector<std::string> argv;
    size_t start = 0;
    while (start < cmdline.size()) {
      size_t nul = cmdline.find('\0', start);
      if (nul == std::string::npos) nul = cmdline.size();
      argv.push_back(cmdline.substr(start, nul - start));
      start = nul + 1;
    }
    std::string arg0 = argv.empty() ? "" : argv[0].substr(argv[0].rfind('/') == std::string::npos ? 0 : argv[0].rfind('/') + 1);
    for (const auto& w : writers) {
      bool match = std::any_of(w.names.begin(), w.names.end(),
                               [&](const std::string& n) { return n == comm || (!arg0.empty() && n == arg0); });
      if (!match) continue;
      out.push_back({std::atoi(e->d_name), w.id, argv});
      break;
    }
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const SeenProcess& a, const SeenProcess& b) { return a.pid < b.pid; });
  return out;
}

}  // namespace sa::live
