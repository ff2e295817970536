// apply and rollback as a library: they print nothing and return what happened (the outcome, its
// exit code, what was written, the messages in order), on a fake --root tree. The CLI's rendering
// of those messages is checked against its exact lines at the end.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "advisor/apply/applier.h"
#include "advisor/apply/result.h"
#include "advisor/apply/rollback.h"
#include "advisor/core/exit_codes.h"
#include "advisor/report/apply_messages.h"

namespace fs = std::filesystem;
using namespace sa;
using namespace sa::apply;
using S = Message::Severity;

namespace {

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string read(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A --root tree with two keys under proc/sys and an empty sysctl.d, like tests/apply/lib.sh's.
struct FakeRoot {
  fs::path root;
  FakeRoot() {
    std::string tmpl = (fs::temp_directory_path() / "apply-result.XXXXXX").string();
    root = ::mkdtemp(tmpl.data());
    write(root / "proc/sys/net/ipv4/tcp_tw_reuse", "2\n");
    write(root / "proc/sys/net/ipv4/tcp_fin_timeout", "60\n");
    write(root / "proc/sys/kernel/osrelease", "6.18.0\n");
    write(root / "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
    fs::create_directories(root / "etc/sysctl.d");
  }
  ~FakeRoot() { fs::remove_all(root); }
  ApplyOptions apply_options() const {
    ApplyOptions o;
    o.root = root;
    o.state_dir = default_state_dir(root);
    o.persist_file = default_persist_file(root);
    o.loader = config::Loader::systemd;
    o.lock_wait_seconds = 1;
    o.plan_source = "apply_result_test";
    return o;
  }
  RollbackOptions rollback_options() const {
    RollbackOptions o;
    o.root = root;
    o.state_dir = default_state_dir(root);
    o.lock_wait_seconds = 1;
    return o;
  }
  std::string live(const std::string& rel) const { return read(root / "proc/sys" / rel); }
};

plan::Plan tw_reuse_plan() {
  plan::Plan p;
  p.profile = "load-balancer";
  plan::Change c;
  c.key = "net.ipv4.tcp_tw_reuse";
  c.proposed = "1";
  c.rule = "tw-reuse-on-connecting-side";
  c.reason = "reuse TIME_WAIT ports for upstream connections";
  p.changes.push_back(c);
  return p;
}

const Confirm kYes = [](const ConfirmSummary&) { return true; };

std::vector<Message> with(S severity, const std::vector<Message>& all) {
  std::vector<Message> out;
  for (const auto& m : all)
    if (m.severity == severity) out.push_back(m);
  return out;
}

}  // namespace

TEST_CASE("each outcome has one exit code, from DESIGN.md's contract") {
  CHECK(exit_code(ApplyOutcome::kApplied) == kOk);
  CHECK(exit_code(ApplyOutcome::kNothingToChange) == 0);
  CHECK(exit_code(ApplyOutcome::kDeclined) == 1);
  CHECK(exit_code(ApplyOutcome::kRefused) == 2);
  CHECK(exit_code(ApplyOutcome::kFailed) == 3);
  CHECK(exit_code(ApplyOutcome::kUndone) == 3);
  CHECK(exit_code(ApplyOutcome::kNotUndone) == kApplyFailed);
  CHECK(exit_code(RollbackOutcome::kRolledBack) == 0);
  CHECK(exit_code(RollbackOutcome::kNothingToDo) == 0);
  CHECK(exit_code(RollbackOutcome::kRefused) == kUsage);
  CHECK(exit_code(RollbackOutcome::kFailed) == 3);
  CHECK(exit_code(RollbackOutcome::kIncomplete) == 3);
}

TEST_CASE("apply returns what it did, and rollback what it undid, without a stream") {
  FakeRoot host;
  std::string shown;
  ApplyResult r = apply_plan(tw_reuse_plan(), host.apply_options(), [&](const ConfirmSummary& summary) {
    shown = sa::report::confirmation_text(summary);
    return true;
  });
  CHECK(r.outcome == ApplyOutcome::kApplied);
  CHECK(r.exit_code() == 0);
  CHECK(shown.find("net.ipv4.tcp_tw_reuse  2 -> 1  [tw-reuse-on-connecting-side]") != std::string::npos);
  REQUIRE(r.written.size() == 1);
  CHECK(r.written[0].key == "net.ipv4.tcp_tw_reuse");
  CHECK(r.written[0].before == "2");
  CHECK(r.written[0].after == std::optional<std::string>("1"));
  CHECK(r.persisted);
  CHECK(host.live("net/ipv4/tcp_tw_reuse") == "1\n");
  REQUIRE_FALSE(r.entry_id.empty());
  const std::string persist = default_persist_file(host.root).string();
  const std::vector<Message> said = {
      {S::kProgress, "apply " + r.entry_id + ": journal " + default_state_dir(host.root).string() + "/" + r.entry_id + ".json"},
      {S::kProgress, "  net.ipv4.tcp_tw_reuse: 2 -> 1"},
      {S::kProgress, "  persisted to " + persist},
      {S::kProgress, "applied 1 change. Undo with: sysctl-advisor rollback --id " + r.entry_id},
  };
  CHECK(r.messages == said);
  CHECK(read(persist).find("net.ipv4.tcp_tw_reuse = 1\n") != std::string::npos);

  // The same plan again: nothing to change, nothing journalled.
  ApplyResult again = apply_plan(tw_reuse_plan(), host.apply_options(), kYes);
  CHECK(again.outcome == ApplyOutcome::kNothingToChange);
  CHECK(again.exit_code() == 0);
  CHECK(again.entry_id.empty());
  CHECK(again.messages == std::vector<Message>{{S::kProgress, "Nothing to change: every key already has its planned value and " +
                                                                  persist + " already says so."}});

  RollbackResult back = rollback(host.rollback_options());
  CHECK(back.outcome == RollbackOutcome::kRolledBack);
  CHECK(back.exit_code() == 0);
  CHECK(back.apply_id == r.entry_id);
  REQUIRE(back.restored.size() == 1);
  CHECK(back.restored[0].key == "net.ipv4.tcp_tw_reuse");
  CHECK(back.restored[0].after == std::optional<std::string>("2"));
  CHECK(host.live("net/ipv4/tcp_tw_reuse") == "2\n");
  CHECK_FALSE(fs::exists(persist));
  REQUIRE_FALSE(back.messages.empty());
  CHECK(back.messages.back() == Message{S::kProgress, "rolled back apply " + r.entry_id});
  CHECK(with(S::kError, back.messages).empty());

  RollbackResult twice = rollback(host.rollback_options());
  CHECK(twice.outcome == RollbackOutcome::kNothingToDo);
  CHECK(twice.exit_code() == 0);
}

TEST_CASE("a declined confirmation changes nothing and exits 1") {
  FakeRoot host;
  ApplyResult r = apply_plan(tw_reuse_plan(), host.apply_options(), [](const ConfirmSummary&) { return false; });
  CHECK(r.outcome == ApplyOutcome::kDeclined);
  CHECK(r.exit_code() == kFindings);
  CHECK(r.messages == std::vector<Message>{{S::kProgress, "Not applied: nothing was changed."}});
  CHECK(r.written.empty());
  CHECK(host.live("net/ipv4/tcp_tw_reuse") == "2\n");
}

TEST_CASE("a later file that would undo the change at boot: refused with file:line, exit 2") {
  FakeRoot host;
  write(host.root / "etc/sysctl.d/99-local.conf", "# local\nnet.ipv4.tcp_tw_reuse = 0\n");
  bool asked = false;
  ApplyResult r = apply_plan(tw_reuse_plan(), host.apply_options(), [&](const ConfirmSummary&) { return asked = true; });
  CHECK(r.outcome == ApplyOutcome::kRefused);
  CHECK(r.exit_code() == kUsage);
  CHECK_FALSE(asked);
  auto errors = with(S::kError, r.messages);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].text.rfind("/etc/sysctl.d/99-local.conf:2 sets net.ipv4.tcp_tw_reuse = 0 and is read after ", 0) == 0);
  REQUIRE(r.messages.size() == 3);
  CHECK(r.messages[2] == Message{S::kVerdict, "nothing was changed"});
  CHECK(host.live("net/ipv4/tcp_tw_reuse") == "2\n");
  CHECK_FALSE(fs::exists(default_state_dir(host.root)));
}

TEST_CASE("an invalid plan is refused before anything is read") {
  FakeRoot host;
  plan::Plan p = tw_reuse_plan();
  p.changes[0].proposed = "1\nkernel.core_pattern = |/tmp/x";
  ApplyResult r = apply_plan(p, host.apply_options(), kYes);
  CHECK(r.outcome == ApplyOutcome::kRefused);
  CHECK(r.exit_code() == 2);
  CHECK(r.messages == std::vector<Message>{
                          {S::kError, "changes[0].proposed: value for net.ipv4.tcp_tw_reuse contains a control character "
                                      "(newline, NUL, ...)"},
                          {S::kVerdict, "refusing the whole plan: nothing was changed"}});
}

TEST_CASE("messages reach the sink as they are made: a warning before the confirmation, the rest after") {
  FakeRoot host;
  ApplyOptions o = host.apply_options();
  o.persist_file = host.root / "etc/elsewhere/advisor.conf";  // in no folder the loader reads at boot
  std::vector<Message> seen;
  size_t seen_at_confirm = 0;
  ApplyResult r = apply_plan(
      tw_reuse_plan(), o,
      [&](const ConfirmSummary&) {
        seen_at_confirm = seen.size();
        return true;
      },
      [&](const Message& m) { seen.push_back(m); });
  CHECK(r.outcome == ApplyOutcome::kApplied);
  CHECK(seen == r.messages);
  REQUIRE(seen_at_confirm == 1);
  CHECK(seen[0].severity == S::kWarning);
  CHECK(seen[0].text.find("is in no folder systemd reads at boot") != std::string::npos);
  CHECK(seen[1].text.rfind("apply " + r.entry_id + ": journal ", 0) == 0);
}

TEST_CASE("rollback refuses to overwrite a key someone else changed since the apply") {
  FakeRoot host;
  ApplyResult r = apply_plan(tw_reuse_plan(), host.apply_options(), kYes);
  REQUIRE(r.outcome == ApplyOutcome::kApplied);
  write(host.root / "proc/sys/net/ipv4/tcp_tw_reuse", "0\n");
  RollbackResult back = rollback(host.rollback_options());
  CHECK(back.outcome == RollbackOutcome::kRefused);
  CHECK(back.exit_code() == 2);
  CHECK(back.restored.empty());
  auto errors = with(S::kError, back.messages);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].text == "net.ipv4.tcp_tw_reuse is 0 now; apply " + r.entry_id + " set it to 1 (before: 2)");
  CHECK(back.messages.back() == Message{S::kVerdict, "nothing was changed"});
  CHECK(host.live("net/ipv4/tcp_tw_reuse") == "0\n");
}

TEST_CASE("an unfinished apply is returned as a warning for other commands to print") {
  FakeRoot host;
  CHECK(unfinished_warnings(default_state_dir(host.root)).empty());  // no state folder yet
  ApplyResult r = apply_plan(tw_reuse_plan(), host.apply_options(), kYes);
  REQUIRE(r.outcome == ApplyOutcome::kApplied);
  CHECK(unfinished_warnings(default_state_dir(host.root)).empty());
  // As a SIGKILL between two writes leaves it.
  fs::path entry = default_state_dir(host.root) / (r.entry_id + ".json");
  std::string text = read(entry);
  auto at = text.find("\"applied\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 9, "\"in-progress\"");
  write(entry, text);
  auto warnings = unfinished_warnings(default_state_dir(host.root));
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].severity == S::kWarning);
  CHECK(warnings[0].text.find("did not finish: the host may be half-changed. Run `sysctl-advisor rollback --id " +
                              r.entry_id + "` to complete it.") != std::string::npos);
}

TEST_CASE("the CLI's lines: prefix by severity, progress on stdout, the rest on stderr") {
  CHECK(report::message_line("apply", {S::kProgress, "Not applied: nothing was changed."}) == "Not applied: nothing was changed.\n");
  CHECK(report::message_line("apply", {S::kError, "x does not exist"}) == "sysctl-advisor apply: x does not exist\n");
  CHECK(report::message_line("rollback", {S::kError, "x"}) == "sysctl-advisor rollback: x\n");
  CHECK(report::message_line("apply", {S::kWarning, "w"}) == "warning: w\n");
  CHECK(report::message_line("apply", {S::kNote, "n"}) == "note: n\n");
  CHECK(report::message_line("apply", {S::kVerdict, "nothing was changed"}) == "nothing was changed\n");
  CHECK_FALSE(report::on_stderr({S::kProgress, ""}));
  for (S s : {S::kNote, S::kWarning, S::kError, S::kVerdict}) CHECK(report::on_stderr({s, ""}));
}
