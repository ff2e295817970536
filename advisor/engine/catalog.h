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

// What a network namespace created with `unshare -n` / a container runtime starts with.
enum class NetnsStart {
  unknown,
  kernel_default,  // the kernel's default (tcp_sk_init(), inet_init_net(), ...): the host's value never reaches it
  copied_from_init,// the initial namespace's value at the moment of creation (tcp_rmem/wmem, congestion control)
  computed_ehash,  // computed from the new namespace's established hash size (tcp_set_hashinfo())
  global,          // not per namespace: one value for the machine; invisible in other namespaces
  // One value for the machine that every namespace shows read-only (mode 0444 outside the initial
  // one: nf_conntrack_max, nf_conntrack_buckets, nf_conntrack_standalone_init_sysctl()): a container
  // reads the host's value but cannot set it.
  global_read_only,
};
std::string_view to_string(NetnsStart s);
std::optional<NetnsStart> parse_netns_start(std::string_view text);
// One sentence for people: what a new namespace gets and why (explain, plan reasons).
std::string_view netns_start_meaning(NetnsStart s);
// A key a container cannot set for itself: per_netns_since "never" or netns_start global.
bool is_global(const struct KeyInfo& key);

struct KeyDefault {
  std::string value;
  std::string since;  // kernel version; empty = from the start
};

struct KeyInfo {
  std::string name;
  std::string summary;
  std::string description;
  KeyType type = KeyType::string;
  // The documented range (bool: 0..1 when absent; enum: the listed values).
  std::optional<int64_t> min, max;
  // What the kernel's handler refuses with EINVAL, when it is wider than the documented range
  // (rules/keys.toml kernel_min/kernel_max, measured in a namespace by
  // tests/rules_data/kernel_bounds_netns_test.sh): tcp_sack is a u8 that takes 0..255. Absent: the
  // documented range is what the kernel refuses outside.
  std::optional<int64_t> kernel_min, kernel_max;
  std::vector<std::pair<std::string, std::string>> values;  // enum: value -> meaning, in file order
  std::vector<KeyDefault> defaults;                         // in file order
  std::string added;            // "" unknown, "0" always there
  std::string removed;          // "" = still there
  std::string per_netns_since;  // "" unknown, "never" = global only
  // What a new network namespace starts with (rules/keys.toml `netns_start`), verified on the
  // kernel by tests/rules_data/netns_start_test.sh.
  NetnsStart netns_start = NetnsStart::unknown;
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
// Empty when `value` is valid for the key's type and documented range or values, else what was
// expected. Integers are read as the kernel reads a write (core::kernel_integer: "01" is 1).
std::string check_value(const KeyInfo& key, const std::string& value);
// Empty when the kernel takes the write (kernel_min/kernel_max, else the documented range), else why
// it refuses it with EINVAL. A value can be accepted and still fail check_value: tcp_syncookies = 3.
std::string refused_value(const KeyInfo& key, const std::string& value);

}  // namespace sa::engine
