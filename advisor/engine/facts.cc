#include "advisor/engine/engine.h"

namespace sa::engine {

Facts host_facts(const live::HostState* host, const config::ConfigSet* config, const Catalog& catalog, std::string kernel) {
  Facts f;
  f.host = host;
  f.config = config;
  f.catalog = &catalog;
  f.kernel = !kernel.empty() ? std::move(kernel) : (host ? host->kernel : "");
  return f;
}

Facts offline_facts(const config::ConfigSet& config, std::string kernel, const Catalog& catalog) {
  return host_facts(nullptr, &config, catalog, std::move(kernel));
}

}  // namespace sa::engine
