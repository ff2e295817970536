// The netlink path, as `ss` does it (iproute2 misc/ss.c, inet_show_netlink): a NETLINK_SOCK_DIAG
// dump with a state bitmask and no extensions requested, so each socket costs an 88-byte binary
// record and no text formatting.
// One walk, not two: the kernel keeps IPv4 and IPv6 TCP sockets in one hash table, and a
// SOCK_DIAG_BY_FAMILY dump for AF_INET6 visits every IPv4 socket only to skip it (a cache miss
// each: with 100,000 sockets that second walk costs as much as the first). The older
// TCPDIAG_GETSOCK request (struct inet_diag_req, still served by inet_diag_rcv_msg_compat) dumps
// with sdiag_family AF_UNSPEC, both families in one walk; `ss` used it before sock_diag. When a
// kernel refuses it, the two per-family dumps follow.
// libmnl rather than raw recvmsg: it checks every message's length, sequence and port id and turns
// NLMSG_ERROR into errno, which is the part of hand-written netlink code that goes wrong.
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <vector>

#include "advisor/live/census.h"

namespace sa::live {
namespace {

// Every state ss knows: 1 << TCP_ESTABLISHED ... 1 << TCP_CLOSING and TCP_NEW_SYN_RECV (ss's
// SS_ALL). Not TCP_BOUND_INACTIVE (13, 6.6+): /proc/net/tcp and ss do not list those.
constexpr uint32_t kAllStates = (1u << 13) - 1;

int on_message(const struct nlmsghdr* nlh, void* data) {
  auto* tally = static_cast<CensusTally*>(data);
  if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY && nlh->nlmsg_type != TCPDIAG_GETSOCK) return MNL_CB_OK;
  if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct inet_diag_msg)) return MNL_CB_ERROR;
  const auto* msg = static_cast<const struct inet_diag_msg*>(mnl_nlmsg_get_payload(nlh));
  SocketRow row;
  if (msg->idiag_family == AF_INET) {
    row.remote = v4_mapped(reinterpret_cast<const uint8_t*>(&msg->id.idiag_dst[0]));
    row.local = v4_mapped(reinterpret_cast<const uint8_t*>(&msg->id.idiag_src[0]));
  } else {
    std::memcpy(row.remote.data(), msg->id.idiag_dst, 16);
    std::memcpy(row.local.data(), msg->id.idiag_src, 16);
  }
  row.state = msg->idiag_state;
  row.remote_port = ntohs(msg->id.idiag_dport);
  row.local_port = ntohs(msg->id.idiag_sport);
  // For a listener inet_diag reports the accept queue (sk_ack_backlog) in idiag_rqueue and its
  // limit (sk_max_ack_backlog) in idiag_wqueue: tcp_diag_get_info(), as ss -ltn shows them.
  row.rqueue = msg->idiag_rqueue;
  row.wqueue = msg->idiag_wqueue;
  row.wqueue_known = true;
  row.inode = msg->idiag_inode;
  tally->add(row);
  return MNL_CB_OK;
}

struct SocketCloser {
  void operator()(struct mnl_socket* s) const { mnl_socket_close(s); }
};

// Sends one dump request and feeds every answer to the tally. False with errno-based reason.
bool run_dump(struct mnl_socket* nl, struct nlmsghdr* nlh, std::vector<char>& buf, CensusTally& tally,
              const char* what, std::string* error) {
  const unsigned portid = mnl_socket_get_portid(nl);
  if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
    *error = std::string("netlink send: ") + std::strerror(errno);
    return false;
  }
  for (;;) {
    ssize_t n = mnl_socket_recvfrom(nl, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::string("netlink receive: ") + std::strerror(errno);
      return false;
    }
    int ret = tally_diag_reply(buf.data(), static_cast<size_t>(n), nlh->nlmsg_seq, portid, tally);
    if (ret == MNL_CB_STOP) return true;
    if (ret < 0) {
      *error = std::string("sock_diag dump (") + what + "): " + std::strerror(errno);
      return false;
    }
  }
}

using Socket = std::unique_ptr<struct mnl_socket, SocketCloser>;

Socket open_diag_socket(std::string* error) {
  Socket nl(mnl_socket_open(NETLINK_SOCK_DIAG));
  if (!nl) {
    *error = std::string("netlink socket: ") + std::strerror(errno);
    return nullptr;
  }
  if (mnl_socket_bind(nl.get(), 0, MNL_SOCKET_AUTOPID) < 0) {
    *error = std::string("netlink bind: ") + std::strerror(errno);
    return nullptr;
  }
  return nl;
}

}  // namespace

int tally_diag_reply(const char* buf, size_t len, uint32_t seq, uint32_t portid, CensusTally& tally) {
  // libmnl 1.0.4's mnl_nlmsg_ok compares (int)nlmsg_len <= len: a length field above INT_MAX is
  // negative there, passes, and mnl_nlmsg_next jumps ~4 GiB past the buffer (found by
  // fuzz/targets/netlink.cc: SEGV in mnl_nlmsg_ok; fixed upstream after 1.0.4, Debian 12 ships
  // 1.0.4). So every header's length is checked here first, unsigned, as the kernel's NLMSG_OK
  // does: a message longer than what is left of the datagram is malformed (EBADMSG).
  for (size_t off = 0; len - off >= sizeof(struct nlmsghdr);) {
    struct nlmsghdr h;
    std::memcpy(&h, buf + off, sizeof h);
    if (h.nlmsg_len < sizeof h || h.nlmsg_len > len - off) {
      errno = EBADMSG;
      return MNL_CB_ERROR;
    }
    off += MNL_ALIGN(h.nlmsg_len);
    if (off >= len) break;
  }
  return mnl_cb_run(buf, len, seq, portid, on_message, &tally);
}

bool census_from_netlink(CensusTally& tally, std::string* error, bool single_walk, uint32_t states) {
  if (!states) states = kAllStates;
  // The kernel sizes each dump skb up to the reader's buffer (capped near 32 KiB), so a large
  // buffer means fewer recvmsg calls.
  std::vector<char> buf(64 * 1024);
  unsigned seq = static_cast<unsigned>(time(nullptr));
  char req_buf[MNL_SOCKET_BUFFER_SIZE];

  Socket nl = open_diag_socket(error);
  if (!nl) return false;
  if (single_walk) {  // Both families in one walk.
    struct nlmsghdr* nlh = mnl_nlmsg_put_header(req_buf);
    nlh->nlmsg_type = TCPDIAG_GETSOCK;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++seq;
    auto* req = static_cast<struct inet_diag_req*>(mnl_nlmsg_put_extra_header(nlh, sizeof(struct inet_diag_req)));
    req->idiag_family = AF_UNSPEC;
    req->idiag_states = states;
    CensusTally attempt = tally;
    std::string ignored;
    if (run_dump(nl.get(), nlh, buf, attempt, "TCPDIAG_GETSOCK", &ignored)) {
      tally = std::move(attempt);
      return true;
    }
  }
  // A fresh socket: a dump that failed half way may have left messages queued on the old one.
  nl = open_diag_socket(error);
  if (!nl) return false;
  for (int family : {AF_INET, AF_INET6}) {
    struct nlmsghdr* nlh = mnl_nlmsg_put_header(req_buf);
    nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++seq;
    auto* req = static_cast<struct inet_diag_req_v2*>(mnl_nlmsg_put_extra_header(nlh, sizeof(struct inet_diag_req_v2)));
    req->sdiag_family = static_cast<uint8_t>(family);
    req->sdiag_protocol = IPPROTO_TCP;
    req->idiag_states = states;
    if (!run_dump(nl.get(), nlh, buf, tally, family == AF_INET ? "AF_INET" : "AF_INET6", error)) return false;
  }
  return true;
}

}  // namespace sa::live
