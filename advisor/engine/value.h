// A value of the rule language, with the third truth value: `unknown` carries what was missing,
// so a plan can say "not evaluated: needs --sample" instead of treating it as false.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "advisor/core/text.h"

namespace sa::engine {

struct Value {
  enum class Kind { unknown, boolean, number, string, version };
  Kind kind = Kind::unknown;
  bool b = false;
  double n = 0;
  std::string s;      // string, version (the kernel release); for unknown: how a sentence says it
  std::string needs;  // unknown only: "needs --sample", "needs the live host", ...

  static Value unknown(std::string needs) { Value v; v.needs = std::move(needs); return v; }
  // An unknown that a sentence can still state truthfully ("an unrecorded number of"): a rule's
  // message may quote it. A plain unknown in a message or reason makes the rule not evaluated
  // (render_template), so no plan sentence ever reads "unknown".
  static Value unknown_shown(std::string needs, std::string shown) {
    Value v = unknown(std::move(needs));
    v.s = std::move(shown);
    return v;
  }
  static Value boolean(bool x) { Value v; v.kind = Kind::boolean; v.b = x; return v; }
  static Value number(double x) { Value v; v.kind = Kind::number; v.n = x; return v; }
  static Value string(std::string x) { Value v; v.kind = Kind::string; v.s = std::move(x); return v; }
  static Value version(std::string x) { Value v; v.kind = Kind::version; v.s = std::move(x); return v; }
  // A sysctl value as the kernel prints it: one integer is a number, anything else a string.
  static Value from_sysctl(const std::string& text);

  bool is_unknown() const { return kind == Kind::unknown; }
  bool is_true() const { return kind == Kind::boolean && b; }
  bool is_false() const { return kind == Kind::boolean && !b; }
};

// For templates and messages: integers with thousands separators (31,207), other numbers with up
// to two decimals, booleans as true/false, unknown as its shown text, else "unknown".
std::string render(const Value& v);
// Integers as the kernel prints them (no separators): for values compared with sysctl text.
std::string plain(const Value& v);
using sa::thousands;  // advisor/core/text.h
// A number for arithmetic and ordering: numbers, booleans as 0/1, strings that hold one number.
std::optional<double> as_number(const Value& v);

}  // namespace sa::engine
