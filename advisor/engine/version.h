// Kernel versions compared the way a reader means them: "6.18.44-fc" >= "4.12" >= "4.4".
#pragma once

#include <string_view>

namespace sa::engine {

// Compares the leading dotted numbers; missing components count as 0; text after them is ignored.
// Returns <0, 0 or >0.
int compare_versions(std::string_view a, std::string_view b);
// "4.12", "6.18.44-fc-v782": starts with a number and a dot-separated numeric prefix.
bool looks_like_version(std::string_view v);

}  // namespace sa::engine
