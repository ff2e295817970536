// The shared vocabulary in advisor/core: one definition each of value equality, thousands
// separators, edit distance and UTF-8 validity, used by plan, apply, check, config and report.
#include <doctest/doctest.h>

#include "advisor/core/sysctl_key.h"
#include "advisor/core/text.h"

using namespace sa;

// Before, engine/evaluator.cc and apply/live_values.cc each had a same_value: the engine folded
// whitespace and compared only single numbers, so the two disagreed on multi-number values. Numbers
// are read as the kernel reads a write (kernel_integer, proc_get_long(): base 0). Written in
// `unshare -n` on 6.18: "010" to tcp_fin_timeout reads back 8, "0x10" 16, "+1" and "32768 060999"
// (ip_local_port_range) are refused. This test said "010" == "10", "+1" == "1" and
// "32768 060999" == "32768 60999" until 2026-12-08: the kernel says otherwise.
TEST_CASE("same_value: word by word, integers as the kernel reads them; one answer for plan and apply") {
  struct Case {
    const char* a;
    const char* b;
    bool same;
  };
  const Case cases[] = {
      {"32768\t60999", "32768 60999", true}, {"010", "8", true},          {" 1 ", "1", true},
      {"010", "10", false},                  {"0x10", "16", true},        {"32768 0xEE47", "32768 60999", true},
      {"32768 060999", "32768 60999", false}, {"+1", "1", false},          {"-1", "-1", true},
      {"99999999999999999999", "9223372036854775807", false},
      {"65535", "99999", false},             {"1024 65000", "1025", false}, {"cubic", "reno", false},
      // An integer key stores its numbers and ignores the rest of the write: both loaders apply
      // "tcp_fin_timeout = 37 # note" as 37, and "31 40" sets 31 (unshare -n -m, 6.18). Before,
      // drift called the live 37 "lost at reboot" against that line.
      {"37 # note", "37", true},             {"30000 40000 ; x", "30000\t40000", true},
      {"1024 65000", "1024", true},          {"37 # note", "38", false},  {"cubic # x", "cubic", false},
      {"30000 # x", "30000 40000", false},   {"", "1", false},
      {"4096 87380 6291456", "4096  87380\t6291456", true}, {"1.0", "1", false}, {"", "", true},
      {"", "0", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.a);
    CAPTURE(c.b);
    CHECK(same_value(c.a, c.b) == c.same);
    CHECK(same_value(c.b, c.a) == c.same);
  }
}

TEST_CASE("kernel_integer: proc_get_long's reading of one word") {
  CHECK(kernel_integer("60") == std::optional<int64_t>(60));
  CHECK(kernel_integer("-1") == std::optional<int64_t>(-1));
  CHECK(kernel_integer("010") == std::optional<int64_t>(8));
  CHECK(kernel_integer("0x1E") == std::optional<int64_t>(30));
  CHECK(kernel_integer("0") == std::optional<int64_t>(0));
  CHECK(kernel_integer("-9223372036854775808") == std::optional<int64_t>(INT64_MIN));
  for (const char* refused : {"+1", "08", "060999", "0x", "1e3", "", "-", " 1", "99999999999999999999",
                              "9223372036854775808"}) {
    CAPTURE(refused);
    CHECK_FALSE(kernel_integer(refused));
  }
}

TEST_CASE("thousands separators") {
  CHECK(thousands(0) == "0");
  CHECK(thousands(999) == "999");
  CHECK(thousands(1000) == "1,000");
  CHECK(thousands(34211) == "34,211");
  CHECK(thousands(-1234567) == "-1,234,567");
  CHECK(thousands(INT64_MIN) == "-9,223,372,036,854,775,808");
}

TEST_CASE("edit distance, bounded or not, agrees") {
  const char* words[] = {"tcp_tw_reuse", "tcp_tw_reuce", "tcp_tw_ruese", "tcp_sack", "", "ab", "abc"};
  for (const char* a : words)
    for (const char* b : words) {
      size_t full = edit_distance(a, b);
      CHECK(edit_distance(a, b, 2) == (full <= 2 ? full : 3));
      CHECK(edit_distance(b, a) == full);
    }
  CHECK(edit_distance("tcp_tw_reuse", "tcp_tw_ruese") == 2);
  CHECK(edit_distance("tcp_tw_reuse", "tcp_sack", 2) == 3);
}

// The journal had its own looser check (overlong forms and surrogates passed, which the JSON
// writer refuses); the config reader's strict one is now the only one.
TEST_CASE("valid_utf8 is strict") {
  CHECK(valid_utf8("net.ipv4.tcp_tw_reuse = 1 # caf\xc3\xa9"));
  CHECK(valid_utf8("\xf0\x9f\x98\x80"));
  CHECK_FALSE(valid_utf8("\xc0\x80"));          // overlong NUL
  CHECK_FALSE(valid_utf8("\xe0\x80\xaf"));      // overlong '/'
  CHECK_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(valid_utf8("\xc3"));              // cut short
}

TEST_CASE("utf8_valid_prefix: where the first byte that is not UTF-8 is") {
  CHECK(utf8_valid_prefix("caf\xc3\xa9") == 5);
  CHECK(utf8_valid_prefix("K\xf6ln") == 1);            // Latin-1
  CHECK(utf8_valid_prefix("ab\xe2\x82") == 2);         // cut short at the end
  CHECK(utf8_valid_prefix("\xf0\x9f\x98\x80\xa1") == 4);  // a lone continuation byte after a valid one
  CHECK(utf8_valid_prefix("") == 0);
}
