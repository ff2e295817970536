// The diagnostic codes: every id a command prints in brackets (`file:line:col: severity: message
// [code]`) that is neither a rule of rules/*.toml nor a lint of `check` (advisor/check/lint_ids.h,
// which also holds advisor/config's sysctl.d syntax codes). Each is spelled once, here; the code
// that reports one uses the constant. Their documentation, what `explain ID` prints, is the
// registry in code_registry.h. diagnostic.h includes this header, so every reader sees the codes.
#pragma once

namespace sa::diag {

// Rule, profile, catalog, writers and deny-list files (TOML) and the defines of the rules.
inline constexpr const char* kTomlSyntax = "toml-syntax";
inline constexpr const char* kTomlTooManyProblems = "toml-too-many-problems";
inline constexpr const char* kMissingField = "missing-field";
inline constexpr const char* kWrongType = "wrong-type";
inline constexpr const char* kUnknownField = "unknown-field";
inline constexpr const char* kDuplicateId = "duplicate-id";
inline constexpr const char* kDuplicateCatalogKey = "duplicate-catalog-key";
inline constexpr const char* kDuplicateProfile = "duplicate-profile";
inline constexpr const char* kDuplicateDefine = "duplicate-define";
inline constexpr const char* kBadId = "bad-id";
inline constexpr const char* kBadSeverity = "bad-severity";
inline constexpr const char* kBadPriority = "bad-priority";
inline constexpr const char* kBadValue = "bad-value";
inline constexpr const char* kBadType = "bad-type";
inline constexpr const char* kBadVersion = "bad-version";
inline constexpr const char* kBadKey = "bad-key";
inline constexpr const char* kBadName = "bad-name";
inline constexpr const char* kBadPath = "bad-path";
inline constexpr const char* kBadEnforces = "bad-enforces";
inline constexpr const char* kBadNetnsStart = "bad-netns-start";
inline constexpr const char* kNetnsContradiction = "netns-contradiction";
inline constexpr const char* kKeyMismatch = "key-mismatch";
inline constexpr const char* kKeyNotInCatalog = "key-not-in-catalog";
inline constexpr const char* kUnknownProfile = "unknown-profile";
inline constexpr const char* kUnknownTrait = "unknown-trait";
inline constexpr const char* kUnknownDefine = "unknown-define";
inline constexpr const char* kTraitType = "trait-type";
inline constexpr const char* kNameMismatch = "name-mismatch";
inline constexpr const char* kExtendsCycle = "extends-cycle";
inline constexpr const char* kDefineCycle = "define-cycle";
inline constexpr const char* kGenericExtends = "generic-extends";
inline constexpr const char* kNoGeneric = "no-generic";
inline constexpr const char* kNoDeny = "no-deny";
inline constexpr const char* kNoReason = "no-reason";
inline constexpr const char* kNoNames = "no-names";
inline constexpr const char* kNoReference = "no-reference";
inline constexpr const char* kKnownKey = "known-key";
inline constexpr const char* kSyntax = "syntax";        // a condition that does not parse
inline constexpr const char* kCondition = "condition";  // a condition that parses but does not check
inline constexpr const char* kTemplate = "template";    // a reason template
inline constexpr const char* kUnreadable = "unreadable";
inline constexpr const char* kNoFolder = "no-folder";

// The host: /proc, /proc/sys and netlink.
inline constexpr const char* kProcFileMissing = "proc-file-missing";
inline constexpr const char* kProcFileUnreadable = "proc-file-unreadable";
inline constexpr const char* kProcNoPrefix = "proc-no-prefix";
inline constexpr const char* kProcHeaderWithoutValues = "proc-header-without-values";
inline constexpr const char* kProcValueWithoutHeader = "proc-value-without-header";
inline constexpr const char* kProcColumnMismatch = "proc-column-mismatch";
inline constexpr const char* kProcNumberOutOfRange = "proc-number-out-of-range";
inline constexpr const char* kProcNotANumber = "proc-not-a-number";
inline constexpr const char* kProcBadSocketRow = "proc-bad-socket-row";
inline constexpr const char* kProcTooManyProblems = "proc-too-many-problems";
inline constexpr const char* kSysctlBadValue = "sysctl-bad-value";
inline constexpr const char* kNetlinkRefused = "netlink-refused";

// Snapshot files (--snapshot FILE).
inline constexpr const char* kSnapshotUnreadable = "snapshot-unreadable";
inline constexpr const char* kSnapshotNotJson = "snapshot-not-json";
inline constexpr const char* kSnapshotWrongType = "snapshot-wrong-type";
inline constexpr const char* kSnapshotMissingField = "snapshot-missing-field";
inline constexpr const char* kSnapshotOutOfRange = "snapshot-out-of-range";
inline constexpr const char* kSnapshotBadValue = "snapshot-bad-value";
inline constexpr const char* kSnapshotNotASnapshot = "snapshot-not-a-snapshot";
inline constexpr const char* kSnapshotNewerSchema = "snapshot-newer-schema";

// Plan files (apply --plan FILE) and the configuration model inside a snapshot.
inline constexpr const char* kInvalidPlan = "invalid-plan";
inline constexpr const char* kInvalidConfigJson = "invalid-config-json";

// `check`'s inputs.
inline constexpr const char* kUnreadableInput = "unreadable-input";
inline constexpr const char* kBadOrchestratorData = "bad-orchestrator-data";

// Findings of a plan made for another network namespace (engine/netns_scope.h).
inline constexpr const char* kGlobalKeyInNetns = "global-key-in-netns";
inline constexpr const char* kHostConfigNotInNetns = "host-config-not-in-netns";

}  // namespace sa::diag
