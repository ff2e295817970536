// Hostile or mangled input never crashes the loader: each mutation of a valid rule file either
// loads or yields diagnostics with a position inside the file.
#include <doctest/doctest.h>

#include <random>

#include "advisor/engine/expr_parser.h"
#include "knowledge_fixture.h"

using namespace sa::engine;

namespace {
const char* kValid = R"TOML([[rule]]
id = "tw-reuse-connecting"
title = "Reuse TIME_WAIT ports"
profiles = ["proxy"]
severity = "warning"
priority = 60
condition = '''
  profile.opens_upstream_connections and sysctl("net.ipv4.tcp_tw_reuse") != 1
  and top_peer_share("time-wait") > 0.25 and kernel >= "4.12"
'''
set = { key = "net.ipv4.tcp_tw_reuse", value = 1 }
message = "x {configured(\"net.ipv4.tcp_fin_timeout\")} y"
reason = '''
{top_peer_count("time-wait")} TIME_WAIT sockets towards {top_peer("time-wait")} ({percent(top_peer_share("time-wait"))}).
'''
)TOML";
}

TEST_CASE("mutated rule files load or fail with positions inside the file, never crash") {
  REQUIRE(fixture::rules(kValid).ok());
  std::mt19937 rng(42);
  const std::string alphabet = "\"'{}()[]=,.\\\n -_abc019#";
  size_t lines = 0;
  for (char c : std::string(kValid)) lines += c == '\n';
  for (int i = 0; i < 3000; ++i) {
    std::string text = kValid;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(at, 1 + rng() % 3); break;
        case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: text[at] = alphabet[rng() % alphabet.size()]; break;
      }
    }
    auto r = fixture::rules(text);
    for (const auto& d : r.diagnostics) {
      CAPTURE(text);
      CAPTURE(d.message);
      CHECK(d.where.line >= 1);
      CHECK(d.where.line <= static_cast<int>(lines + 8));
    }
    if (!r.ok()) CHECK(r.value.rules.empty());
  }
}

TEST_CASE("pathological expressions are refused quickly") {
  CHECK(parse_expression(std::string(100000, '(')).errors.size() == 1);
  CHECK(parse_expression(std::string(100000, '-') + "1").errors.size() == 1);
  std::string wide = "1";
  for (int i = 0; i < 1000; ++i) wide += " + 1";
  CHECK(parse_expression(wide).errors.empty());  // long but flat: fine
  wide += " + 1";
  auto too_long = parse_expression(wide);
  REQUIRE(too_long.errors.size() == 1);
  CHECK(too_long.errors[0].message == "expression has more than 1000 operators");
  CHECK(parse_template(std::string(5000, '{')).errors.empty());  // 2,500 literal braces
  CHECK(parse_template(std::string(5001, '{')).errors.size() == 1);
}
