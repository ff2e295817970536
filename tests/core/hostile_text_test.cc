// Text from files on its way to a terminal (printable) and JSON from other hosts (parse_json):
// what a hostile file does to each.
#include <doctest/doctest.h>

#include <string>

#include "advisor/core/json_read.h"
#include "advisor/core/printable.h"

using namespace sa;

TEST_CASE("no byte a terminal obeys survives printable") {
  CHECK(printable("plain text, caf\xc3\xa9") == "plain text, caf\xc3\xa9");
  CHECK(printable("\x1b[8mhidden\x1b[0m") == "\\x1b[8mhidden\\x1b[0m");            // conceal
  CHECK(printable("a\x1b[1A\x1b[2Kb") == "a\\x1b[1A\\x1b[2Kb");                      // cursor up, erase line
  CHECK(printable("x\ry") == "x\\x0dy");
  CHECK(printable(std::string("x\0y", 3)) == "x\\x00y");
  CHECK(printable("x\x7fy") == "x\\x7fy");
  CHECK(printable("x\xc2\x9b" "31my") == "x\\xc2\\x9b31my");                          // C1 CSI
  CHECK(printable("\xe2\x80\xae" "evil") == "\\xe2\\x80\\xaeevil");                  // right-to-left override
  CHECK(printable("a\xff" "b") == "a\\xffb");                                          // not UTF-8
  CHECK(printable("a\tb") == "a\tb");
  CHECK(printable_line("a\tb\nc") == "a\\x09b\\x0ac");
  CHECK(printable_text("line one\nline two\x1b]0;title\x07") == "line one\nline two\\x1b]0;title\\x07");
}

TEST_CASE("JSON nested 200,000 deep is a located error, not a crash") {
  std::string deep = "{\"config\": " + std::string(200000, '[') + std::string(200000, ']') + "}";
  nlohmann::json j;
  JsonError e;
  CHECK_FALSE(parse_json(deep, j, e));
  CHECK(j.is_null());
  CHECK(e.line == 1);
  CHECK(e.col == 11 + static_cast<int>(kMaxJsonDepth));  // the first '[' too deep (the object is level 1)
  CHECK(e.message.find("nested deeper than 64 levels") != std::string::npos);
  std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  CHECK(parse_json(ok, j, e));
}

TEST_CASE("JSON errors: file position and our own words") {
  nlohmann::json j;
  JsonError e;
  CHECK_FALSE(parse_json("{\n  \"a\": 1e400\n}\n", j, e));
  CHECK(e.line == 2);
  CHECK(e.message == "number out of range: '1e400'");
  CHECK(e.where("plan.json") == "plan.json:2:" + std::to_string(e.col));
  CHECK_FALSE(parse_json("{\n  \"kernel\": oops\n}\n", j, e));
  CHECK(e.line == 2);
  CHECK(e.col == 13);
  CAPTURE(e.message);
  CHECK(e.message == "not valid JSON: unexpected 'o'");
  CHECK(e.message.find("json.exception") == std::string::npos);
  CHECK_FALSE(parse_json("", j, e));
  CHECK(e.message == "empty: no JSON document");
  CHECK_FALSE(parse_json("{\"a\": \"\x1b[8m", j, e));
  CHECK(e.message.find('\x1b') == std::string::npos);  // what it quotes is escaped too
}
