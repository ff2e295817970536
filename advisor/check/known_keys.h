// Real sysctl names (see known_keys.cc for where they come from): a key that is one of them is
// never reported as a typo of a catalog key.
#pragma once

#include <cstddef>
#include <string_view>

namespace sa::check {

bool is_known_sysctl(std::string_view dotted_key);
size_t known_sysctl_count();

}  // namespace sa::check
