#include <doctest/doctest.h>

#include "advisor/core/sysctl_key.h"

using namespace sa;

TEST_CASE("slash-separated keys swap dots and slashes, as sysctl.d(5) says") {
  CHECK(normalize_key("net/ipv4/conf/eth0.100/forwarding") == "net.ipv4.conf.eth0/100.forwarding");
  CHECK(normalize_key("net.ipv4.tcp_tw_reuse") == "net.ipv4.tcp_tw_reuse");
  CHECK(normalize_key("net.ipv4.conf.eth0/100.forwarding") == "net.ipv4.conf.eth0/100.forwarding");
}

TEST_CASE("a key never becomes a path outside /proc/sys") {
  CHECK_FALSE(is_valid_key("net/../../etc/passwd"));
  CHECK_FALSE(is_valid_key(normalize_key("net/../../etc/passwd")));
  CHECK_FALSE(is_valid_key("net..ipv4"));
  CHECK_FALSE(is_valid_key(".net.ipv4"));
  CHECK_FALSE(is_valid_key("net.ipv4.tcp tw"));
  CHECK_FALSE(is_valid_key("net.ipv4.conf.*.rp_filter"));
  CHECK(is_valid_key("net.ipv4.conf.*.rp_filter", /*allow_glob=*/true));
  CHECK_FALSE(proc_sys_path("/", "net/../x").has_value());
  CHECK(proc_sys_path("/r", "net.ipv4.conf.eth0/100.forwarding")->string() == "/r/proc/sys/net/ipv4/conf/eth0.100/forwarding");
}

TEST_CASE("values fold runs of whitespace as the kernel's tabs") {
  CHECK(fold_whitespace("32768\t60999\n") == "32768 60999");
  CHECK(fold_whitespace("  a   b ") == "a b");
}
