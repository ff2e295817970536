// rules/writers.toml -> WriterRules: where other writers keep their sysctls and which keys a
// running one owns (docs/writers.md). Data, so an operator can read it and add a daemon of theirs.
#pragma once

#include <filesystem>
#include <string>

#include "advisor/core/other_writers.h"
#include "advisor/engine/engine.h"

namespace sa::engine {

constexpr const char* kWritersFileName = "writers.toml";

// Every mistake in the file, each at its file:line:col; nothing half-loaded.
Loaded<WriterRules> parse_writer_rules(const std::string& text, const std::string& display);
// A missing file is an error too (the caller decides whether that stops it).
Loaded<WriterRules> load_writer_rules(const std::filesystem::path& file);

}  // namespace sa::engine
