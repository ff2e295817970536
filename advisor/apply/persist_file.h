// The drop-in apply writes so the plan survives a reboot: a header saying what wrote it and from
// which journal entry, then each key with its reason as a comment. A later apply keeps the keys
// of earlier ones it does not touch, so the file always says everything the advisor has set.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sa::apply {

inline constexpr const char* kPersistMarker = "# Written by sysctl-advisor";

struct PersistLine {
  std::string key;
  std::string value;
  std::vector<std::string> comment;  // comment lines above it, without the leading "# "
};

struct PersistHeader {
  std::string entry_id;
  std::string profile;
  std::string time;
  std::string plan_source;
};

// Text from the plan (profile, rule, reason, plan path) goes into comment lines with every control
// byte as \xNN, so it cannot end the comment for either loader.
std::string render_persist(const std::vector<PersistLine>& lines, const PersistHeader& header);
std::string comment_safe(std::string_view text);

// What `content` would assign, read by config's own model as systemd-sysctl and as procps, against
// `lines`: one message per loader that would read anything else (another key, another value, a
// diagnostic). Empty when both read exactly `lines`, in order.
std::vector<std::string> unexpected_assignments(const std::string& content, const std::vector<PersistLine>& lines);

// True when content is a file this tool wrote (its first line is the marker).
bool is_our_persist_file(const std::string& content);

// The assignments of a file this tool wrote, with their comments; nullopt when it is not ours.
std::optional<std::vector<PersistLine>> parse_persist(const std::string& content);

// Earlier lines updated with this plan's: keys in both take the new value and comment, in the
// earlier position; new keys follow in plan order.
std::vector<PersistLine> merge_persist(const std::vector<PersistLine>& earlier, const std::vector<PersistLine>& plan);

// Same assignments (key and value, in any order), ignoring comments and header.
bool same_assignments(const std::vector<PersistLine>& a, const std::vector<PersistLine>& b);

}  // namespace sa::apply
