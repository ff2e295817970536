// How to make values applied to a container's network namespace stick: the namespace lives as long
// as the container, and the host's sysctl.d never reaches it (docs/containers.md). One snippet per
// runtime, for the keys and values `apply --netns` wrote.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sa::report {

// keys: (dotted key, value) in plan order. Empty input gives an empty string.
std::string runtime_snippet(const std::vector<std::pair<std::string, std::string>>& keys);

}  // namespace sa::report
