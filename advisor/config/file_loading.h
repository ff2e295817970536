// Reading the files of one load and parsing them into a ConfigSet, on as many cores as the bytes
// justify. A million lines parse in two halves at once, each half with its own key cache and text
// store; the halves are then joined in load order, so the result is exactly what one thread would
// build (bench/results-config.md has the numbers).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "advisor/config/config_set.h"
#include "advisor/config/file_discovery.h"

namespace sa::config {

// Appends `files` (in load order) to set.files and set.masks, their assignments and diagnostics to
// set.assignments and set.diagnostics, then computes set.keys. A file that cannot be read is a
// diagnostic; the others still count. set.loader must be set.
void load_into(ConfigSet& set, const std::vector<PlannedFile>& files);

// The whole of one file into `text` (a buffer the caller may reuse), in as few reads as its size
// allows; a file that grows or reports size 0 (/proc) is read to its end. Returns false with *why
// set when it cannot be read, and with *is_folder set when it is a folder. Refuses over 1 GiB.
// check reads the files of a repository through this too (suppression comments).
bool read_whole_file(const std::filesystem::path& real, std::string* text, std::string* why, bool* is_folder);

// Only for tests: how many threads load_into uses at most (0, the default: the cores, at most 4;
// another number is used as given, even on fewer cores), and the fewest bytes a thread must have
// to be started at all (default 1 MiB).
void set_load_threads_for_testing(unsigned max_threads, size_t min_bytes_per_thread);

}  // namespace sa::config
