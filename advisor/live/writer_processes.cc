#include "advisor/live/writer_processes.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "advisor/core/text.h"

namespace sa::live {
namespace {

std::string read_small(int dirfd, const std::string& path, size_t cap) {
  int fd = ::openat(dirfd, path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::string out;
  char buf[4096];
  while (out.size() < cap) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (out.size() > cap) out.resize(cap);
  return out;
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
    std::string comm = read_small(proc_fd, std::string(e->d_name) + "/comm", 64);
    while (!comm.empty() && (comm.back() == '\n' || comm.back() == '\0')) comm.pop_back();
    std::string cmdline = read_small(proc_fd, std::string(e->d_name) + "/cmdline", 64 * 1024);
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
