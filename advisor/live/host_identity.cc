#include "advisor/live/host_identity.h"

#include <unistd.h>

#include <fstream>
#include <string>

#include "advisor/core/sysctl_key.h"

namespace sa::live {

namespace {

// The first line, trimmed; empty when unreadable. Capped: these files hold one short line.
std::string first_line(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string line;
  if (!in || !std::getline(in, line)) return {};
  if (line.size() > 256) line.resize(256);
  return fold_whitespace(line);
}

}  // namespace

HostIdentity read_host_identity(const std::filesystem::path& root) {
  HostIdentity id;
  id.hostname = first_line(under_root(root, "/proc/sys/kernel/hostname"));
  id.boot_id = first_line(under_root(root, "/proc/sys/kernel/random/boot_id"));
  id.kernel = first_line(under_root(root, "/proc/sys/kernel/osrelease"));
  // The namespace file is a magic symlink whose target names the namespace and its inode; a
  // --root tree stands for it with an ordinary symlink to the same text.
  std::string ns = under_root(root, "/proc/self/ns/net").string();
  char buf[128];
  ssize_t n = ::readlink(ns.c_str(), buf, sizeof buf - 1);
  if (n > 0) id.netns.assign(buf, static_cast<size_t>(n));
  return id;
}

}  // namespace sa::live
