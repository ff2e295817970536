// Putting a file back exactly as a journal recorded it: its bytes and mode, or its absence.
#pragma once

#include <string>

#include "advisor/apply/journal.h"
#include "advisor/apply/safe_fs.h"

namespace sa::apply {

FsResult put_file_state(int dirfd, const std::string& name, const FileState& state, const std::string& shown);

FileState to_file_state(const FileRead& read);

// Same bytes (and both present), or both absent.
bool same_file(const FileState& a, const FileState& b);

}  // namespace sa::apply
