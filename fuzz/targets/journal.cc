// Journal entries (advisor/apply/journal.h), which rollback trusts to put values back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "advisor/apply/journal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  std::string error;
  auto e = sa::apply::entry_from_json(j, error);
  if (e) {
    sa::apply::to_json(*e).dump();
    sa::apply::interrupted_warning(*e);
  }
  return 0;
}
