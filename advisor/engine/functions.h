// The functions of the rule language: one table that the compiler checks calls against (name,
// arity, what the first argument names) and that `rules --functions`/docs describe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sa::engine {

enum class ArgKind {
  none,     // no arguments, or any expressions
  key,      // a sysctl key in the catalog, as a string literal
  counter,  // "Prefix.Name" as in /proc/net/netstat and snmp (TcpExt.ListenOverflows, Tcp.ActiveOpens)
  state,    // a socket state as ss spells it ("time-wait")
  sockstat, // "TCP.tw": a /proc/net/sockstat line and field
};

struct FunctionSpec {
  const char* name;
  int min_args;
  int max_args;
  ArgKind first;  // what the first argument must be (a string literal, checked at load time)
  const char* summary;
};

const std::vector<FunctionSpec>& functions();
const FunctionSpec* find_function(std::string_view name);
std::vector<std::string> function_names();
// Socket states as ss spells them.
const std::vector<std::string>& socket_states();

}  // namespace sa::engine
