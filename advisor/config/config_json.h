// A ConfigSet as JSON (DESIGN.md's `config` body) and back. The snapshot embeds this body and
// `plan --snapshot` rebuilds the ConfigSet from it, so the two functions are exact inverses for
// everything the engine reads: keys, values, origins, shadowed lines, diagnostics.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "advisor/config/config_set.h"
#include "advisor/core/diagnostic.h"

namespace sa::config {

// {"loader", "root", "files": [path...], "masks": [path...], "hidden": [{path, by, masked}],
//  "keys": [{key, value, file, line, ignore_failure, glob, excluded,
//            shadowed: [{value, file, line, ignore_failure, exclusion}],
//            globs_overridden: [{key, value, file, line}]}],
//  "diagnostics": [{file, line, col, severity, code, message}]}
// The caller adds "schema". Strings are valid UTF-8 (file names and lines are escaped on reading).
nlohmann::json to_json(const ConfigSet& set);

// The same body as to_json(), written straight into `out` with "schema" first and 2-space
// indentation: `config --format json` on a million lines cannot afford a JSON tree in memory.
// With `drain`, `out` is handed to it whenever it holds more than 64 KiB (the caller writes it
// out and may clear it), and once more is left for the caller: 100 MB of JSON never sits whole.
void write_json(const ConfigSet& set, const std::string& schema, std::string& out,
                const std::function<void(std::string&)>& drain = nullptr);

// Rebuilds a ConfigSet. Missing optional fields take their defaults; a malformed body yields what
// could be read plus one error per problem in `errors` (never throws).
ConfigSet config_from_json(const nlohmann::json& body, std::vector<Diagnostic>& errors);

}  // namespace sa::config
