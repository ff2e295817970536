// Usable local ports, counted the way __inet_hash_connect() walks the range.
#include <doctest/doctest.h>

#include "advisor/live/port_range.h"

using namespace sa::live;

TEST_CASE("the default range: 32768..60999 is 28232 ports") {
  auto r = parse_port_range("32768\t60999");
  REQUIRE(r);
  CHECK(usable_local_ports(*r, {}) == 28232);
}

TEST_CASE("an odd-sized range loses its last port (remaining &= ~1)") {
  // 32768..61000 (before 4.2) is 28233 ports; the kernel walks 28232 of them.
  CHECK(usable_local_ports({32768, 61000}, {}) == 28232);
  CHECK(usable_local_ports({1024, 1024}, {}) == 1);  // remaining 1 is not rounded
  CHECK(usable_local_ports({1024, 1026}, {}) == 2);
}

TEST_CASE("reserved ports inside the range are skipped, overlaps counted once") {
  auto reserved = parse_reserved_ports("40000-40999,50000");
  REQUIRE(reserved);
  CHECK(usable_local_ports({32768, 60999}, *reserved) == 28232 - 1001);
  auto overlapping = parse_reserved_ports("40000-40999, 40500-41000,1-100,70");
  REQUIRE(overlapping);
  CHECK(usable_local_ports({32768, 60999}, *overlapping) == 28232 - 1001);
  // The port the odd range never hands out is not "reserved away" twice.
  CHECK(usable_local_ports({32768, 61000}, {{61000, 61000}}) == 28232);
}

TEST_CASE("parsing: the kernel's formats and what is refused") {
  CHECK(parse_reserved_ports("")->empty());
  CHECK(parse_reserved_ports("\n")->empty());
  CHECK_FALSE(parse_reserved_ports("1000-"));
  CHECK_FALSE(parse_reserved_ports("x"));
  CHECK_FALSE(parse_reserved_ports("5-1"));
  CHECK_FALSE(parse_reserved_ports("1,,2"));
  CHECK_FALSE(parse_port_range("60999 32768"));
  CHECK_FALSE(parse_port_range("32768"));
  CHECK_FALSE(parse_port_range("1 70000"));
  CHECK(parse_port_range(" 1024 65535 \n")->high == 65535);
}
