// Whether a file or folder read as root may be trusted, checked the way sudo and ssh check theirs
// (sshd's secure_filename(), sudoers' sudo_secure_file()): the object and every folder above it
// must belong to root or to the invoking user, and nobody else may be able to write it or replace
// it: a folder writable by others is acceptable only with the sticky bit (like /tmp), and then the
// entries in it must be ours. A symlink on the way counts as an entry of its folder.
//
// Used for what decides what apply writes or what check reports: a plan file, the rules and
// profiles folders, the mapping file. `--insecure` lets the caller go on, saying so.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace sa::config {

// Why `path` must not be trusted, naming the culprit and the owner or mode ("/tmp/p.json is
// writable by everyone (mode 0666)"), or "" when it may be. A folder is checked with every file
// directly in it when `with_entries`.
std::string why_untrusted(const std::filesystem::path& path, bool with_entries = false);

// Reads a whole file after checking it, through the descriptor that was checked, so the file
// cannot be swapped between the check and the read. nullopt with *error set when it cannot be read
// or (unless `insecure`) is not trusted; *warning is set when `insecure` let an untrusted file through.
std::optional<std::string> read_trusted_file(const std::filesystem::path& path, bool insecure, std::string* error,
                                             std::string* warning);

}  // namespace sa::config
