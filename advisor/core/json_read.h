// Reading a JSON document someone else may have written (a plan sent for review, a snapshot from
// another host, a journal entry after a crash): nesting is limited, so a document nested 200,000
// deep is an error, not a stack overflow; and every error says where (1-based line and column)
// and what, in this tool's words, never the JSON library's exception text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sa {

// Deeper than any document this tool writes (a snapshot's config is about 5 levels).
inline constexpr size_t kMaxJsonDepth = 64;

struct JsonError {
  int line = 0;    // 1-based
  int col = 0;     // 1-based
  std::string message;  // "not valid JSON: unexpected 'x'", "nested deeper than 64 levels", ...
  std::string where(const std::string& file) const;  // "file:line:col"
};

// Parses `text` into `out`. False with `err` filled on any error; `out` is then null.
bool parse_json(std::string_view text, nlohmann::json& out, JsonError& err, size_t max_depth = kMaxJsonDepth);

}  // namespace sa
