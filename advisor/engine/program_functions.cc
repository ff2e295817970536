// The rule-language functions over who holds the sockets (live::ProgramSockets) and the direction
// of every socket (accepted through a local listener, or opened by this host): what profile
// inference reads. Their rows are in the function table of functions.cc.
#include <algorithm>
#include <sstream>

#include "advisor/engine/census_functions.h"

namespace sa::engine {
namespace {

constexpr const char* kProgramsUnknown =
    "processes unknown (read under --root, without the right to read /proc/PID/fd, or from an older snapshot)";

Value count(uint64_t n) { return Value::number(static_cast<double>(n)); }

// "5432 3306", "5432,3306", or "*" (any): the words of a list written in a profile.
std::vector<std::string> words(const std::string& text) {
  std::string spaced = text;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::istringstream in(spaced);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool listed(const std::string& item, const std::vector<std::string>& list) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& w) { return w == "*" || w == item; });
}

std::string program_text(const live::ProgramSockets& p) {
  std::string s = p.comm + " (pid " + std::to_string(p.pid);
  if (p.processes > 1) s += ", " + std::to_string(p.processes) + " processes";
  return s + ")";
}

}  // namespace

std::string port_of(const std::string& endpoint) {
  size_t colon = endpoint.rfind(':');
  return colon == std::string::npos ? std::string() : endpoint.substr(colon + 1);
}

Value port_in(const Call& c) {
  Value endpoint = c.arg(0), ports = c.arg(1);
  if (endpoint.is_unknown()) return endpoint;
  if (ports.is_unknown()) return ports;
  return Value::boolean(listed(port_of(plain(endpoint)), words(plain(ports))));
}

Value program_call(const Call& call) {
  const std::string& name = call.expr.text;
  const Facts& f = call.facts;
  if (!f.host) return Value::unknown(kNeedsLive);
  if (!f.host->sockets.known) return Value::unknown("the socket census could not be read");
  if (!f.host->sockets.programs_known) return Value::unknown(kProgramsUnknown);
  if (!f.program) return Value::unknown(kNoProgram);
  const live::ProgramSockets& p = *f.program;
  if (name == "program") return Value::string(program_text(p));
  if (name == "program_is") {
    Value names = call.arg(0);
    if (names.is_unknown()) return names;
    return Value::boolean(listed(p.comm, words(plain(names))));
  }
  if (name == "program_listening") {
    std::string s;
    for (const auto& l : p.listening) s += (s.empty() ? "" : ", ") + l;
    return Value::string(s.empty() ? "no listener" : s);
  }
  if (name == "program_listens_on") {
    Value ports = call.arg(0);
    if (ports.is_unknown()) return ports;
    const auto list = words(plain(ports));
    return Value::boolean(std::any_of(p.listening.begin(), p.listening.end(),
                                      [&](const std::string& l) { return listed(port_of(l), list); }));
  }
  if (name == "program_listeners") return count(p.listening.size());
  if (name == "program_accepted") return count(p.accepted);
  if (name == "program_connected") return count(p.connected);
  if (name == "program_upstreams") return count(p.upstreams);
  if (name == "program_upstream_connected") return count(p.upstream_connected);
  // program_upstream
  if (p.upstream.empty()) return Value::unknown(p.comm + " holds no connection it opened");
  return Value::string(p.upstream);
}

Value direction_call(const Call& call) {
  const std::string& name = call.expr.text;
  const Facts& f = call.facts;
  if (!f.host) return Value::unknown(kNeedsLive);
  const live::SocketCensus& c = f.host->sockets;
  if (!c.known) return Value::unknown("the socket census could not be read");
  Value ports = call.arg(0);
  if (ports.is_unknown()) return ports;
  const auto list = words(plain(ports));
  uint64_t n = 0;
  if (name == "accepted") {
    if (!c.accepted_known) return Value::unknown("the snapshot does not count accepted connections (an older version)");
    for (const auto& l : c.listeners)
      if (listed(port_of(l.local), list)) n += l.accepted;
    return count(n);
  }
  // outgoing_to: every connect-side socket, whatever its state, towards those remote ports.
  if (!c.direction_known) return Value::unknown("the snapshot (v1) does not record destinations");
  for (const auto& d : c.destinations)
    if (listed(port_of(d.remote), list)) n += d.total;
  return count(n);
}

}  // namespace sa::engine
