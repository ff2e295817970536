// Work on all cores without a thread pool library: run fn(i, worker) for every i in [0, n), each
// worker taking the next index (so one slow item does not hold up a fixed share). The calling
// thread is worker 0. Used where items are independent and their results go to slot i, so the
// output is the same as one thread's, in the same order.
#pragma once

#include <cstddef>
#include <functional>

namespace sa {

// The cores this process may run on: its CPU affinity (taskset, a cgroup cpuset), not every
// core of the machine. At least 1.
unsigned usable_cores();

// How many workers to start for n items: the usable cores (at most 8), never more than n, at least 1.
unsigned workers_for(size_t n);

// Returns once every call has returned; the first exception any call threw is then rethrown.
void parallel_for(size_t n, unsigned workers, const std::function<void(size_t i, unsigned worker)>& fn);

}  // namespace sa
