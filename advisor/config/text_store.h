// The text an Assignment's key and value point into. A million lines cannot each own two heap
// strings (bench/results-config.md): keys are kept once per distinct key, values are copied into
// large chunks, and every Assignment holds views. A ConfigSet shares its store with its copies
// (std::shared_ptr), so the views stay valid for as long as any copy lives.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sa::config {

// What Assignment::key and ::value are: a std::string_view (no copy, no allocation per line) that
// still converts to std::string where one is needed (a `const std::string&` parameter, a
// std::string member, `"text" + a.key`), so code written against std::string keeps working.
// It never owns its text: assign it only from a TextStore, literals, or text that outlives it.
// Assigning a std::string does not compile on purpose (it would dangle); use ConfigSet::keep().
class TextView : public std::string_view {
 public:
  constexpr TextView() noexcept = default;
  constexpr TextView(std::string_view s) noexcept : std::string_view(s) {}
  constexpr TextView(const char* s) : std::string_view(s) {}
  constexpr TextView(const char* s, size_t n) : std::string_view(s, n) {}
  operator std::string() const { return std::string(data(), size()); }
  constexpr TextView substr(size_t pos = 0, size_t n = npos) const { return std::string_view::substr(pos, n); }
};

// Concatenation as with std::string. One overload per operand type, so "text" + view and
// view + std::string pick exactly one.
inline std::string concat(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + b.size());
  s.append(a).append(b);
  return s;
}
inline std::string operator+(const TextView& a, const TextView& b) { return concat(a, b); }
inline std::string operator+(const TextView& a, const char* b) { return concat(a, b); }
inline std::string operator+(const char* a, const TextView& b) { return concat(a, b); }
inline std::string operator+(const TextView& a, const std::string& b) { return concat(a, b); }
inline std::string operator+(const std::string& a, const TextView& b) { return concat(a, b); }
inline std::string operator+(const TextView& a, char c) { return std::string(a) + c; }
inline std::string operator+(char c, const TextView& a) { return c + std::string(a); }

class TextStore {
 public:
  TextStore() = default;
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  // A stable copy of `text`, valid for the life of the store.
  std::string_view keep(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > static_cast<size_t>(end_ - next_)) grow(text.size());
    char* at = next_;
    std::memcpy(at, text.data(), text.size());
    next_ += text.size();
    return {at, text.size()};
  }
  size_t bytes() const { return bytes_; }

  // For text parsed without a ConfigSet (parse_text without a store): kept until the process ends.
  static TextStore& process_wide();

 private:
  void grow(size_t need);
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  size_t bytes_ = 0;
};

}  // namespace sa::config
