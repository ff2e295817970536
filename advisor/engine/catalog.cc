#include "advisor/engine/catalog.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "advisor/core/sysctl_key.h"
#include "advisor/engine/version.h"

namespace sa::engine {

std::string_view to_string(KeyType t) {
  switch (t) {
    case KeyType::int_: return "int";
    case KeyType::bool_: return "bool";
    case KeyType::enum_: return "enum";
    case KeyType::range: return "range";
    case KeyType::port_list: return "port-list";
    case KeyType::bitmask: return "bitmask";
    case KeyType::string: return "string";
  }
  return "string";
}

std::optional<KeyType> parse_key_type(std::string_view text) {
  for (KeyType t : {KeyType::int_, KeyType::bool_, KeyType::enum_, KeyType::range, KeyType::port_list,
                    KeyType::bitmask, KeyType::string})
    if (to_string(t) == text) return t;
  return std::nullopt;
}

std::string_view to_string(NetnsStart s) {
  switch (s) {
    case NetnsStart::unknown: return "unknown";
    case NetnsStart::kernel_default: return "kernel-default";
    case NetnsStart::copied_from_init: return "copied-from-init";
    case NetnsStart::computed_ehash: return "computed-ehash";
    case NetnsStart::global: return "global";
    case NetnsStart::global_read_only: return "global-read-only";
  }
  return "unknown";
}

std::optional<NetnsStart> parse_netns_start(std::string_view text) {
  for (NetnsStart s : {NetnsStart::kernel_default, NetnsStart::copied_from_init, NetnsStart::computed_ehash,
                       NetnsStart::global, NetnsStart::global_read_only})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string_view netns_start_meaning(NetnsStart s) {
  switch (s) {
    case NetnsStart::unknown: return "not recorded";
    case NetnsStart::kernel_default:
      return "starts from the kernel default: the host's value never reaches a new namespace";
    case NetnsStart::copied_from_init:
      return "copies the initial (host) namespace's value when it is created; later host changes do not reach it";
    case NetnsStart::computed_ehash:
      return "computed from the new namespace's established hash size (tcp_child_ehash_entries of its creator, else "
             "the host's table)";
    case NetnsStart::global:
      return "one value for the whole machine: not visible in other namespaces, set it on the host";
    case NetnsStart::global_read_only:
      return "one value for the whole machine: other namespaces see the host's value read-only (mode 0444), set it "
             "on the host";
  }
  return "not recorded";
}

bool is_global(const KeyInfo& key) {
  return key.per_netns_since == "never" || key.netns_start == NetnsStart::global ||
         key.netns_start == NetnsStart::global_read_only;
}

const KeyInfo* Catalog::find(std::string_view name) const {
  auto it = std::lower_bound(keys.begin(), keys.end(), name, [](const KeyInfo& k, std::string_view n) { return k.name < n; });
  return it != keys.end() && it->name == name ? &*it : nullptr;
}

bool Catalog::is_known_name(std::string_view name) const {
  return std::binary_search(known_names.begin(), known_names.end(), name,
                            [](std::string_view x, std::string_view y) { return x < y; });
}

std::vector<std::string> Catalog::names() const {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(k.name);
  return out;
}

std::optional<std::string> default_for(const KeyInfo& key, const std::string& kernel) {
  const KeyDefault* best = nullptr;
  for (const auto& d : key.defaults) {
    if (!kernel.empty() && !d.since.empty() && compare_versions(kernel, d.since) < 0) continue;
    if (!best || compare_versions(d.since, best->since) >= 0) best = &d;
  }
  if (!best) return std::nullopt;
  return best->value;
}

std::optional<bool> exists_on(const KeyInfo& key, const std::string& kernel) {
  if (kernel.empty()) return std::nullopt;
  if (!key.removed.empty() && compare_versions(kernel, key.removed) >= 0) return false;
  if (!key.added.empty() && compare_versions(kernel, key.added) < 0) return false;
  if (key.added.empty() && key.removed.empty()) return std::nullopt;
  return true;
}

namespace {

// The bounds one reading of a value checks against: the documented range or the kernel's.
struct Bounds {
  std::optional<int64_t> min, max;
};

std::string describe(const Bounds& b) {
  std::string lo = b.min ? std::to_string(*b.min) : "", hi = b.max ? std::to_string(*b.max) : "";
  if (b.min && b.max) return " between " + lo + " and " + hi;
  if (b.min) return " of at least " + lo;
  if (b.max) return " of at most " + hi;
  return "";
}

std::string check_int(const KeyInfo& k, const Bounds& b, const std::string& v, const char* what) {
  auto n = kernel_integer(v);
  if (!n) return std::string("expected ") + what + describe(b) + " for " + k.name + ", found '" + v + "'";
  if ((b.min && *n < *b.min) || (b.max && *n > *b.max))
    return std::string("value ") + v + " is out of range for " + k.name + ": expected " + what + describe(b);
  return "";
}

// What the kernel's handler takes: kernel_min/kernel_max where measured wider, else the documented
// range (a bool's 0..1 when the catalog gives none).
Bounds kernel_bounds(const KeyInfo& k) {
  Bounds b{k.min, k.max};
  if (k.type == KeyType::bool_) {
    if (!b.min) b.min = 0;
    if (!b.max) b.max = 1;
  }
  if (k.kernel_min) b.min = k.kernel_min;
  if (k.kernel_max) b.max = k.kernel_max;
  return b;
}

// One judgement for both readings: `documented` checks the documented range and adds the enum's
// values and a bool's 0 or 1; otherwise only what the kernel refuses.
std::string judge(const KeyInfo& k, const std::string& raw, bool documented) {
  const std::string v = fold_whitespace(raw);
  const Bounds b = documented ? Bounds{k.min, k.max} : kernel_bounds(k);
  switch (k.type) {
    case KeyType::int_: return check_int(k, b, v, "an integer");
    case KeyType::bitmask: return check_int(k, b, v, "a bitmask");
    case KeyType::bool_: {
      if (!documented) return check_int(k, b, v, "an integer");
      auto n = kernel_integer(v);
      if (n && (*n == 0 || *n == 1)) return "";  // "01" and "0x1" are the kernel's 1
      return "expected 0 or 1 for " + k.name + ", found '" + v + "'";
    }
    case KeyType::enum_: {
      if (!documented || k.values.empty()) return check_int(k, b, v, "an integer");
      auto n = kernel_integer(v);
      for (const auto& [val, meaning] : k.values) {
        auto m = kernel_integer(val);
        if (val == v || (n && m && *n == *m)) return "";
      }
      std::string allowed;
      for (const auto& [val, meaning] : k.values) allowed += (allowed.empty() ? "" : ", ") + val;
      return "value '" + v + "' is not one of " + k.name + "'s values (" + allowed + ")";
    }
    case KeyType::range: {
      std::istringstream in(v);
      std::string a, c, extra;
      in >> a >> c >> extra;
      auto lo = kernel_integer(a), hi = kernel_integer(c);
      if (!lo || !hi || !extra.empty()) return "expected two integers 'LOW HIGH' for " + k.name + ", found '" + v + "'";
      if (*lo > *hi) return "expected LOW <= HIGH for " + k.name + ", found '" + v + "'";
      if ((b.min && *lo < *b.min) || (b.max && *hi > *b.max))
        return "range '" + v + "' is out of bounds for " + k.name + ": expected numbers" + describe(b);
      return "";
    }
    case KeyType::port_list: {
      // "1024-1030,8080" (ip_local_reserved_ports): comma-separated ports or ranges, or empty.
      if (v.empty()) return "";
      std::istringstream in(v);
      std::string item;
      while (std::getline(in, item, ',')) {
        size_t dash = item.find('-');
        auto lo = kernel_integer(item.substr(0, dash));
        auto hi = dash == std::string::npos ? lo : kernel_integer(item.substr(dash + 1));
        if (!lo || !hi || *lo < 0 || *hi > 65535 || *lo > *hi)
          return "expected comma-separated ports or ranges (1024-1030,8080) for " + k.name + ", found '" + item + "'";
      }
      return "";
    }
    case KeyType::string: return "";
  }
  return "";
}

}  // namespace

std::string check_value(const KeyInfo& k, const std::string& value) { return judge(k, value, true); }

std::string refused_value(const KeyInfo& k, const std::string& value) { return judge(k, value, false); }

}  // namespace sa::engine
