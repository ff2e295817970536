// Snapshot files (advisor/live/snapshot_json.h) and the configuration they carry
// (advisor/config/config_json.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "advisor/config/config_json.h"
#include "advisor/live/snapshot_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  std::vector<sa::Diagnostic> errors;
  auto snap = sa::live::snapshot_from_json(j, "fuzz.json", errors);
  if (snap && !snap->config.is_null()) sa::config::config_from_json(snap->config, errors);
  if (j.is_object() && j.contains("config")) sa::config::config_from_json(j["config"], errors);
  return 0;
}
