// The census on a real kernel: in a new network namespace, make_sockets.py leaves a known number
// of sockets in TIME_WAIT, CLOSE_WAIT (and FIN_WAIT2 on the other side) and ESTABLISHED towards
// several loopback ports; netlink and the /proc/net/tcp fallback must both count them exactly.
// Needs root (unshare(CLONE_NEWNET)); says SKIP otherwise.
#include <doctest/doctest.h>

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <tuple>

#include "advisor/live/census.h"
#include "advisor/live/host_state.h"

using namespace sa::live;

namespace {

bool enter_fresh_netns() {
  if (geteuid() != 0) return false;
  if (unshare(CLONE_NEWNET) != 0) return false;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr {};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
  ifr.ifr_flags |= IFF_UP;
  ok = ok && ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
  if (fd >= 0) close(fd);
  return ok;
}

std::string helper_path() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  std::string base = srcdir ? std::string(srcdir) + "/sysctl_advisor/" : std::string();
  return base + "tests/live/make_sockets.py";
}

const char* const kSpecs =
    " time-wait:5:127.0.0.1:9001 time-wait:3:127.0.0.1:9002 established:4:127.0.0.1:9001"
    " close-wait:2:127.0.0.1:9003 time-wait:2:::1:9005 established:1:::1:9005"
    " time-wait:2:::ffff:127.0.0.1:9006";

void check_census(const SocketCensus& c, const std::string& source) {
  CAPTURE(source);
  CHECK(c.known);
  CHECK(c.source == source);
  CHECK(c.states.at("time-wait") == 12);   // 5 + 3 + 2 (IPv6) + 2 (mapped)
  CHECK(c.states.at("established") == 10); // both ends of 4 + 1 connections
  CHECK(c.states.at("close-wait") == 2);   // the servers that never closed
  CHECK(c.states.at("fin-wait-2") == 2);   // their clients (orphaned: TIME_WAIT mini-sockets in substate FIN_WAIT2)
  CHECK(c.states.at("listen") == 5);
  CHECK(c.states.at("syn-recv") == 0);
  const std::vector<std::tuple<std::string, std::string, uint64_t>> expected = {
      {"established", "127.0.0.1:9001", 4}, {"time-wait", "127.0.0.1:9001", 5}, {"time-wait", "127.0.0.1:9002", 3},
      {"time-wait", "127.0.0.1:9006", 2},   {"time-wait", "[::1]:9005", 2},     {"established", "[::1]:9005", 1},
      {"fin-wait-2", "127.0.0.1:9003", 2}};  // the clients of the CLOSE_WAIT servers hold their ports too
  REQUIRE(c.peers.size() == expected.size());
  CHECK(c.peer_groups == expected.size());
  for (const auto& [state, remote, count] : expected) {
    bool found = false;
    for (const auto& p : c.peers) {
      if (p.state == state && p.remote == remote) {
        found = true;
        CHECK_MESSAGE(p.count == count, state << " " << remote);
        CHECK(p.port_share == doctest::Approx(static_cast<double>(count) / 28232));
      }
    }
    CHECK_MESSAGE(found, "no group " << state << " " << remote);
  }
  CHECK(c.peers[0].remote == "127.0.0.1:9001");
  CHECK(c.peers[0].state == "time-wait");
}

}  // namespace

TEST_CASE("netlink and /proc/net/tcp count the same known sockets exactly") {
  if (!enter_fresh_netns()) {
    MESSAGE("SKIP: needs root to create a network namespace (unshare(CLONE_NEWNET))");
    return;
  }
  std::string cmd = "/usr/bin/python3 " + helper_path() + kSpecs;
  // The helper holds its sockets until its stdin closes; "w" gives us that pipe, and its
  // "ready" goes to a file we poll.
  std::string ready = "/tmp/make_sockets_ready." + std::to_string(getpid());
  cmd += " > " + ready;
  FILE* helper = popen(cmd.c_str(), "w");
  REQUIRE(helper != nullptr);
  bool is_ready = false;
  for (int i = 0; i < 100 && !is_ready; ++i) {
    usleep(100 * 1000);
    FILE* f = std::fopen(ready.c_str(), "r");
    if (f) {
      char buf[16] = {};
      is_ready = std::fgets(buf, sizeof buf, f) && std::strncmp(buf, "ready", 5) == 0;
      std::fclose(f);
    }
  }
  REQUIRE_MESSAGE(is_ready, "make_sockets.py did not get ready");

  for (CensusSource source : {CensusSource::netlink, CensusSource::proc}) {
    ReadOptions o;
    o.census = source;
    HostState h = read_host(o);
    CHECK(h.usable_local_ports == 28232);  // a new namespace starts from the default range
    check_census(h.sockets, source == CensusSource::netlink ? "netlink" : "proc");
    // sockstat's tw counts both TIME_WAIT and FIN_WAIT2 mini-sockets.
    CHECK(h.sockstat.at("TCP").at("tw") + 0 >= 12);
  }
  // The per-family dumps (the fallback when a kernel refuses the one-walk request) agree.
  CensusTally per_family(PortRange{32768, 60999});
  std::string error;
  REQUIRE_MESSAGE(census_from_netlink(per_family, &error, /*single_walk=*/false), error);
  check_census(per_family.finish("netlink", 28232, 100), "netlink");
  pclose(helper);
  std::remove(ready.c_str());
}
