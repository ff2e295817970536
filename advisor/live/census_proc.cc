// The /proc/net/tcp{,6} path: the fallback under --root and where netlink is refused. The kernel
// prints each socket as "%4d: %08X:%04X %08X:%04X %02X ..." (net/ipv4/tcp_ipv4.c get_tcp4_sock,
// get_timewait4_sock, get_openreq4; tcp6: four %08X words per address). A TIME_WAIT mini-socket
// prints its substate (tw_substate), as inet_diag reports it, so both paths agree with `ss`.
#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "advisor/core/diagnostic_limit.h"
#include "advisor/core/safe_open.h"
#include "advisor/core/sysctl_key.h"
#include "advisor/live/census.h"

namespace sa::live {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Reads exactly n hex digits at s[pos], advancing pos.
bool hex_n(std::string_view s, size_t& pos, size_t n, uint32_t& out) {
  if (pos + n > s.size()) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    int d = hex_digit(s[pos + i]);
    if (d < 0) return false;
    v = v << 4 | static_cast<uint32_t>(d);
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// An address the kernel printed word by word with %08X of the in-memory __be32: the word's
// value in host order is what was printed, so its bytes in memory are the address bytes.
bool parse_address(std::string_view s, size_t& pos, bool v6, Addr16& out) {
  uint32_t words[4] = {0, 0, 0, 0};
  const int n = v6 ? 4 : 1;
  for (int i = 0; i < n; ++i)
    if (!hex_n(s, pos, 8, words[i])) return false;
  if (!v6) {
    uint8_t b[4];
    std::memcpy(b, &words[0], 4);
    out = v4_mapped(b);
  } else {
    std::memcpy(out.data(), words, 16);
  }
  return true;
}

}  // namespace

bool parse_tcp_row(std::string_view line, bool v6, TcpRow& row) {
  size_t pos = 0;
  while (pos < line.size() && line[pos] == ' ') ++pos;
  size_t digits = pos;
  while (pos < line.size() && line[pos] >= '0' && line[pos] <= '9') ++pos;
  if (pos == digits || !expect(line, pos, ':') || !expect(line, pos, ' ')) return false;
  uint32_t lport = 0, rport = 0, state = 0;
  if (!parse_address(line, pos, v6, row.local) || !expect(line, pos, ':') || !hex_n(line, pos, 4, lport)) return false;
  if (!expect(line, pos, ' ')) return false;
  if (!parse_address(line, pos, v6, row.remote) || !expect(line, pos, ':') || !hex_n(line, pos, 4, rport)) return false;
  if (!expect(line, pos, ' ') || !hex_n(line, pos, 2, state)) return false;
  if (pos < line.size() && line[pos] != ' ') return false;
  row.state = static_cast<int>(state);
  row.local_port = static_cast<uint16_t>(lport);
  row.remote_port = static_cast<uint16_t>(rport);
  row.rx_queue = 0;
  row.inode = 0;
  row.inode_known = false;
  // The optional rest: " %08X:%08X %02X:%08lX %08X %5u %8d %lu": tx_queue:rx_queue (for LISTEN
  // rx_queue is the accept queue), timer, retransmits, uid, timeout, inode. Older fixtures stop
  // after the state; a row cut there still counts.
  uint32_t tx = 0, rx = 0;
  if (expect(line, pos, ' ') && hex_n(line, pos, 8, tx) && expect(line, pos, ':') && hex_n(line, pos, 8, rx)) {
    row.rx_queue = rx;
    std::string_view rest = line.substr(pos);
    int field = 0;
    size_t i = 0;
    while (i < rest.size() && field < 5) {  // timer, retransmits, uid, timeout, then the inode
      while (i < rest.size() && rest[i] == ' ') ++i;
      size_t start = i;
      while (i < rest.size() && rest[i] != ' ') ++i;
      if (i == start) break;
      ++field;
      if (field == 5) {
        uint64_t inode = 0;
        bool digits = true;
        for (size_t k = start; k < i; ++k) {
          if (rest[k] < '0' || rest[k] > '9') digits = false;
          else inode = inode * 10 + static_cast<uint64_t>(rest[k] - '0');
        }
        if (digits) {
          row.inode = inode;
          row.inode_known = true;
        }
      }
    }
  }
  return true;
}

namespace {

constexpr int kShownBadRows = 5;
constexpr size_t kMaxRowBytes = 4096;

SocketRow to_socket(const TcpRow& t) {
  SocketRow row;
  row.state = t.state;
  row.local = t.local;
  row.local_port = t.local_port;
  row.remote = t.remote;
  row.remote_port = t.remote_port;
  row.rqueue = t.rx_queue;
  row.wqueue_known = false;  // /proc/net/tcp prints no listener backlog (tx_queue is 0 for LISTEN)
  row.inode = t.inode;
  row.inode_known = t.inode_known;
  return row;
}

Diagnostic bad_row(const std::string& file, int line, std::string_view text) {
  Diagnostic d;
  d.code = diag::kProcBadSocketRow;
  d.where = {file, line, 1};
  d.message = "expected \"N: LOCAL:PORT REMOTE:PORT ST ...\" with hex addresses, ports and state; row skipped";
  d.source_line = source_excerpt(text);
  return d;
}

// Streams one file in fixed chunks: memory stays the chunk size however many sockets there are.
// Found inside the root, O_NONBLOCK and regular only: a FIFO or /dev/zero there is reported, not read.
bool stream_table(const std::filesystem::path& root, const std::filesystem::path& path, bool v6, CensusTally& tally,
                  std::vector<Diagnostic>& diags) {
  int fd = open_under(root, path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return false;
  const std::string file = path.string();
  // Under --root the table is a regular file with a size (the live /proc says 0): a FIFO or
  // /dev/zero there is reported, not read, and a copy over kMaxSocketTableBytes is refused unread
  // rather than streamed for minutes.
  if (ReadResult check = check_regular_fd(fd, kMaxSocketTableBytes); !check.ok) {
    Diagnostic d;
    d.code = diag::kProcFileUnreadable;
    d.where = {file, 0, 0};
    d.message = check.why + (check.not_regular ? ": not read" : "");
    diags.push_back(d);
    ::close(fd);
    errno = 0;
    return false;
  }
  // The buffer never grows. A tcp row is 149 bytes and its newline (tcp4_seq_show() pads each to
  // TMPSZ - 1 with seq_setwidth(), net/ipv4/tcp_ipv4.c), a tcp6 row 178 and its newline (read on
  // 6.18, unpadded), so one with no newline in kMaxRowBytes is junk (a 2 GB file of zeros):
  // reported once and skipped up to its newline.
  std::string buf(1 << 18, '\0');
  size_t have = 0;
  int line_no = 0, bad = 0;
  bool skipping = false;  // inside an overlong row, already reported
  auto report = [&](std::string_view line, const std::string& why) {
    if (++bad > kShownBadRows) return;
    Diagnostic d = bad_row(file, line_no, line);
    if (!why.empty()) d.message = why;
    diags.push_back(d);
  };
  auto handle = [&](std::string_view line) {
    ++line_no;
    if (line_no == 1 && line.find("local_address") != std::string_view::npos) return;  // header
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    TcpRow row;
    if (parse_tcp_row(line, v6, row)) {
      tally.add(to_socket(row));
    } else {
      report(line, {});
    }
  };
  for (;;) {
    ssize_t n = ::read(fd, buf.data() + have, buf.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    have += static_cast<size_t>(n);
    size_t start = 0;
    for (;;) {
      const void* nl = std::memchr(buf.data() + start, '\n', have - start);
      if (!nl) break;
      size_t end = static_cast<const char*>(nl) - buf.data();
      if (skipping) {
        skipping = false;  // the overlong row ends here
      } else {
        handle(std::string_view(buf.data() + start, end - start));
      }
      start = end + 1;
    }
    std::memmove(buf.data(), buf.data() + start, have - start);
    have -= start;
    if (have >= kMaxRowBytes) {
      if (!skipping) {
        ++line_no;
        report(std::string_view(buf.data(), have),
               "row of more than " + std::to_string(kMaxRowBytes) +
                   " bytes with no end of line (a socket row is about 150): skipped to its end");
        skipping = true;
      }
      have = 0;
    }
  }
  ::close(fd);
  if (have > 0 && !skipping) {
    // A last row without its newline: the file was cut (a truncated copy).
    std::string_view tail(buf.data(), have);
    TcpRow row;
    ++line_no;
    if (parse_tcp_row(tail, v6, row)) {
      tally.add(to_socket(row));
    } else {
      report(tail, "the file ends inside a row (truncated?); row skipped");
    }
  }
  if (bad > kShownBadRows) {
    Diagnostic d;
    d.code = diag::kProcBadSocketRow;
    d.where = {file, 0, 0};
    d.message = std::to_string(bad) + " malformed rows in all (" + std::to_string(kShownBadRows) + " shown); they are not counted";
    diags.push_back(d);
  }
  return true;
}

}  // namespace

bool census_from_proc(const std::filesystem::path& root, CensusTally& tally, std::vector<Diagnostic>& diags) {
  bool v4 = stream_table(root, under_root(root, "/proc/net/tcp"), false, tally, diags);
  bool v6 = stream_table(root, under_root(root, "/proc/net/tcp6"), true, tally, diags);
  return v4 || v6;
}

}  // namespace sa::live
