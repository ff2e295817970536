// rules/writers.toml -> WriterRules: where other writers keep their sysctls and which keys a
// running one owns (docs/writers.md). Data, so an operator can read it and add a daemon of theirs.
#pragma once

#include <filesystem>
#include <string>

#include "advisor/core/other_writers.h"
#include "advisor/engine/engine.h"

namespace sa::engine {

// rules/writers.toml (data::kWritersFileName), read by advisor/data.
// Every mistake in the file, each at its file:line:col; nothing half-loaded.
Loaded<WriterRules> parse_writer_rules(const std::string& text, const std::string& display);

}  // namespace sa::engine
