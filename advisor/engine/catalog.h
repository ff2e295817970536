// The key catalog (rules/keys.toml): what each sysctl key means, its type and range, its default by
// kernel version, when it was added or removed, whether it is per network namespace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "advisor/core/diagnostic.h"

namespace sa::engine {

enum class KeyType { int_, bool_, enum_, range, port_list, bitmask, string };
std::string_view to_string(KeyType t);
std::optional<KeyType> parse_key_type(std::string_view text);

struct KeyDefault {
  std::string value;
  std::string since;  // kernel version; empty = from the start
};

struct KeyInfo {
  std::string name;
  std::string summary;
  std::string description;
  KeyType type = KeyType::string;
  std::optional<int64_t> min, max;
  std::vector<std::pair<std::string, std::string>> values;  // enum: value -> meaning, in file order
  std::vector<KeyDefault> defaults;                         // in file order
  std::string added;            // "" unknown, "0" always there
  std::string removed;          // "" = still there
  std::string per_netns_since;  // "" unknown, "never" = global only
  std::vector<std::string> references;
  Location where;
};

struct Catalog {
  std::vector<KeyInfo> keys;  // sorted by name
  // Real sysctl names the catalog does not describe (rules/known-keys.txt), sorted: `check` never
  // calls one of them a typo of a catalog key.
  std::vector<std::string> known_names;
  const KeyInfo* find(std::string_view name) const;
  bool is_known_name(std::string_view name) const;
  std::vector<std::string> names() const;
};

// The default for a kernel: the applicable entry with the newest `since` (kernel empty: the
// newest entry overall). nullopt when the catalog has none.
std::optional<std::string> default_for(const KeyInfo& key, const std::string& kernel);
// Whether the key exists on that kernel per added/removed; nullopt when the catalog or the kernel
// does not say.
std::optional<bool> exists_on(const KeyInfo& key, const std::string& kernel);
// Empty when `value` is valid for the key's type and range, else what was expected.
std::string check_value(const KeyInfo& key, const std::string& value);

}  // namespace sa::engine
