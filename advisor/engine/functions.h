// The functions of the rule language: one table, one row per function. The checker (arity, what
// each literal argument names), the evaluator (the row's implementation), `rules --functions` and
// the table in docs/rule-format.md (tests/engine/functions_doc_test) are all made from it.
//
// Adding a function: write its implementation in functions.cc and add its row to the table there.
// Nothing else names it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "advisor/engine/expr.h"
#include "advisor/engine/facts.h"
#include "advisor/engine/profile.h"
#include "advisor/engine/value.h"

namespace sa::engine {

// What one argument is. The literal kinds must be string literals and are checked when the rules
// load; `any` is an expression, evaluated when the function runs.
enum class ArgKind {
  any,      // any expression
  key,      // a sysctl key in the catalog ("net.ipv4.tcp_tw_reuse")
  counter,  // "Prefix.Name" as in /proc/net/netstat and snmp (TcpExt.ListenOverflows, Tcp.ActiveOpens)
  state,    // a socket state as ss spells it ("time-wait")
  sockstat, // "TCP.tw": a /proc/net/sockstat line and field
  conntrack_timeout,  // a TCP state conntrack times out: "established", "time_wait", ...
  conntrack_column,   // a /proc/net/stat/nf_conntrack column: "drop", "early_drop", "insert_failed", ...
};

// One call being evaluated, as its implementation sees it.
struct Call {
  const Expr& expr;
  const Facts& facts;
  const Profile* profile;
  // The literal text of argument i (a key, counter, state or sockstat argument).
  const std::string& text(size_t i) const { return expr.args[i]->text; }
  // Argument i evaluated (an `any` argument).
  Value arg(size_t i) const;
};

struct FunctionSpec {
  const char* name;
  std::vector<ArgKind> args;  // one per argument: the arity
  const char* usage;          // how docs write a call: sysctl("k")
  const char* value;          // what it returns
  const char* unknown_when;   // when it is unknown instead
  Value (*impl)(const Call&);
};

// In the order the docs list them.
const std::vector<FunctionSpec>& functions();
const FunctionSpec* find_function(std::string_view name);
std::vector<std::string> function_names();
// The markdown table of docs/rule-format.md ("| function | value | unknown when |" and a row each).
std::string functions_markdown();

}  // namespace sa::engine
