// Plans and snapshots in the Prometheus text exposition format (version 0.0.4), for node_exporter's
// textfile collector (Debian: /var/lib/prometheus/node-exporter/*.prom, written by
// sysctl-advisor-audit.service). Names follow node_exporter's conventions: one sysctl_advisor_
// prefix, base units in the name (_seconds, _ratio, _per_second), gauges only (every value is a
// state at the time of the run), bounded label sets (top K destinations only). Pure.
#pragma once

#include <cstddef>
#include <string>

#include "advisor/apply/drift.h"
#include "advisor/live/host_state.h"
#include "advisor/plan/plan.h"

namespace sa::report {

std::string plan_prometheus(const plan::Plan& plan);
// `top_k`: how many destination groups get their own port-share series.
std::string snapshot_prometheus(const live::HostState& host, size_t top_k = 10);
// Drift counts, and one series per drifted key (configured keys only: bounded by the configuration).
std::string drift_prometheus(const apply::Drift& drift);

}  // namespace sa::report
