// The text an Assignment's key and value point into. A million lines cannot each own two heap
// strings (bench/results-config.md): keys are kept once per distinct key, values are copied into
// large chunks, and every Assignment holds views. A ConfigSet shares its store with its copies
// (std::shared_ptr), so the views stay valid for as long as any copy lives.
#pragma once

#include <cstddef>
#include <cstring>
#include <cstdint>
#include <memory>
#include <ostream>
#include <type_traits>
#include <string>
#include <string_view>
#include <vector>

namespace sa::config {

// What Assignment::key and ::value are: a view of text it does not own (no copy, no allocation per
// line) that reads like std::string_view and converts to std::string where one is needed (a
// `const std::string&` parameter, a std::string member, `"text" + a.key`), so code written against
// std::string keeps working. Assign it only from a TextStore, literals, or text that outlives it;
// assigning a std::string does not compile on purpose (it would dangle); use ConfigSet::keep().
//
// It is 8 bytes, not a string_view's 16: the length rides in the top 16 bits of the pointer, which
// user-space addresses leave zero: x86-64 hands out addresses above 47 bits only to an mmap() hint
// above them, even with 5-level paging (Documentation/arch/x86/x86_64/5level-paging.rst), and arm64
// likewise keeps to 48 bits without such a hint (Documentation/arch/arm64/memory.rst). A pointer
// that does not fit (tagged pointers, say) takes the record path below, and fails loudly there.
// Why: a million Assignments hold two views each, and on this kind of machine touching fresh
// memory is the largest cost of `config` (48 -> 24 bytes per Assignment; bench/results-config.md).
// Text of 64 KiB or more (never a sysctl line, which the parser caps at 4 KiB) is reached through a
// small record kept for the life of the process.
class TextView {
 public:
  static constexpr size_t npos = std::string_view::npos;
  using const_iterator = std::string_view::const_iterator;
  using iterator = const_iterator;
  using value_type = char;

  constexpr TextView() noexcept = default;
  TextView(std::string_view s) : bits_(pack(s)) {}
  TextView(const char* s) : TextView(std::string_view(s)) {}
  TextView(const char* s, size_t n) : TextView(std::string_view(s, n)) {}
  TextView(const std::string&&) = delete;  // would dangle

  operator std::string_view() const noexcept { return view(); }
  operator std::string() const { return std::string(view()); }
  std::string_view view() const noexcept {
    if ((bits_ >> kShift) != kLong) return {reinterpret_cast<const char*>(bits_ & kPointer), bits_ >> kShift};
    return *reinterpret_cast<const std::string_view*>(bits_ & kPointer);
  }

  const char* data() const noexcept { return view().data(); }
  size_t size() const noexcept { return view().size(); }
  size_t length() const noexcept { return size(); }
  bool empty() const noexcept { return bits_ >> kShift == 0; }
  const_iterator begin() const noexcept { return view().begin(); }
  const_iterator end() const noexcept { return view().end(); }
  char operator[](size_t i) const noexcept { return view()[i]; }
  char front() const noexcept { return view().front(); }
  char back() const noexcept { return view().back(); }
  TextView substr(size_t pos = 0, size_t n = npos) const { return view().substr(pos, n); }
  size_t find(std::string_view s, size_t pos = 0) const noexcept { return view().find(s, pos); }
  size_t find(char c, size_t pos = 0) const noexcept { return view().find(c, pos); }
  size_t rfind(char c, size_t pos = npos) const noexcept { return view().rfind(c, pos); }
  size_t find_first_of(std::string_view s, size_t pos = 0) const noexcept { return view().find_first_of(s, pos); }
  size_t find_first_not_of(std::string_view s, size_t pos = 0) const noexcept { return view().find_first_not_of(s, pos); }
  int compare(std::string_view s) const noexcept { return view().compare(s); }

  friend bool operator==(const TextView& a, const TextView& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const TextView& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(std::string_view a, const TextView& b) noexcept { return a == b.view(); }
  friend bool operator==(const TextView& a, const char* b) noexcept { return a.view() == b; }
  friend bool operator==(const char* a, const TextView& b) noexcept { return a == b.view(); }
  friend bool operator==(const TextView& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const std::string& a, const TextView& b) noexcept { return a == b.view(); }
  template <typename T>
  friend bool operator!=(const TextView& a, const T& b) noexcept { return !(a == b); }
  template <typename T, typename = std::enable_if_t<!std::is_same_v<T, TextView>>>
  friend bool operator!=(const T& a, const TextView& b) noexcept { return !(b == a); }
  friend bool operator<(const TextView& a, const TextView& b) noexcept { return a.view() < b.view(); }
  friend bool operator<(const TextView& a, std::string_view b) noexcept { return a.view() < b; }
  friend bool operator<(std::string_view a, const TextView& b) noexcept { return a < b.view(); }
  friend bool operator<(const TextView& a, const std::string& b) noexcept { return a.view() < b; }
  friend bool operator<(const std::string& a, const TextView& b) noexcept { return std::string_view(a) < b.view(); }
  friend bool operator>(const TextView& a, const TextView& b) noexcept { return b < a; }
  friend std::ostream& operator<<(std::ostream& os, const TextView& v) { return os << v.view(); }

 private:
  static constexpr unsigned kShift = 48;
  static constexpr uint64_t kPointer = (uint64_t(1) << kShift) - 1;
  static constexpr uint64_t kLong = 0xffff;  // length field of a view reached through a record
  static uint64_t pack(std::string_view s) {
    auto p = reinterpret_cast<uint64_t>(s.data());
    if (s.size() < kLong && (p >> kShift) == 0) return s.empty() ? 0 : (uint64_t(s.size()) << kShift) | p;
    return pack_long(s);
  }
  static uint64_t pack_long(std::string_view s);  // text_store.cc
  uint64_t bits_ = 0;
};
static_assert(sizeof(TextView) == 8, "TextView packs its length into the pointer");

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
inline std::string operator+(const TextView& a, char c) { return std::string(a.view()) + c; }
inline std::string operator+(char c, const TextView& a) { return c + std::string(a.view()); }

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
    if (text.size() <= 8) {
      for (size_t i = 0; i < text.size(); ++i) at[i] = text[i];  // most values: "1", "4096"; no call
    } else {
      std::memcpy(at, text.data(), text.size());
    }
    next_ += text.size();
    return {at, text.size()};
  }
  size_t bytes() const { return bytes_; }
  // Takes over the text of `other` (which is left empty): views into it stay valid, now owned
  // here. How the stores of parallel parses end in the one store of the set (load_parts.cc).
  void adopt(TextStore&& other) {
    for (auto& c : other.chunks_) chunks_.push_back(std::move(c));
    bytes_ += other.bytes_;
    other.chunks_.clear();
    other.next_ = other.end_ = nullptr;
    other.bytes_ = 0;
  }

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
