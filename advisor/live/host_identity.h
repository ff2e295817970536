// Reads sa::HostIdentity under a root: the live host at "/", or a --root tree (its
// proc/sys/kernel/{hostname,osrelease,random/boot_id} files and its proc/self/ns/net symlink).
#pragma once

#include <filesystem>

#include "advisor/core/host_identity.h"

namespace sa::live {

HostIdentity read_host_identity(const std::filesystem::path& root);

}  // namespace sa::live
