// Sysctl key names: the one place that turns what a user wrote into the dotted form, decides
// whether a key is safe to become a path, and maps it under /proc/sys.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sa {

// sysctl.d(5): when the first separator in a key is '/', dots and slashes swap roles, so
// "net/ipv4/conf/eth0.100/forwarding" is "net.ipv4.conf.eth0/100.forwarding" in dotted form.
// Keys whose first separator is '.' are returned unchanged.
std::string normalize_key(std::string_view raw);

// The character set of DESIGN.md's safety rule: [A-Za-z0-9_.-/*:@+], no "..", no empty component,
// no leading separator. Globs ('*', '?', '[') are accepted only when allow_glob is set.
bool is_valid_key(std::string_view dotted, bool allow_glob = false);

// /proc/sys path of a dotted key under root: dots become '/', slashes (inside an interface name)
// become '.'. Returns nullopt for an invalid key, so a bad key never becomes a path.
std::optional<std::filesystem::path> proc_sys_path(const std::filesystem::path& root, std::string_view dotted);

// The kernel prints multi-number values with tabs; the contract folds runs of whitespace to one
// space and trims the ends.
std::string fold_whitespace(std::string_view value);
// One word of an integer sysctl value as the kernel reads a write: proc_get_long() (kernel/sysctl.c)
// takes an optional '-', then strtoul_lenient(..., base 0): "0x10" is 16, "010" is 8 (octal),
// "060999" and "+1" are refused (EINVAL), and so is anything past 64 bits. Read back on 6.18 in
// `unshare -n` through tcp_fin_timeout and ip_local_port_range. nullopt: the kernel would refuse it.
// What the kernel prints (/proc/sys, always plain decimal) reads the same under this rule.
std::optional<int64_t> kernel_integer(std::string_view word);
// Two values mean the same to the kernel: compared word by word (whitespace folded), integers as
// the kernel reads them (kernel_integer: "010" == "8", "0x10" == "16"; "010" != "10"), and what an
// integer key ignores ignored: "37 # note" == "37" (the kernel stores the numbers a key holds and
// drops the rest of the write). The one definition that plan ("already at the proposed value"),
// apply (read-back), rollback and drift use.
bool same_value(std::string_view a, std::string_view b);

// The --root value that means the live host itself ("/" or not given), not a copy of one: the one
// definition every reader, the jail and the other-writer scan decide by.
bool is_live_root(const std::filesystem::path& root);

// A path on the host (absolute, like "/etc/sysctl.d") under --root.
std::filesystem::path under_root(const std::filesystem::path& root, std::string_view absolute);
// The inverse: where `path` (inside the --root tree) is on the host ("/etc/sysctl.d/x.conf"), or
// nullopt when it lies outside the tree. On the live host a path is its own host path.
std::optional<std::filesystem::path> host_path_in_root(const std::filesystem::path& root,
                                                       const std::filesystem::path& path);

}  // namespace sa
