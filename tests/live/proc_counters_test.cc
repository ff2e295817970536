// The counter parsers on the layouts of four kernel generations and on broken files.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "advisor/live/proc_counters.h"

using sa::Diagnostic;
using sa::live::parse_counter_pairs;
using sa::live::parse_sockstat;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kFixtures = "tests/fixtures/proc/";

struct KernelCase {
  const char* root;
  size_t tcpext_columns;  // names on the kernel's TcpExt line
  const char* present;    // a counter only this generation has
  const char* missing;    // a counter this generation no longer (or not yet) has
  int64_t listen_overflows;
};

// Column counts are those of the fixture's TcpExt header (see tests/fixtures/proc/README.md).
const KernelCase kKernels[] = {
    {"kernel-3.10", 102, "TcpExt.PAWSPassive", "TcpExt.TCPMemoryPressuresChrono", 1234},
    {"kernel-4.14", 113, "TcpExt.TCPWqueueTooBig", "TcpExt.PAWSPassive", 0},
    {"kernel-5.15", 125, "TcpExt.TCPMigrateReqFailure", "TcpExt.TCPPrequeued", 56},
    {"kernel-6.18", 135, "MPTcpExt.MPCapableSYNRX", "TcpExt.PAWSPassive", 0},
};

}  // namespace

TEST_CASE("netstat and snmp of each kernel generation parse by name, whatever the columns") {
  for (const auto& k : kKernels) {
    CAPTURE(k.root);
    std::map<std::string, int64_t> counters;
    std::vector<Diagnostic> diags;
    parse_counter_pairs(slurp(kFixtures + k.root + "/proc/net/netstat"), "netstat", counters, diags);
    parse_counter_pairs(slurp(kFixtures + k.root + "/proc/net/snmp"), "snmp", counters, diags);
    CHECK(diags.empty());
    size_t tcpext = 0;
    for (const auto& [name, value] : counters) tcpext += name.rfind("TcpExt.", 0) == 0;
    CHECK(tcpext == k.tcpext_columns);
    CHECK(counters.count(k.present) == 1);
    CHECK(counters.count(k.missing) == 0);
    CHECK(counters.at("TcpExt.ListenOverflows") == k.listen_overflows);
    // The snmp Tcp line prints MaxConn signed (RFC 2012): -1, not 18446744073709551615.
    CHECK(counters.at("Tcp.MaxConn") == -1);
    CHECK(counters.count("Tcp.ActiveOpens") == 1);
    CHECK(counters.count("IpExt.InOctets") == 1);
  }
}

TEST_CASE("pinned values of the older layouts come through") {
  std::map<std::string, int64_t> c;
  std::vector<Diagnostic> diags;
  parse_counter_pairs(slurp(kFixtures + "kernel-3.10/proc/net/netstat"), "netstat", c, diags);
  parse_counter_pairs(slurp(kFixtures + "kernel-3.10/proc/net/snmp"), "snmp", c, diags);
  CHECK(c.at("TcpExt.TW") == 987654);
  CHECK(c.at("TcpExt.PAWSPassive") == 42);
  CHECK(c.at("Tcp.PassiveOpens") == 123456);
  CHECK(c.at("IcmpMsg.InType3") == 41);
  c.clear();
  parse_counter_pairs(slurp(kFixtures + "kernel-5.15/proc/net/netstat"), "netstat", c, diags);
  CHECK(c.at("TcpExt.TW") == 18446744073);  // beyond 32 bits
  CHECK(diags.empty());
}

TEST_CASE("a broken netstat reports each problem at its line and keeps the good pairs") {
  std::map<std::string, int64_t> c;
  std::vector<Diagnostic> diags;
  parse_counter_pairs(slurp(kFixtures + "malformed/proc/net/netstat"), "netstat", c, diags);
  CHECK(c.at("TcpExt.ListenOverflows") == 2);
  CHECK(c.at("TcpExt.TW") == 4);
  CHECK(c.count("IpExt.InNoRoutes") == 0);  // columns could not be matched
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].code == "proc-column-mismatch");
  CHECK(diags[0].where.line == 4);
  CHECK(diags[0].message.find("3 names on line 3 but 2 values") != std::string::npos);
  CHECK(diags[1].code == "proc-header-without-values");
  CHECK(diags[1].where.line == 5);
  CHECK(sa::format_diagnostic(diags[1]).rfind("netstat:5:1: error: header \"MPTcpExt:\"", 0) == 0);
}

TEST_CASE("a broken snmp: out of range, not a number, values without header, file cut short") {
  std::map<std::string, int64_t> c;
  std::vector<Diagnostic> diags;
  parse_counter_pairs(slurp(kFixtures + "malformed/proc/net/snmp"), "snmp", c, diags);
  CHECK(c.at("Ip.Forwarding") == 1);
  CHECK(c.at("Ip.InHdrErrors") == 7);     // the column after the bad one still counts
  CHECK(c.count("Ip.InReceives") == 0);
  CHECK(c.at("Tcp.MaxConn") == -1);
  CHECK(c.at("Tcp.PassiveOpens") == 5);
  CHECK(c.count("Tcp.ActiveOpens") == 0);
  CHECK(c.at("UdpLite.NoPorts") == 0);
  CHECK(c.count("Icmp.InMsgs") == 0);
  std::vector<std::string> codes;
  for (const auto& d : diags) codes.push_back(d.code + "@" + std::to_string(d.where.line) + ":" + std::to_string(d.where.col));
  const std::vector<std::string> expected = {
      "proc-number-out-of-range@2:10",  // Ip: 1 64 99999999999999999999
      "proc-not-a-number@4:22",        // Tcp: ... 12x
      "proc-value-without-header@5:1", // Udp: 5 6
      "proc-column-mismatch@9:1",      // Icmp: 3 (the file ends there)
  };
  CHECK(codes == expected);
  CHECK(diags[0].message.find("Ip.InReceives") != std::string::npos);
}

TEST_CASE("sockstat of 3.10 and 6.18, and a broken one") {
  std::map<std::string, std::map<std::string, int64_t>> s;
  std::vector<Diagnostic> diags;
  parse_sockstat(slurp(kFixtures + "kernel-3.10/proc/net/sockstat"), "sockstat", s, diags);
  parse_sockstat(slurp(kFixtures + "kernel-3.10/proc/net/sockstat6"), "sockstat6", s, diags);
  CHECK(diags.empty());
  CHECK(s["TCP"]["tw"] == 10);
  CHECK(s["TCP"]["inuse"] == 25);
  CHECK(s["sockets"]["used"] == 312);
  CHECK(s["FRAG"]["memory"] == 0);
  CHECK(s["TCP6"]["inuse"] == 3);

  s.clear();
  parse_sockstat(slurp(kFixtures + "malformed/proc/net/sockstat"), "sockstat", s, diags);
  CHECK(s["TCP"]["tw"] == 2);
  CHECK(s["TCP"].count("mem") == 0);
  CHECK(s["UDP"]["mem"] == 1);
  REQUIRE(diags.size() == 3);
  CHECK(diags[0].code == "proc-column-mismatch");
  CHECK(diags[1].code == "proc-not-a-number");
  CHECK(diags[2].code == "proc-no-prefix");
}

TEST_CASE("gauges are not rates") {
  CHECK(sa::live::is_gauge("Tcp.CurrEstab"));
  CHECK(sa::live::is_gauge("Tcp.MaxConn"));
  CHECK_FALSE(sa::live::is_gauge("TcpExt.ListenOverflows"));
}

// A 700 KB netstat of two 80,000-word lines used to make 80,000 diagnostics that each copied the
// whole line (12 GB, 28 s); at the 64 MiB read cap, the out-of-memory killer.
TEST_CASE("a netstat of junk: the first 50 problems shown with cut lines, the rest counted") {
  std::string names = "TcpExt:", values = "TcpExt:";
  for (int i = 0; i < 8000; ++i) {
    names += " a" + std::to_string(i);
    values += " x";
  }
  std::map<std::string, int64_t> out;
  std::vector<Diagnostic> diags;
  parse_counter_pairs(names + "\n" + values + "\nIp: Forwarding\nIp: 1\n", "netstat", out, diags);
  CHECK(out.size() == 1);  // the good pair after the junk still counts
  CHECK(out.at("Ip.Forwarding") == 1);
  REQUIRE(diags.size() == 51);
  for (const Diagnostic& d : diags) CHECK(d.source_line.size() <= 240);
  CHECK(diags[0].code == "proc-not-a-number");
  CHECK(diags.back().code == "proc-too-many-problems");
  CHECK(diags.back().where.line == 0);
  CHECK(diags.back().message == "7950 more problems in this file not shown (the first 50 are)");
}

TEST_CASE("a counter line past 64 KiB is reported once by its size and skipped; the next pair parses") {
  std::string junk(100000, 'z');
  std::map<std::string, int64_t> out;
  std::vector<Diagnostic> diags;
  parse_counter_pairs("TcpExt: " + junk + "\nTcpExt: 1\nIp: Forwarding\nIp: 1\n", "netstat", out, diags);
  CHECK(out.count("Ip.Forwarding") == 1);
  REQUIRE(diags.size() == 2);  // the long line, then its orphaned value line
  CHECK(diags[0].where.line == 1);
  CHECK(diags[0].message == "line of 100008 bytes (a /proc counter line is at most 65536): skipped");
  CHECK(diags[0].source_line.size() == 240);
  CHECK(diags[1].code == "proc-value-without-header");

  std::map<std::string, std::map<std::string, int64_t>> sock;
  diags.clear();
  std::string pairs = "TCP:";
  for (int i = 0; i < 500; ++i) pairs += " n" + std::to_string(i) + " " + std::string(100, 'q');
  parse_sockstat(pairs + "\nUDP: inuse 3\n", "sockstat", sock, diags);
  CHECK(sock.at("UDP").at("inuse") == 3);
  REQUIRE(diags.size() == 51);
  CHECK(diags[0].message == "TCP n0: expected an integer, found \"" + std::string(64, 'q') + "...(100 bytes)\"");
  CHECK(diags.back().message == "450 more problems in this file not shown (the first 50 are)");
}
