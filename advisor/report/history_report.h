// `history`: the journal's entries as a table for a person, or as JSON (sysctl-advisor/history/v1).
// Pure: the entries are read by advisor/apply.
#pragma once

#include <filesystem>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "advisor/apply/journal.h"

namespace sa::report {

void history_text(const std::vector<apply::Entry>& entries, std::ostream& out);
nlohmann::ordered_json history_json(const std::vector<apply::Entry>& entries, const std::filesystem::path& dir);

}  // namespace sa::report
