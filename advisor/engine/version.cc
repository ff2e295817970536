#include "advisor/engine/version.h"

#include <cctype>
#include <vector>

namespace sa::engine {
namespace {

std::vector<long> components(std::string_view v) {
  std::vector<long> out;
  size_t i = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
    long n = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) n = n * 10 + (v[i++] - '0');
    out.push_back(n);
    if (i + 1 < v.size() && v[i] == '.' && std::isdigit(static_cast<unsigned char>(v[i + 1]))) ++i;
    else break;
  }
  return out;
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  std::vector<long> x = components(a), y = components(b);
  size_t n = std::max(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    long p = i < x.size() ? x[i] : 0, q = i < y.size() ? y[i] : 0;
    if (p != q) return p < q ? -1 : 1;
  }
  return 0;
}

bool looks_like_version(std::string_view v) { return !v.empty() && std::isdigit(static_cast<unsigned char>(v[0])); }

}  // namespace sa::engine
