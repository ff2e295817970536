// HostState <-> the snapshot document (schema "sysctl-advisor/snapshot/v1", docs/snapshot.md).
// The document also carries the configuration model under "config"; live/ does not know its shape
// (config/ owns it), so it travels here as opaque JSON.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "advisor/core/diagnostic.h"
#include "advisor/live/host_state.h"

namespace sa::live {

// v2: sockets.peers[].port_share is the busiest source address's share (v1: all sources together
// against one range, which could pass 100%); added sources, busiest_source, busiest_count to each
// peer, and sockets.outgoing, destinations, sources, listeners, close_wait, processes. v1 documents
// are still read: their peers keep their counts, the new facts are unknown.
inline constexpr const char* kSnapshotSchema = "sysctl-advisor/snapshot/v2";
inline constexpr int kSnapshotVersion = 2;

struct Snapshot {
  HostState host;
  nlohmann::json config;  // config::to_json(ConfigSet); null when the snapshot has none
};

// The whole document: schema, host facts, and `config` as given (null is written as null).
// Ordered: "schema" first and "config" last, so a person reading the file meets the facts first.
nlohmann::ordered_json snapshot_to_json(const HostState& host, const nlohmann::json& config);

// Validates and converts a parsed document. Every problem is reported, each naming the JSON
// pointer of the field ("/counters/TcpExt.ListenOverflows: expected an integer, found a string"),
// a missing required field, or a schema this build cannot read (newer: upgrade). `file` is the
// name diagnostics carry. nullopt when there is any error.
std::optional<Snapshot> snapshot_from_json(const nlohmann::json& doc, const std::string& file,
                                           std::vector<Diagnostic>& errors);

// Reads and validates a snapshot file (not JSON, unreadable: an error naming the file, and for
// JSON syntax the line and column).
std::optional<Snapshot> read_snapshot(const std::filesystem::path& path, std::vector<Diagnostic>& errors);

}  // namespace sa::live
