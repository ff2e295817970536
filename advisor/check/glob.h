// Path globs of the mapping file, matched against '/'-separated paths relative to the repository:
// `*` and `?` stay inside one path segment, `[abc]`/`[!a-z]` are classes, and a `**` segment matches
// any number of segments (zero included). Pure.
#pragma once

#include <string_view>

namespace sa::check {

bool glob_match(std::string_view pattern, std::string_view path);

// True when the pattern has no glob characters (a plain path).
bool is_literal(std::string_view pattern);

}  // namespace sa::check
