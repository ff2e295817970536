#include "advisor/engine/reflow.h"

#include <cctype>
#include <sstream>
#include <vector>

namespace sa::engine {
namespace {

bool starts_item(const std::string& l) {
  if (l.rfind("- ", 0) == 0 || l.rfind("* ", 0) == 0) return true;
  size_t i = 0;
  while (i < l.size() && std::isdigit(static_cast<unsigned char>(l[i]))) ++i;
  return i > 0 && i + 1 < l.size() && (l[i] == '.' || l[i] == ')') && l[i + 1] == ' ';
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

std::string reflow(const std::string& text) {
  std::istringstream in(text);
  std::string raw, out;
  bool blank_pending = false;
  while (std::getline(in, raw)) {
    std::string l = trim(raw);
    if (l.empty()) {
      blank_pending = !out.empty();
      continue;
    }
    if (out.empty()) out = l;
    else if (blank_pending) out += "\n\n" + l;
    else if (starts_item(l)) out += "\n" + l;
    else out += " " + l;
    blank_pending = false;
  }
  return out;
}

}  // namespace sa::engine
