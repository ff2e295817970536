#include "advisor/engine/value.h"

#include <cmath>
#include <cstdio>

#include "advisor/core/sysctl_key.h"
#include "advisor/core/text.h"

namespace sa::engine {

Value Value::from_sysctl(const std::string& raw) {
  // A number as the kernel reads one ("010" is 8); one it would refuse, or one past 64 bits, stays
  // text and is shown as written, never clamped to another number.
  std::string text = fold_whitespace(raw);
  if (auto n = kernel_integer(text)) return number(static_cast<double>(*n));
  return string(text);
}

static bool is_integral(double x) { return std::isfinite(x) && std::floor(x) == x && std::fabs(x) < 9.2e18; }

static std::string decimals(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string render(const Value& v) {
  switch (v.kind) {
    case Value::Kind::unknown: return v.s.empty() ? "unknown" : v.s;
    case Value::Kind::boolean: return v.b ? "true" : "false";
    case Value::Kind::number: return is_integral(v.n) ? thousands(static_cast<int64_t>(v.n)) : decimals(v.n);
    case Value::Kind::string:
    case Value::Kind::version: return v.s;
  }
  return "";
}

std::string plain(const Value& v) {
  if (v.kind == Value::Kind::number) return is_integral(v.n) ? std::to_string(static_cast<int64_t>(v.n)) : decimals(v.n);
  if (v.kind == Value::Kind::boolean) return v.b ? "1" : "0";
  return v.kind == Value::Kind::unknown ? "" : v.s;
}

std::optional<double> as_number(const Value& v) {
  if (v.kind == Value::Kind::number) return v.n;
  if (v.kind == Value::Kind::boolean) return v.b ? 1.0 : 0.0;
  if (v.kind == Value::Kind::string) {
    Value parsed = Value::from_sysctl(v.s);
    if (parsed.kind == Value::Kind::number) return parsed.n;
  }
  return std::nullopt;
}

}  // namespace sa::engine
