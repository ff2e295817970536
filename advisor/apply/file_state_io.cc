#include "advisor/apply/file_state_io.h"

namespace sa::apply {

FsResult put_file_state(int dirfd, const std::string& name, const FileState& state, const std::string& shown) {
  if (!state.exists) return remove_at(dirfd, name, shown);
  return atomic_write_at(dirfd, name, state.content, static_cast<mode_t>(state.mode), shown);
}

FileState to_file_state(const FileRead& read) {
  FileState s;
  s.exists = read.exists;
  s.content = read.content;
  s.mode = read.exists ? read.mode : 0644;
  return s;
}

bool same_file(const FileState& a, const FileState& b) {
  if (a.exists != b.exists) return false;
  return !a.exists || a.content == b.content;
}

}  // namespace sa::apply
