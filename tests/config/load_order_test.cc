// Each load-order rule, on fake roots built in TEST_TMPDIR (links to /dev/null and dangling links
// cannot live in the source tree). Verified against procps 4.0.2 and systemd-sysctl 252 here.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "advisor/config/config_set.h"
#include "advisor/config/file_discovery.h"
#include "advisor/config/line_parser.h"

namespace fs = std::filesystem;
using namespace sa;
using namespace sa::config;

namespace {

struct Root {
  fs::path dir;
  Root() {
    const char* tmp = std::getenv("TEST_TMPDIR");
    std::string tmpl = (fs::path(tmp ? tmp : "/tmp") / "root-XXXXXX").string();
    dir = mkdtemp(tmpl.data());
  }
  ~Root() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& path, const std::string& text) const {
    fs::path p = dir / path.substr(1);
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  void link(const std::string& path, const std::string& target) const {
    fs::path p = dir / path.substr(1);
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
  }
  ConfigSet load(Loader l) const { return load_system(LoadOptions{dir, l, std::nullopt}); }
  // With a file that is not on disk, placed at host path `path` (LoadOptions::extra).
  ConfigSet load_with(Loader l, const std::string& path, const std::string& text) const {
    return load_system(LoadOptions{dir, l, ExtraFile{path, text}});
  }
};

std::string where(const ConfigSet& s, const char* key) {
  const EffectiveKey* k = s.find(key);
  if (!k) return "(absent)";
  return k->value + " @ " + s.file_of(s.winner(*k)) + ":" + std::to_string(s.winner(*k).line);
}

bool has_code(const ConfigSet& s, const char* code) {
  for (const auto& d : s.diagnostics)
    if (d.code == code) return true;
  return false;
}

}  // namespace

TEST_CASE("files are read in name order across folders, paths shown as on the host") {
  Root r;
  r.write("/usr/lib/sysctl.d/10-a.conf", "net.ipv4.tcp_fin_timeout = 10\n");
  r.write("/run/sysctl.d/20-b.conf", "net.ipv4.tcp_fin_timeout = 20\n");
  r.write("/etc/sysctl.d/05-c.conf", "net.ipv4.tcp_fin_timeout = 5\n");
  r.write("/usr/local/lib/sysctl.d/30-d.conf", "net.ipv4.tcp_fin_timeout = 30\n");
  r.write("/lib/sysctl.d/40-e.conf", "net.ipv4.tcp_fin_timeout = 40\n");
  r.write("/etc/sysctl.d/README", "not a .conf file, never read\n");
  for (Loader l : {Loader::systemd, Loader::procps}) {
    ConfigSet s = r.load(l);
    REQUIRE(s.files.size() == 5);
    CHECK(s.files[0] == "/etc/sysctl.d/05-c.conf");
    CHECK(s.files[4] == "/lib/sysctl.d/40-e.conf");
    CHECK(where(s, "net.ipv4.tcp_fin_timeout") == "40 @ /lib/sysctl.d/40-e.conf:1");
    CHECK(s.find("net.ipv4.tcp_fin_timeout")->shadowed.size() == 4);
  }
}

TEST_CASE("a name in an earlier folder hides it in later folders; a link to /dev/null masks it") {
  Root r;
  r.write("/usr/lib/sysctl.d/50-x.conf", "net.ipv4.tcp_sack = 0\n");
  r.write("/run/sysctl.d/50-x.conf", "net.ipv4.tcp_sack = 1\n");
  r.write("/usr/lib/sysctl.d/60-y.conf", "net.ipv4.tcp_ecn = 2\n");
  r.link("/etc/sysctl.d/60-y.conf", "/dev/null");
  for (Loader l : {Loader::systemd, Loader::procps}) {
    ConfigSet s = r.load(l);
    CHECK(where(s, "net.ipv4.tcp_sack") == "1 @ /run/sysctl.d/50-x.conf:1");
    CHECK(s.find("net.ipv4.tcp_sack")->shadowed.empty());
    CHECK(s.find("net.ipv4.tcp_ecn") == nullptr);
    REQUIRE(s.hidden.size() == 2);
    CHECK(s.hidden[0].path == "/usr/lib/sysctl.d/50-x.conf");
    CHECK(s.hidden[0].by == "/run/sysctl.d/50-x.conf");
    CHECK_FALSE(s.hidden[0].masked);
    CHECK(s.hidden[1].path == "/usr/lib/sysctl.d/60-y.conf");
    CHECK(s.hidden[1].masked);
    CHECK(s.masks == std::vector<std::string>{"/etc/sysctl.d/60-y.conf"});
    CHECK_FALSE(s.has_errors());
  }
}

TEST_CASE("procps reads /etc/sysctl.conf last; systemd only through Debian's 99-sysctl.conf link") {
  Root r;
  r.write("/etc/sysctl.conf", "net.core.somaxconn = 1024\n");
  r.write("/etc/sysctl.d/10-a.conf", "net.core.somaxconn = 4096\n");
  ConfigSet p = r.load(Loader::procps);
  CHECK(where(p, "net.core.somaxconn") == "1024 @ /etc/sysctl.conf:1");
  ConfigSet s = r.load(Loader::systemd);
  CHECK(where(s, "net.core.somaxconn") == "4096 @ /etc/sysctl.d/10-a.conf:1");

  r.link("/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");
  r.write("/etc/sysctl.d/50-b.conf", "net.core.somaxconn = 8192\n");
  s = r.load(Loader::systemd);
  CHECK(where(s, "net.core.somaxconn") == "1024 @ /etc/sysctl.d/99-sysctl.conf:1");
  p = r.load(Loader::procps);  // twice: as 99-sysctl.conf and as /etc/sysctl.conf
  CHECK(where(p, "net.core.somaxconn") == "1024 @ /etc/sysctl.conf:1");
  CHECK(p.find("net.core.somaxconn")->shadowed.size() == 3);
}

TEST_CASE("absolute links resolve inside the root, never on the machine running the tool") {
  Root r;
  r.write("/srv/tuning.conf", "net.ipv4.tcp_tw_reuse = 1\n");
  r.link("/etc/sysctl.d/70-link.conf", "/srv/tuning.conf");
  ConfigSet s = r.load(Loader::systemd);
  CHECK(where(s, "net.ipv4.tcp_tw_reuse") == "1 @ /etc/sysctl.d/70-link.conf:1");
}

TEST_CASE("hidden files: procps reads .name.conf, systemd skips it") {
  Root r;
  r.write("/etc/sysctl.d/.hidden.conf", "net.ipv4.tcp_sack = 0\n");
  CHECK(r.load(Loader::procps).find("net.ipv4.tcp_sack") != nullptr);
  CHECK(r.load(Loader::systemd).find("net.ipv4.tcp_sack") == nullptr);
}

TEST_CASE("unreadable inputs become diagnostics and the rest still counts") {
  // Root bypasses permission bits, so unreadability is made with a dangling link, a folder
  // where a file is expected, and a file where a folder is expected.
  Root r;
  r.link("/etc/sysctl.d/10-dangling.conf", "/nowhere/x.conf");
  fs::create_directories(r.dir / "etc/sysctl.d/20-folder.conf");
  r.write("/usr/lib/sysctl.d/20-folder.conf", "net.ipv4.tcp_ecn = 1\n");
  r.write("/run/sysctl.d", "a file where a folder should be\n");
  r.write("/etc/sysctl.d/30-ok.conf", "net.ipv4.tcp_sack = 1\n");
  for (Loader l : {Loader::systemd, Loader::procps}) {
    ConfigSet s = r.load(l);
    CHECK(where(s, "net.ipv4.tcp_sack") == "1 @ /etc/sysctl.d/30-ok.conf:1");
    CHECK(s.find("net.ipv4.tcp_ecn") == nullptr);  // the folder still hides the file
    CHECK(has_code(s, code::kUnreadableFile));
    CHECK(has_code(s, code::kNotAFile));
    CHECK(has_code(s, code::kNotAFolder));
    CHECK(s.has_errors());
  }
}

TEST_CASE("the default loader is systemd where systemd runs or is installed") {
  Root r;
  CHECK(default_loader(r.dir) == Loader::procps);
  r.write("/usr/lib/systemd/systemd-sysctl", "");
  CHECK(default_loader(r.dir) == Loader::systemd);
  CHECK(default_loader_reason(r.dir) == "/usr/lib/systemd/systemd-sysctl exists");
}

TEST_CASE("explicit files are read in the order given, shown as given") {
  Root r;
  r.write("/a.conf", "vm.swappiness = 10\n");
  r.write("/b.conf", "vm.swappiness = 20\n");
  ConfigSet s = load_files({r.dir / "b.conf", r.dir / "a.conf", r.dir / "missing.conf"}, Loader::procps);
  CHECK(s.find("vm.swappiness")->value == "10");
  CHECK(s.files[2] == (r.dir / "missing.conf").string());
  CHECK(has_code(s, code::kUnreadableFile));
}

TEST_CASE("an extra file is placed as if it were on disk: name order, hiding, replacing, /etc/sysctl.conf") {
  Root r;
  r.write("/etc/sysctl.d/10-a.conf", "net.ipv4.tcp_fin_timeout = 10\n");
  r.write("/usr/lib/sysctl.d/90-x.conf", "net.ipv4.tcp_sack = 0\n");
  r.write("/etc/sysctl.d/95-z.conf", "net.ipv4.tcp_ecn = 2\n");
  r.write("/etc/sysctl.conf", "net.ipv4.tcp_ecn = 1\n");
  for (Loader l : {Loader::systemd, Loader::procps}) {
    // In /etc/sysctl.d (a folder it creates for nothing): between 10-a and 95-z, hiding 90-x.
    ConfigSet s = r.load_with(l, "/etc/sysctl.d/90-x.conf", "net.ipv4.tcp_fin_timeout = 50\nnet.ipv4.tcp_ecn = 0\n");
    CHECK(where(s, "net.ipv4.tcp_fin_timeout") == "50 @ /etc/sysctl.d/90-x.conf:1");
    CHECK(where(s, "net.ipv4.tcp_ecn") == (l == Loader::procps ? "1 @ /etc/sysctl.conf:1" : "2 @ /etc/sysctl.d/95-z.conf:1"));
    CHECK(s.find("net.ipv4.tcp_sack") == nullptr);
    REQUIRE(s.hidden.size() == 1);
    CHECK(s.hidden[0].path == "/usr/lib/sysctl.d/90-x.conf");
    CHECK(s.hidden[0].by == "/etc/sysctl.d/90-x.conf");
    // In a later folder than a same-named file: hidden, never read.
    s = r.load_with(l, "/run/sysctl.d/10-a.conf", "net.ipv4.tcp_fin_timeout = 99\n");
    CHECK(where(s, "net.ipv4.tcp_fin_timeout") == "10 @ /etc/sysctl.d/10-a.conf:1");
    CHECK(std::find(s.files.begin(), s.files.end(), "/run/sysctl.d/10-a.conf") == s.files.end());
    // At the path of a file on disk: replaces it.
    s = r.load_with(l, "/etc/sysctl.d/10-a.conf", "net.ipv4.tcp_fin_timeout = 11\n");
    CHECK(where(s, "net.ipv4.tcp_fin_timeout") == "11 @ /etc/sysctl.d/10-a.conf:1");
    CHECK(s.files.size() == r.load(l).files.size());
    // Outside the folders, or a name the loaders skip: not read.
    for (const char* p : {"/etc/90-x.conf", "/etc/sysctl.d/90-x.txt"})
      CHECK(r.load_with(l, p, "net.ipv4.tcp_fin_timeout = 1\n").files == r.load(l).files);
  }
  // /etc/sysctl.conf: procps reads it last; systemd-sysctl never reads it.
  ConfigSet s = r.load_with(Loader::procps, "/etc/sysctl.conf", "net.ipv4.tcp_ecn = 0\n");
  CHECK(where(s, "net.ipv4.tcp_ecn") == "0 @ /etc/sysctl.conf:1");
  s = r.load_with(Loader::systemd, "/etc/sysctl.conf", "net.ipv4.tcp_ecn = 0\n");
  CHECK(where(s, "net.ipv4.tcp_ecn") == "2 @ /etc/sysctl.d/95-z.conf:1");
  // A link to the extra's path reads the extra (Debian's 99-sysctl.conf -> ../sysctl.conf).
  r.link("/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");
  s = r.load_with(Loader::systemd, "/etc/sysctl.conf", "net.ipv4.tcp_ecn = 0\n");
  CHECK(where(s, "net.ipv4.tcp_ecn") == "0 @ /etc/sysctl.d/99-sysctl.conf:1");
  // systemd skips names starting with '.', procps reads them.
  CHECK(r.load_with(Loader::systemd, "/etc/sysctl.d/.50-h.conf", "net.ipv4.tcp_syncookies = 1\n").find("net.ipv4.tcp_syncookies") == nullptr);
  CHECK(where(r.load_with(Loader::procps, "/etc/sysctl.d/.50-h.conf", "net.ipv4.tcp_syncookies = 1\n"), "net.ipv4.tcp_syncookies") ==
        "1 @ /etc/sysctl.d/.50-h.conf:1");
}

TEST_CASE("the vendor folders are every loader folder but /etc/sysctl.d") {
  int vendor = 0;
  for (const char* d : kSysctlDirs) vendor += is_vendor_sysctl_dir(d);
  CHECK(vendor == 4);
  CHECK_FALSE(is_vendor_sysctl_dir("/etc/sysctl.d"));
  CHECK(is_vendor_sysctl_dir("/usr/lib/sysctl.d"));
  CHECK_FALSE(is_vendor_sysctl_dir("/etc"));
}
