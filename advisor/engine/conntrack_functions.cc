#include "advisor/engine/conntrack_functions.h"

#include <string>

#include "advisor/engine/evaluator.h"

namespace sa::engine {
namespace {

constexpr const char* kCount = "net.netfilter.nf_conntrack_count";

// Whether conntrack facts can be known at all: the live host (or a snapshot) with nf_conntrack
// loaded. nullopt when they can, else the unknown that says why.
std::optional<Value> not_known(const Facts& f) {
  if (!f.host) return Value::unknown(kNeedsLive);
  const live::SysctlValue* count = f.host->value(kCount);
  if (f.host->conntrack && !f.host->conntrack->loaded) return Value::unknown(kConntrackNotLoaded);
  if (!count) return Value::unknown("the snapshot does not record conntrack (taken by an older version)");
  if (count->status == live::SysctlValue::Status::absent) return Value::unknown(kConntrackNotLoaded);
  return std::nullopt;
}

Value ct_sysctl(const Facts& f, const std::string& key) {
  if (auto u = not_known(f)) return *u;
  return sysctl_value(key, f);
}

// The summed column of /proc/net/stat/nf_conntrack, from `which` (totals since boot or the increase
// over --sample).
Value ct_stat(const Facts& f, const std::string& column, bool increase) {
  if (auto u = not_known(f)) return *u;
  const auto& ct = f.host->conntrack;
  if (!ct) return Value::unknown("the snapshot does not record /proc/net/stat/nf_conntrack (taken by an older version)");
  if (!ct->stat) return Value::unknown("/proc/net/stat/nf_conntrack could not be read (see the diagnostics)");
  if (!ct->stat->count(column))
    return Value::unknown("this kernel's /proc/net/stat/nf_conntrack has no column " + column);
  if (!increase) return Value::number(static_cast<double>(ct->stat->at(column)));
  if (!ct->increase || f.host->sample_seconds <= 0) return Value::unknown(kNeedsSample);
  auto it = ct->increase->find(column);
  if (it == ct->increase->end()) return Value::unknown(column + " went down during the sample (nf_conntrack reloaded?)");
  return Value::number(static_cast<double>(it->second));
}

}  // namespace

const std::vector<std::string_view>& conntrack_timeout_names() {
  static const std::vector<std::string_view> kNames = {"syn_sent",   "syn_recv", "established", "fin_wait",
                                                       "close_wait", "last_ack", "time_wait",   "close",
                                                       "max_retrans", "unacknowledged"};
  return kNames;
}

Value conntrack_call(const Call& c) {
  const Facts& f = c.facts;
  const std::string& name = c.expr.text;
  if (name == "conntrack_count") return ct_sysctl(f, kCount);
  if (name == "conntrack_max") return ct_sysctl(f, "net.netfilter.nf_conntrack_max");
  if (name == "conntrack_buckets") return ct_sysctl(f, "net.netfilter.nf_conntrack_buckets");
  if (name == "conntrack_timeout") return ct_sysctl(f, "net.netfilter.nf_conntrack_tcp_timeout_" + c.text(0));
  if (name == "conntrack_fill") {
    Value count = ct_sysctl(f, kCount);
    if (count.is_unknown()) return count;
    Value max = ct_sysctl(f, "net.netfilter.nf_conntrack_max");
    if (max.is_unknown()) return max;
    auto n = as_number(count), m = as_number(max);
    if (!n || !m) return Value::unknown("nf_conntrack_count or nf_conntrack_max is not a number");
    // 0 was "no limit" (__nf_conntrack_alloc() checks `nf_conntrack_max &&`): the table never fills.
    if (*m <= 0) return Value::unknown("nf_conntrack_max is 0: the table has no limit");
    return Value::number(*n / *m);
  }
  if (name == "conntrack_stat") return ct_stat(f, c.text(0), false);
  if (name == "conntrack_increase") return ct_stat(f, c.text(0), true);
  if (name == "conntrack_rate") {
    Value v = ct_stat(f, c.text(0), true);
    if (v.is_unknown()) return v;
    return Value::number(v.n / f.host->sample_seconds);
  }
  return Value::unknown("unknown function " + name);
}

}  // namespace sa::engine
