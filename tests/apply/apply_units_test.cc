// The pure parts of apply: value comparison, the persisted file, the boot-order check, plan
// checks, the journal's JSON.
#include <doctest/doctest.h>

#include "advisor/apply/boot_override.h"
#include "advisor/apply/journal.h"
#include "advisor/apply/live_values.h"
#include "advisor/apply/persist_file.h"
#include "advisor/apply/plan_check.h"
#include "advisor/apply/safe_fs.h"

#include <sys/stat.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace sa;
using namespace sa::apply;

TEST_CASE("a value read back is the same when the kernel only reformatted it") {
  CHECK(same_value("32768\t60999", "32768 60999"));
  CHECK(same_value("010", "8"));  // the kernel reads "010" as octal (proc_get_long, base 0)
  CHECK_FALSE(same_value("010", "10"));
  CHECK(same_value(" 1 ", "1"));
  CHECK_FALSE(same_value("65535", "99999"));
  // A key of one number stores the first and ignores the rest of the write ("31 40" to
  // tcp_fin_timeout reads back 31, unshare -n on 6.18); a key of two never reads back one.
  CHECK(same_value("1024 65000", "1024"));
  CHECK_FALSE(same_value("1024 65000", "1025"));
  CHECK_FALSE(same_value("cubic", "reno"));
}

TEST_CASE("the persisted file has a header, a reason per key, and reads back") {
  std::vector<PersistLine> lines = {{"net.ipv4.tcp_tw_reuse", "1", {"reuse ports (rule r1)"}},
                                    {"net.ipv4.ip_local_port_range", "1024 65000", {"two\nlines"}}};
  std::string text = render_persist(lines, {"20261125-1", "load-balancer", "2026-11-25T12:00:00.000Z", "--plan lb.json"});
  CHECK(text.rfind("# Written by sysctl-advisor apply", 0) == 0);
  CHECK(text.find("journal entry 20261125-1, profile load-balancer") != std::string::npos);
  CHECK(text.find("# reuse ports (rule r1)\nnet.ipv4.tcp_tw_reuse = 1\n") != std::string::npos);
  CHECK(text.find("# two\n# lines\nnet.ipv4.ip_local_port_range = 1024 65000\n") != std::string::npos);
  auto back = parse_persist(text);
  REQUIRE(back);
  REQUIRE(back->size() == 2);
  CHECK((*back)[1].value == "1024 65000");
  CHECK((*back)[0].comment == std::vector<std::string>{"reuse ports (rule r1)"});
  CHECK_FALSE(parse_persist("net.ipv4.tcp_tw_reuse = 1\n"));  // not ours
}

TEST_CASE("a later apply keeps the earlier keys it does not touch") {
  std::vector<PersistLine> earlier = {{"a.b", "1", {}}, {"c.d", "2", {}}};
  auto merged = merge_persist(earlier, {{"c.d", "3", {"new"}}, {"e.f", "4", {}}});
  REQUIRE(merged.size() == 3);
  CHECK(merged[0].key == "a.b");
  CHECK(merged[1].value == "3");
  CHECK(merged[2].key == "e.f");
  CHECK(same_assignments(earlier, {{"c.d", "2", {"x"}}, {"a.b", "1", {}}}));
  CHECK_FALSE(same_assignments(earlier, merged));
}

namespace {
namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A host tree on disk: the boot-order check loads it through config's loader.
fs::path host_tree() {
  static int n = 0;
  const char* tmp = std::getenv("TEST_TMPDIR");
  fs::path root = fs::path(tmp ? tmp : "/tmp") / ("boot-order-" + std::to_string(getpid()) + "-" + std::to_string(n++));
  fs::remove_all(root);
  write(root / "usr/lib/sysctl.d/50-default.conf", "#\n#\n#\nnet.ipv4.conf.*.rp_filter = 1\n");
  write(root / "etc/sysctl.d/95-late.conf", "#\n#\nnet.ipv4.tcp_fin_timeout = 45\n");
  write(root / "etc/sysctl.d/10-early.conf", "net.ipv4.tcp_tw_reuse = 0\n");
  write(root / "etc/sysctl.conf", "#\n#\n#\n#\n#\n#\nnet.core.somaxconn = 1024\n");
  return root;
}

config::LoadOptions host(const fs::path& root, config::Loader loader) {
  config::LoadOptions lo;
  lo.root = root;
  lo.loader = loader;
  return lo;
}

std::string persist_text(const std::vector<std::string>& keys) {
  std::vector<PersistLine> lines;
  for (const auto& k : keys) lines.push_back({k, "7", {}});
  return render_persist(lines, PersistHeader{});
}

BootOrder boot(const fs::path& root, config::Loader loader, const fs::path& persist, const std::vector<std::string>& keys) {
  return check_boot_order(host(root, loader), persist, persist_text(keys), keys);
}
}  // namespace

TEST_CASE("a file whose name sorts later, or /etc/sysctl.conf, overrides the persisted file at boot") {
  fs::path root = host_tree();
  std::vector<std::string> keys = {"net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_tw_reuse", "net.core.somaxconn"};
  BootOrder o = boot(root, config::Loader::procps, root / "etc/sysctl.d/90-sysctl-advisor.conf", keys);
  CHECK(o.read_at_boot);
  REQUIRE(o.overrides.size() == 2);
  CHECK(o.overrides[0].key == "net.ipv4.tcp_fin_timeout");
  CHECK(o.overrides[0].file == "/etc/sysctl.d/95-late.conf");
  CHECK(o.overrides[0].line == 3);
  CHECK(o.overrides[0].value == "45");
  CHECK(o.overrides[1].file == "/etc/sysctl.conf");
  CHECK(o.overrides[1].line == 7);

  // A persist file named to sort after 95-late.conf wins over it; /etc/sysctl.conf still comes last.
  o = boot(root, config::Loader::procps, root / "etc/sysctl.d/99-advisor.conf", keys);
  REQUIRE(o.overrides.size() == 1);
  CHECK(o.overrides[0].key == "net.core.somaxconn");
  // systemd-sysctl never reads /etc/sysctl.conf.
  CHECK(boot(root, config::Loader::systemd, root / "etc/sysctl.d/99-advisor.conf", keys).overrides.empty());
}

TEST_CASE("the persist file replaces the file already at its path (an earlier apply's)") {
  fs::path root = host_tree();
  write(root / "etc/sysctl.d/97-advisor.conf", "net.ipv4.tcp_fin_timeout = 20\n");
  BootOrder o = boot(root, config::Loader::systemd, root / "etc/sysctl.d/97-advisor.conf", {"net.ipv4.tcp_fin_timeout"});
  CHECK(o.read_at_boot);
  CHECK(o.overrides.empty());
}

TEST_CASE("a later bare '-key' line cancels the persisted value under systemd, not under procps") {
  fs::path root = host_tree();
  write(root / "etc/sysctl.d/99-local.conf", "-net.ipv4.tcp_fin_timeout\n");
  const fs::path persist = root / "etc/sysctl.d/97-advisor.conf";
  BootOrder o = boot(root, config::Loader::systemd, persist, {"net.ipv4.tcp_fin_timeout"});
  REQUIRE(o.overrides.size() == 1);
  CHECK(o.overrides[0].excludes);
  CHECK(o.overrides[0].file == "/etc/sysctl.d/99-local.conf");
  CHECK(o.overrides[0].line == 1);
  CHECK(boot(root, config::Loader::procps, persist, {"net.ipv4.tcp_fin_timeout"}).overrides.empty());
}

TEST_CASE("under --root the persist path is compared as the host path") {
  fs::path root = host_tree();
  BootOrder o = boot(root, config::Loader::procps, root / "etc/sysctl.d/90-x.conf", {"net.ipv4.tcp_fin_timeout"});
  REQUIRE(o.overrides.size() == 1);
  CHECK(o.overrides[0].file == "/etc/sysctl.d/95-late.conf");
  o = boot(root, config::Loader::procps, "/elsewhere/90-x.conf", {"net.ipv4.tcp_fin_timeout"});
  CHECK_FALSE(o.read_at_boot);
  o = boot(root, config::Loader::procps, root / "etc/90-x.conf", {"net.ipv4.tcp_fin_timeout"});
  CHECK_FALSE(o.read_at_boot);
  // Only *.conf names are read from a sysctl.d folder.
  o = boot(root, config::Loader::systemd, root / "etc/sysctl.d/90-x.txt", {"net.ipv4.tcp_fin_timeout"});
  CHECK_FALSE(o.read_at_boot);
}

TEST_CASE("a later glob does not beat an explicit key; a same-named file in an earlier folder masks ours") {
  fs::path root = host_tree();
  BootOrder o = boot(root, config::Loader::systemd, root / "etc/sysctl.d/40-x.conf", {"net.ipv4.conf.eth0.rp_filter"});
  CHECK(o.overrides.empty());
  o = boot(root, config::Loader::systemd, root / "usr/lib/sysctl.d/95-late.conf", {});
  CHECK(o.masked_by == "/etc/sysctl.d/95-late.conf");
  fs::create_directories(root / "run/sysctl.d");
  fs::create_symlink("/dev/null", root / "run/sysctl.d/60-x.conf");
  o = boot(root, config::Loader::procps, root / "usr/lib/sysctl.d/60-x.conf", {"net.ipv4.tcp_fin_timeout"});
  CHECK(o.masked_by == "/run/sysctl.d/60-x.conf (a link to /dev/null)");
}

TEST_CASE("a plan is refused for any key that could escape /proc/sys, or any value that could inject a line") {
  plan::Plan p;
  plan::Change c;
  c.key = "net.ipv4.tcp_tw_reuse";
  c.proposed = "1";
  p.changes.push_back(c);
  CHECK(check_plan_for_apply(p).empty());
  c.key = "net/../../etc/passwd";
  p.changes.push_back(c);
  c.key = "net.core.somaxconn";
  c.proposed = "1\nkernel.core_pattern=|/x";
  p.changes.push_back(c);
  c.key = "net.ipv4.tcp_tw_reuse";
  c.proposed = "1";
  p.changes.push_back(c);
  auto problems = check_plan_for_apply(p);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].find("changes[1].key: 'net/../../etc/passwd' is not a valid sysctl key") == 0);
  CHECK(problems[1].find("changes[2].proposed: value for net.core.somaxconn contains a control character") == 0);
  CHECK(problems[2] == "changes[3].key: net.ipv4.tcp_tw_reuse appears twice in the plan");
}

TEST_CASE("a journal entry survives JSON, including a persisted file that is not UTF-8") {
  Entry e;
  e.id = "20261125-120000-000-1";
  e.time = "2026-11-25T12:00:00.000Z";
  e.user = "root";
  e.keys.push_back({"net.ipv4.tcp_tw_reuse", "2", "1", std::string("1"), "r", "why"});
  PersistRecord pr;
  pr.path = "/etc/sysctl.d/90-sysctl-advisor.conf";
  pr.before.exists = true;
  pr.before.content = std::string("caf\xe9 = 1\n\0x", 11);
  pr.before.mode = 0640;
  pr.after.exists = false;
  e.persist = pr;
  auto j = to_json(e);
  CHECK(j["persist"]["before"].contains("content_base64"));
  std::string err;
  auto back = entry_from_json(nlohmann::json::parse(j.dump()), err);
  REQUIRE(back);
  CHECK(back->persist->before.content == pr.before.content);
  CHECK(back->persist->before.mode == 0640);
  CHECK_FALSE(back->persist->after.exists);
  CHECK(*back->keys[0].after == "1");
  CHECK(back->outcome == "in-progress");
}

TEST_CASE("the journal on disk: 0600 entries, oldest first, and only unfinished ones reported") {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/journal-test.XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  char* tmpl = buf.data();
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  std::string dir = std::string(tmpl) + "/state";
  DirOpen d = open_dir(dir, static_cast<mode_t>(0700), /*private_dir=*/true);
  REQUIRE(d.result.ok);
  Journal j(d.fd.get(), dir);
  auto entry = [](const char* id, const char* time, const char* outcome, bool restored) {
    Entry e;
    e.id = id;
    e.time = time;
    e.outcome = outcome;
    e.restored = restored;
    return e;
  };
  Entry a = entry("20261125-100000-000-1", "2026-11-25T10:00:00.000Z", outcome::kApplied, false);
  Entry b = entry("20261125-110000-000-2", "2026-11-25T11:00:00.000Z", outcome::kInProgress, false);
  Entry c = entry("20261125-120000-000-3", "2026-11-25T12:00:00.000Z", outcome::kFailed, true);
  Entry e = entry("20261125-130000-000-4", "2026-11-25T13:00:00.000Z", outcome::kFailed, false);
  for (Entry* x : {&c, &a, &e, &b}) REQUIRE(j.save(*x).ok);
  struct stat st;
  REQUIRE(::stat((dir + "/" + a.id + ".json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto ids = j.ids();
  REQUIRE(ids.size() == 4);
  CHECK(ids.front() == a.id);
  CHECK(ids.back() == e.id);
  auto all = j.list();
  REQUIRE(all.size() == 4);
  CHECK(all[1].id == b.id);
  auto open = j.unfinished();
  REQUIRE(open.size() == 2);  // in-progress, and failed without restoring; not failed-and-undone
  CHECK(open[0].id == b.id);
  CHECK(open[1].id == e.id);
  CHECK(interrupted_warning(open[0]).find("rollback --id " + b.id) != std::string::npos);
  std::string err;
  CHECK_FALSE(j.load("../etc/passwd", err));
  CHECK(err.find("is not a journal id") != std::string::npos);
  std::filesystem::remove_all(tmpl);
}
