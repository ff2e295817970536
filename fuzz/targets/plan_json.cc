// Plan files (advisor/plan/plan_json.h) and what apply checks before writing
// (advisor/apply/plan_check.h, plan_trust.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "advisor/apply/plan_check.h"
#include "advisor/apply/plan_trust.h"
#include "advisor/plan/plan_json.h"
#include "fuzz/targets/fuzz_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sa::engine::Knowledge k = sa::fuzz::knowledge();
  static const sa::engine::DenyList deny = sa::fuzz::deny_list();
  nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  std::vector<sa::Diagnostic> errors;
  auto plan = sa::plan::plan_from_json(j, errors);
  if (!plan) return 0;
  if (!sa::apply::check_plan_for_apply(*plan).empty()) return 0;
  sa::apply::verify_provenance(*plan, k, deny, {"net.ipv4.tcp_ecn"});
  sa::apply::compare_with_host(*plan, sa::HostIdentity{"h", "b", "6.1.0", "net:[1]"}, {{"net.core.somaxconn", "4096"}});
  sa::plan::to_json(*plan).dump();
  return 0;
}
