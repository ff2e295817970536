// Rule authors wrap reasons in the TOML file at the source's width, holes and all; the rendered
// text then breaks at odd places. Reflow joins the lines of each paragraph so renderers can wrap
// to their own width (a terminal, a markdown viewer, a JSON consumer).
#pragma once

#include <string>

namespace sa::engine {

// Lines of a paragraph joined by one space; blank lines stay paragraph breaks; a line starting a
// list item ("- ", "* ", "1. ") keeps its own line. Trims the ends.
std::string reflow(const std::string& text);

}  // namespace sa::engine
