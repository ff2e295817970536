// The census from /proc/net/tcp text: row parsing, grouping, and whole fixture roots.
#include <doctest/doctest.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "advisor/live/census.h"
#include "advisor/live/host_state.h"
#include "tests/live/fixture_root.h"

using namespace sa::live;

TEST_CASE("a TIME_WAIT row of /proc/net/tcp") {
  TcpRow row;
  REQUIRE(parse_tcp_row("   3: 0100007F:EA50 0100007F:232A 06 00000000:00000000 03:000016D0 00000000     0        0 0 3 "
                        "0000000028847ee0",
                        false, row));
  CHECK(row.state == kTcpTimeWait);
  CHECK(row.local_port == 0xEA50);
  CHECK(format_endpoint(row.remote, row.remote_port) == "127.0.0.1:9002");
}

TEST_CASE("tcp6 rows: ::1 and an IPv4-mapped peer shown in IPv4 form") {
  TcpRow row;
  REQUIRE(parse_tcp_row("   0: 00000000000000000000000001000000:D2F0 00000000000000000000000001000000:01BB 01 "
                        "00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 20 4 0 10 -1",
                        true, row));
  CHECK(row.state == kTcpEstablished);
  CHECK(format_endpoint(row.remote, row.remote_port) == "[::1]:443");
  REQUIRE(parse_tcp_row("   1: 0000000000000000FFFF00000100007F:9C40 0000000000000000FFFF00000100007F:18CC 06 "
                        "00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000",
                        true, row));
  CHECK(format_endpoint(row.remote, row.remote_port) == "127.0.0.1:6348");
}

TEST_CASE("rows that are not socket rows") {
  TcpRow row;
  CHECK_FALSE(parse_tcp_row("  sl  local_address rem_address   st tx_queue", false, row));
  CHECK_FALSE(parse_tcp_row("  10: 0100007F:1F90 0100007F:ZZZZ 06 00000000", false, row));
  CHECK_FALSE(parse_tcp_row("  11: 0100007F:1F90 0100", false, row));
  CHECK_FALSE(parse_tcp_row("   0: 0100007F:1F90 0100007F:1F90 06", true, row));  // v4 row read as v6
}

TEST_CASE("the tally groups only sockets on a port from the local range, largest first") {
  CensusTally tally(PortRange{32768, 60999});
  const uint8_t web[4] = {10, 0, 0, 7}, db[4] = {10, 0, 0, 9};
  for (int i = 0; i < 5; ++i) tally.add(kTcpTimeWait, v4_mapped(web), 8080, static_cast<uint16_t>(40000 + i));
  for (int i = 0; i < 2; ++i) tally.add(kTcpEstablished, v4_mapped(db), 5432, static_cast<uint16_t>(50000 + i));
  tally.add(kTcpEstablished, v4_mapped(web), 51234, 443);  // accepted: local port is the listener's
  tally.add(8, v4_mapped(web), 51235, 443);                // close-wait: counted, never grouped
  tally.add(kTcpNewSynRecv, v4_mapped(web), 51236, 443);   // a request socket counts as syn-recv
  SocketCensus c = tally.finish("proc", 28232, 10);
  CHECK(c.known);
  CHECK(c.states.at("time-wait") == 5);
  CHECK(c.states.at("established") == 3);
  CHECK(c.states.at("close-wait") == 1);
  CHECK(c.states.at("syn-recv") == 1);
  CHECK(c.states.at("listen") == 0);
  REQUIRE(c.peers.size() == 2);
  CHECK(c.peers[0].remote == "10.0.0.7:8080");
  CHECK(c.peers[0].state == "time-wait");
  CHECK(c.peers[0].count == 5);
  CHECK(c.peers[0].port_share == doctest::Approx(5.0 / 28232));
  CHECK(c.peers[1].remote == "10.0.0.9:5432");
  CHECK(c.peer_groups == 2);
  // max_peers cuts the list, not the count of groups.
  SocketCensus one = tally.finish("proc", 0, 1);
  CHECK(one.peers.size() == 1);
  CHECK(one.peer_groups == 2);
  CHECK(one.peers[0].port_share == 0);
}

TEST_CASE("per source address: the busiest source's share, per-source totals, listeners and SYN_RECV") {
  CensusTally tally(PortRange{40000, 40999});
  const uint8_t up[4] = {10, 0, 0, 7}, any[4] = {0, 0, 0, 0}, lb[4] = {10, 0, 0, 1};
  SocketRow row;
  row.remote = v4_mapped(up);
  row.remote_port = 8080;
  uint16_t port = 40000;
  for (uint8_t s = 1; s <= 4; ++s) {  // 4 sources: 300 / 200 / 200 / 200 sockets, every one its own port
    const uint8_t src[4] = {10, 0, 1, s};
    row.local = v4_mapped(src);
    for (int i = 0; i < (s == 1 ? 300 : 200); ++i) {
      row.state = i % 3 == 0 ? kTcpEstablished : kTcpTimeWait;
      row.local_port = port++;
      if (port > 40999) port = 40000;
      tally.add(row);
    }
  }
  SocketRow l;
  l.state = kTcpListen;
  l.local = v4_mapped(any);
  l.local_port = 443;
  l.rqueue = 129;
  l.wqueue = 128;
  l.wqueue_known = true;
  tally.add(l);
  SocketRow syn;
  syn.state = kTcpNewSynRecv;
  syn.local = v4_mapped(lb);
  syn.local_port = 443;
  for (int i = 0; i < 7; ++i) tally.add(syn);

  SocketCensus c = tally.finish("netlink", 1000, 10);
  REQUIRE(c.destinations.size() == 1);
  const DestinationGroup& d = c.destinations[0];
  CHECK(d.remote == "10.0.0.7:8080");
  CHECK(d.family == "ipv4");
  CHECK(d.total == 900);
  CHECK(d.sources == 4);
  CHECK(d.busiest_source == "10.0.1.1");
  CHECK(d.busiest_total == 300);
  CHECK(d.busiest_states.at("established") == 100);
  CHECK(d.port_share == doctest::Approx(0.3));  // not 0.9: each source has its own budget
  REQUIRE(!c.peers.empty());
  CHECK(c.peers[0].state == "time-wait");
  CHECK(c.peers[0].count == 599);  // 200 + 3 x 133
  CHECK(c.peers[0].sources == 4);
  CHECK(c.peers[0].busiest_count == 200);
  CHECK(c.peers[0].port_share == doctest::Approx(0.2));
  REQUIRE(c.sources.size() == 4);
  CHECK(c.sources[0].local == "10.0.1.1");
  CHECK(c.sources[0].ports == 300);
  CHECK(c.sources[0].destinations == 1);
  CHECK(c.outgoing.at("time-wait") == 599);
  CHECK(c.outgoing.at("listen") == 0);
  REQUIRE(c.listeners.size() == 1);
  CHECK(c.listeners[0].local == "0.0.0.0:443");
  CHECK(c.listeners[0].queue == 129);
  CHECK(c.listeners[0].backlog == std::optional<uint64_t>(128));
  CHECK(c.listeners[0].syn_recv == 7);  // request sockets on 10.0.0.1:443 belong to the 0.0.0.0 listener
  CHECK(c.states.at("syn-recv") == 7);
}

namespace {
HostState read_fixture(const std::string& name) {
  ReadOptions o;
  o.root = fixture_root("tests/fixtures/proc/" + name);
  o.keys = {"net.ipv4.tcp_tw_recycle", "net.ipv4.no_such_key"};
  return read_host(o);
}
}  // namespace

TEST_CASE("a 3.10 root: census from its tcp files, the odd old range, keys absent and present") {
  HostState h = read_fixture("kernel-3.10");
  CHECK(h.kernel == "3.10.0-1160.el7.x86_64");
  CHECK(h.hostname == "centos7");
  CHECK(h.sockets.source == "proc");
  CHECK(h.sockets.states.at("time-wait") == 8);
  CHECK(h.sockets.states.at("established") == 6);
  CHECK(h.sockets.states.at("close-wait") == 2);
  CHECK(h.sockets.states.at("fin-wait-2") == 2);
  CHECK(h.sockets.states.at("listen") == 4);
  CHECK(h.usable_local_ports == 28232);
  REQUIRE(h.sockets.peers.size() >= 3);
  CHECK(h.sockets.peers[0].remote == "127.0.0.1:8080");
  CHECK(h.sockets.peers[0].count == 6);
  CHECK(h.sockets.peers[1].remote == "127.0.0.1:5432");
  CHECK(h.sockets.peers[1].state == "established");
  // Every state of a connect-side socket groups: the orphaned clients in FIN_WAIT2 hold ports too.
  CHECK(h.sockets.peers[2].remote == "127.0.0.1:9000");
  CHECK(h.sockets.peers[2].state == "fin-wait-2");
  CHECK(h.sockets.peers[3].remote == "127.0.0.2:8080");
  // /proc/net/tcp gives listeners their accept queue but no backlog; under --root no process.
  REQUIRE(h.sockets.listeners.size() == 4);
  for (const auto& l : h.sockets.listeners) {
    CHECK_FALSE(l.backlog.has_value());
    CHECK_FALSE(l.process.has_value());
  }
  CHECK(h.sockets.processes == "unknown: read under --root");
  REQUIRE(h.sockets.close_wait.size() == 1);
  CHECK(h.sockets.close_wait[0].local == "127.0.0.1:9000");
  CHECK(h.sockets.close_wait[0].count == 2);
  REQUIRE(h.sockets.sources.size() == 1);
  CHECK(h.sockets.sources[0].local == "127.0.0.1");
  CHECK(h.sockets.sources[0].sockets == 13);  // 8 TIME_WAIT, 3 ESTABLISHED, 2 FIN_WAIT2: every connect-side socket
  CHECK(h.value("net.ipv4.tcp_tw_recycle")->value == "0");
  CHECK(h.value("net.ipv4.ip_local_port_range")->value == "32768 61000");  // tab folded
  CHECK(h.value("net.ipv4.no_such_key")->status == SysctlValue::Status::absent);
  CHECK(h.counters.at("TcpExt.ListenOverflows") == 1234);
  CHECK(h.sockstat.at("TCP").at("tw") == 10);
  CHECK_FALSE(h.rates.has_value());
  for (const auto& d : h.diagnostics) FAIL_CHECK(sa::format_diagnostic(d));
}

TEST_CASE("a 4.14 root: reserved ports shrink the budget; tcp_tw_recycle is gone; IPv6 peers") {
  HostState h = read_fixture("kernel-4.14");
  CHECK(h.usable_local_ports == 28232 - 1001);
  CHECK(h.value("net.ipv4.tcp_tw_recycle")->status == SysctlValue::Status::absent);
  CHECK(h.sockets.states.at("time-wait") == 7);
  CHECK(h.sockets.states.at("established") == 4);
  REQUIRE(h.sockets.peers.size() == 3);
  CHECK(h.sockets.peers[0].remote == "127.0.0.1:80");
  CHECK(h.sockets.peers[0].count == 4);
  CHECK(h.sockets.peers[1].remote == "[::1]:443");
  CHECK(h.sockets.peers[1].state == "time-wait");
  CHECK(h.sockets.peers[2].remote == "[::1]:443");
  CHECK(h.sockets.peers[2].state == "established");
}

TEST_CASE("a 5.15 root with a wide range: accepted sockets inside it group per client") {
  HostState h = read_fixture("kernel-5.15");
  CHECK(h.usable_local_ports == 64512);
  REQUIRE(!h.sockets.peers.empty());
  CHECK(h.sockets.peers[0].remote == "127.0.0.1:6379");
  CHECK(h.sockets.peers[0].count == 5);
  // An AF_INET6 socket towards ::ffff:127.0.0.1 is shown (and grouped) in IPv4 form.
  bool mapped = false;
  for (const auto& p : h.sockets.peers) mapped |= p.remote == "127.0.0.1:6380" && p.state == "time-wait";
  CHECK(mapped);
  CHECK(h.sockets.peer_groups == 7);  // 1 + 5 server-side singles + 1 mapped
}

TEST_CASE("a malformed root: every problem named, the rest still read") {
  HostState h = read_fixture("malformed");
  CHECK(h.kernel == "5.4.0-broken");
  CHECK(h.sockets.known);
  CHECK(h.sockets.states.at("listen") == 3);
  CHECK(h.counters.at("TcpExt.TW") == 4);
  CHECK(h.usable_local_ports == 28232);  // a reserved list it cannot parse is not applied
  std::vector<std::string> codes;
  for (const auto& d : h.diagnostics) codes.push_back(d.code);
  auto count = [&](const std::string& code) { return std::count(codes.begin(), codes.end(), code); };
  CHECK(count("proc-bad-socket-row") == 3);  // garbage row, bad hex port, truncated last row
  CHECK(count("proc-column-mismatch") >= 2);
  CHECK(count("proc-header-without-values") == 1);
  CHECK(count("sysctl-bad-value") == 1);  // "1000-,x" in ip_local_reserved_ports
  CHECK(count("proc-number-out-of-range") == 1);
}

TEST_CASE("a root with no /proc at all: census unknown, said so") {
  ReadOptions o;
  o.root = "tests/fixtures/proc/no-such-root";
  HostState h = read_host(o);
  CHECK_FALSE(h.sockets.known);
  CHECK(h.kernel.empty());
  CHECK(h.usable_local_ports == 0);
  CHECK(h.value("kernel.osrelease")->status == SysctlValue::Status::absent);
  CHECK_FALSE(h.diagnostics.empty());
}

// Raw NETLINK_SOCK_DIAG replies (tally_diag_reply, what the census reads from the kernel).
namespace {
// One SOCK_DIAG_BY_FAMILY message for an ESTABLISHED IPv4 socket, then NLMSG_DONE: the bytes the
// kernel sends (inet_diag_dump_one/inet_sk_diag_fill), 4-byte aligned.
std::vector<uint32_t> diag_reply(uint32_t first_len) {
  std::vector<uint32_t> words((NLMSG_LENGTH(sizeof(inet_diag_msg)) + NLMSG_LENGTH(sizeof(int))) / 4);
  auto* bytes = reinterpret_cast<char*>(words.data());
  nlmsghdr h{};
  h.nlmsg_len = first_len;
  h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  h.nlmsg_flags = NLM_F_MULTI;
  h.nlmsg_seq = 7;
  std::memcpy(bytes, &h, sizeof h);
  inet_diag_msg m{};
  m.idiag_family = AF_INET;
  m.idiag_state = kTcpEstablished;
  m.id.idiag_dport = htons(443);
  std::memcpy(bytes + NLMSG_HDRLEN, &m, sizeof m);
  nlmsghdr done{};
  done.nlmsg_len = NLMSG_LENGTH(sizeof(int));
  done.nlmsg_type = NLMSG_DONE;
  done.nlmsg_flags = NLM_F_MULTI;
  done.nlmsg_seq = 7;
  std::memcpy(bytes + NLMSG_LENGTH(sizeof(inet_diag_msg)), &done, sizeof done);
  return words;
}
}  // namespace

TEST_CASE("netlink reply: a socket and the end of the dump are counted") {
  std::vector<uint32_t> r = diag_reply(NLMSG_LENGTH(sizeof(inet_diag_msg)));
  CensusTally tally;
  CHECK(tally_diag_reply(reinterpret_cast<const char*>(r.data()), r.size() * 4, 7, 0, tally) == MNL_CB_STOP);
  CHECK(tally.finish("netlink", 1000, 10).states.at("established") == 1);
}

// libmnl 1.0.4 took a length above INT_MAX for a small one (a signed compare in mnl_nlmsg_ok) and
// read 4 GiB past the buffer: this crashed (SEGV) before tally_diag_reply checked the lengths
// itself. A length past the datagram's end is refused too; nothing is counted from either.
TEST_CASE("netlink reply: a message length past the datagram is EBADMSG, not a wild read") {
  for (uint32_t bad : {0xffff0014u, 0x80000000u, static_cast<uint32_t>(NLMSG_LENGTH(sizeof(inet_diag_msg)) + 64), 8u}) {
    CAPTURE(bad);
    std::vector<uint32_t> r = diag_reply(bad);
    CensusTally tally;
    errno = 0;
    CHECK(tally_diag_reply(reinterpret_cast<const char*>(r.data()), r.size() * 4, 7, 0, tally) < 0);
    CHECK(errno == EBADMSG);
    auto states = tally.finish("netlink", 1000, 10).states;
    CHECK(states["established"] == 0);
  }
}

TEST_CASE("connect-side ESTABLISHED sockets name their process per group; TIME_WAIT ones are never looked up") {
  const uint8_t up[4] = {10, 0, 0, 7}, src[4] = {10, 0, 1, 1}, other[4] = {10, 0, 1, 2};
  InodeOwners owners{{1001, {812, "nginx"}}, {1002, {812, "nginx"}}, {1003, {812, "nginx"}}, {2001, {900, "curl"}}};
  auto fill = [&](CensusTally& tally) {
    SocketRow row;
    row.remote = v4_mapped(up);
    row.remote_port = 5432;
    row.local = v4_mapped(src);
    uint16_t port = 40000;
    auto add = [&](int state, uint64_t inode) {
      row.state = state;
      row.inode = inode;
      row.local_port = port++;
      tally.add(row);
    };
    for (uint64_t inode : {1001, 1002, 1003, 2001}) add(kTcpEstablished, inode);
    add(kTcpEstablished, 4242);  // an inode no readable process holds: unidentified, not guessed
    for (int i = 0; i < 30; ++i) add(kTcpTimeWait, 0);
    row.local = v4_mapped(other);  // another source: its own group, no ESTABLISHED there
    for (int i = 0; i < 5; ++i) add(kTcpTimeWait, 0);
  };

  CensusTally tally(PortRange{40000, 40999}, &owners);
  fill(tally);
  SocketCensus c = tally.finish("netlink", 1000, 10);
  CHECK(c.owners_counted);
  REQUIRE(c.destinations.size() == 1);
  CHECK(c.destinations[0].busiest_source == "10.0.1.1");
  REQUIRE(c.destinations[0].owner.has_value());
  CHECK(c.destinations[0].owner->comm == "nginx");
  CHECK(c.destinations[0].owner->pid == 812);
  CHECK(c.destinations[0].owner_established == 3);
  REQUIRE(c.peers.size() == 2);
  CHECK(c.peers[0].state == "time-wait");  // the TIME_WAIT group: who holds connections there now
  REQUIRE(c.peers[0].owner.has_value());
  CHECK(c.peers[0].owner->comm == "nginx");
  CHECK(c.peers[0].owner_established == 3);
  CHECK(c.peers[1].state == "established");
  CHECK(c.peers[1].owner_established == 3);

  // Processes unknown (--root): every ESTABLISHED socket there is unattributed, none named.
  CensusTally blind(PortRange{40000, 40999});
  fill(blind);
  SocketCensus u = blind.finish("proc", 1000, 10);
  CHECK(u.owners_counted);
  CHECK_FALSE(u.destinations[0].owner.has_value());
  CHECK(u.destinations[0].owner_established == 5);
  CHECK_FALSE(u.peers[0].owner.has_value());
}

TEST_CASE("accepted connections count per listener, and sockets sum per program (command name, not pid)") {
  const uint8_t any[4] = {0, 0, 0, 0}, db[4] = {10, 0, 0, 9}, app[4] = {10, 0, 1, 5}, up[4] = {10, 0, 0, 7};
  // PostgreSQL: the postmaster (700) holds the listener, a backend per connection holds each one.
  InodeOwners owners{{1, {700, "postgres"}}, {11, {701, "postgres"}}, {12, {702, "postgres"}},
                     {21, {900, "gunicorn"}}, {22, {900, "gunicorn"}}, {23, {901, "gunicorn"}}};
  CensusTally tally(PortRange{40000, 40999}, &owners);
  SocketRow row;
  row.state = kTcpListen;
  row.local = v4_mapped(any);
  row.local_port = 5432;
  row.inode = 1;
  tally.add(row);
  row.state = kTcpEstablished;
  row.local = v4_mapped(db);
  row.remote = v4_mapped(app);
  for (uint64_t inode : {11, 12, 0}) {  // 0: still in the accept queue, no process holds it yet
    row.inode = inode;
    row.remote_port = static_cast<uint16_t>(50000 + inode);
    tally.add(row);
  }
  row.local = v4_mapped(app);  // connect side: gunicorn's connections to an upstream
  row.remote = v4_mapped(up);
  row.remote_port = 5432;
  for (uint64_t inode : {21, 22, 23}) {
    row.inode = inode;
    row.local_port = static_cast<uint16_t>(40000 + inode);
    tally.add(row);
  }
  SocketCensus c = tally.finish("netlink", 1000, 10);
  CHECK(c.accepted_known);
  REQUIRE(c.listeners.size() == 1);
  CHECK(c.listeners[0].accepted == 3);
  REQUIRE(c.programs_known);
  REQUIRE(c.programs.size() == 2);
  CHECK(c.programs[0].comm == "gunicorn");
  CHECK(c.programs[0].pid == 900);
  CHECK(c.programs[0].processes == 2);
  CHECK(c.programs[0].listening.empty());
  CHECK(c.programs[0].connected == 3);
  CHECK(c.programs[0].upstream == "10.0.0.7:5432");
  CHECK(c.programs[0].upstream_connected == 3);
  CHECK(c.programs[1].comm == "postgres");
  CHECK(c.programs[1].pid == 700);
  CHECK(c.programs[1].processes == 3);
  CHECK(c.programs[1].listening == std::vector<std::string>{"0.0.0.0:5432"});
  CHECK(c.programs[1].accepted == 2);
  CHECK(c.programs[1].connected == 0);

  // Processes unknown: listeners still count accepted connections; no program is named.
  CensusTally blind(PortRange{40000, 40999});
  row.state = kTcpListen;
  row.local = v4_mapped(any);
  row.local_port = 5432;
  blind.add(row);
  SocketCensus u = blind.finish("proc", 1000, 10);
  CHECK_FALSE(u.programs_known);
  CHECK(u.programs.empty());
}

namespace {

// A --root tree holding only proc/net/tcp with `text` (or a sparse file of `sparse_bytes` zeros).
std::filesystem::path tcp_root(const std::string& name, const std::string& text, uint64_t sparse_bytes = 0) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::filesystem::path root = std::filesystem::path(tmp ? tmp : "/tmp") / name;
  std::filesystem::create_directories(root / "proc/net");
  {
    std::ofstream out(root / "proc/net/tcp", std::ios::trunc);
    out << text;
  }
  if (sparse_bytes) std::filesystem::resize_file(root / "proc/net/tcp", sparse_bytes);
  return root;
}

}  // namespace

// A 2 GB sparse proc/net/tcp under --root grew the line buffer to 4 GB and copied the "line" into a
// diagnostic: 8.4 GB and 22 s for `snapshot --root`.
TEST_CASE("a row with no end of line is reported once, cut, and skipped; the buffer does not grow") {
  const std::string good =
      "   3: 0100007F:EA50 0100007F:232A 06 00000000:00000000 03:000016D0 00000000     0        0 0 3 "
      "0000000028847ee0\n";
  auto root = tcp_root("overlong_row", std::string(3 << 20, 'A') + "\n" + good);
  CensusTally tally;
  std::vector<sa::Diagnostic> diags;
  REQUIRE(census_from_proc(root, tally, diags));
  CHECK(tally.total() == 1);  // the row after the junk counts
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].where.line == 1);
  CHECK(diags[0].message == "row of more than 4096 bytes with no end of line (a socket row is about 150): skipped to its end");
  CHECK(diags[0].source_line.size() == 240);
}

TEST_CASE("a proc/net/tcp copy over 1 GiB is refused unread") {
  auto root = tcp_root("huge_table", "", (uint64_t{1} << 30) + 1);
  CensusTally tally;
  std::vector<sa::Diagnostic> diags;
  CHECK_FALSE(census_from_proc(root, tally, diags));
  CHECK(tally.total() == 0);
  REQUIRE(diags.size() >= 1);
  CHECK(diags[0].code == "proc-file-unreadable");
  CHECK(diags[0].message == "is 1073741825 bytes, larger than 1024 MiB: refused unread");
  std::filesystem::remove_all(root);
}
