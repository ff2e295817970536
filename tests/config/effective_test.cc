// Which line wins, per loader: table rows of assignments in load order -> effective value.
#include <doctest/doctest.h>

#include "advisor/config/config_set.h"
#include "advisor/config/key_cache.h"
#include "advisor/config/line_parser.h"

using namespace sa;
using namespace sa::config;

namespace {

ConfigSet from_files(const std::vector<std::pair<std::string, std::string>>& files, Loader loader) {
  ConfigSet set;
  set.loader = loader;
  for (const auto& [name, text] : files) {
    set.files.push_back(name);
    parse_text(text, static_cast<uint32_t>(set.files.size() - 1), name, loader, set.assignments, set.diagnostics);
  }
  compute_effective(set);
  return set;
}

}  // namespace

TEST_CASE("the last line of a key wins and the earlier ones are kept as shadowed, in order") {
  for (Loader l : {Loader::systemd, Loader::procps}) {
    ConfigSet s = from_files({{"/usr/lib/sysctl.d/10-a.conf", "net.ipv4.tcp_fin_timeout = 15\n"},
                              {"/etc/sysctl.d/20-b.conf", "net.ipv4.tcp_fin_timeout = 20\nnet.ipv4.tcp_fin_timeout = 30\n"}},
                             l);
    const EffectiveKey* k = s.find("net.ipv4.tcp_fin_timeout");
    REQUIRE(k);
    CHECK(k->value == "30");
    CHECK(s.file_of(s.winner(*k)) == "/etc/sysctl.d/20-b.conf");
    CHECK(s.winner(*k).line == 2);
    REQUIRE(k->shadowed.size() == 2);
    CHECK(s.assignments[k->shadowed[0]].value == "15");
    CHECK(s.assignments[k->shadowed[1]].value == "20");
  }
}

TEST_CASE("a key written with '/' and with '.' is the same key") {
  ConfigSet s = from_files({{"a", "net/ipv4/tcp_sack = 0\nnet.ipv4.tcp_sack = 1\n"}}, Loader::systemd);
  REQUIRE(s.keys.size() == 1);
  CHECK(s.keys[0].value == "1");
  CHECK(s.keys[0].shadowed.size() == 1);
}

TEST_CASE("an explicit key beats a glob wherever the glob is, and the glob stays its own entry") {
  for (Loader l : {Loader::systemd, Loader::procps}) {
    ConfigSet s = from_files({{"a", "net.ipv4.conf.all.rp_filter = 1\n"}, {"b", "net.ipv4.conf.*.rp_filter = 2\n"}}, l);
    const EffectiveKey* all = s.find("net.ipv4.conf.all.rp_filter");
    const EffectiveKey* glob = s.find("net.ipv4.conf.*.rp_filter");
    REQUIRE(all);
    REQUIRE(glob);
    CHECK(all->value == "1");
    CHECK(glob->is_glob);
    CHECK(glob->value == "2");
    REQUIRE(all->globs_overridden.size() == 1);
    CHECK(s.assignments[all->globs_overridden[0]].key == "net.ipv4.conf.*.rp_filter");
    // '*' stops at a separator, as glob(3) over /proc/sys does.
    ConfigSet deep = from_files({{"a", "net.ipv4.*.rp_filter = 2\nnet.ipv4.conf.all.rp_filter = 1\n"}}, l);
    CHECK(deep.find("net.ipv4.conf.all.rp_filter")->globs_overridden.empty());
  }
}

TEST_CASE("a later '-key' cancels an assignment under systemd, never under procps") {
  const char* text = "net.ipv4.conf.lo.rp_filter = 1\n-net.ipv4.conf.lo.rp_filter\n";
  ConfigSet sd = from_files({{"a", text}}, Loader::systemd);
  REQUIRE(sd.find("net.ipv4.conf.lo.rp_filter"));
  CHECK(sd.find("net.ipv4.conf.lo.rp_filter")->excluded);
  ConfigSet pp = from_files({{"a", text}}, Loader::procps);
  CHECK_FALSE(pp.find("net.ipv4.conf.lo.rp_filter")->excluded);
  CHECK(pp.find("net.ipv4.conf.lo.rp_filter")->value == "1");
  CHECK(pp.find("net.ipv4.conf.lo.rp_filter")->shadowed.empty());
}

TEST_CASE("a key with only '-key' lines is listed as excluded under both loaders") {
  for (Loader l : {Loader::systemd, Loader::procps}) {
    ConfigSet s = from_files({{"a", "-net.ipv4.conf.lo.rp_filter\nnet.ipv4.conf.*.rp_filter = 2\n"}}, l);
    const EffectiveKey* k = s.find("net.ipv4.conf.lo.rp_filter");
    REQUIRE(k);
    CHECK(k->excluded);
    CHECK(k->value.empty());
    CHECK(k->globs_overridden.size() == 1);
  }
}

TEST_CASE("keys come out sorted, and find() sees every one") {
  ConfigSet s = from_files({{"a", "vm.swappiness = 10\nkernel.pid_max = 4194304\nnet.core.somaxconn = 4096\n"}}, Loader::procps);
  REQUIRE(s.keys.size() == 3);
  CHECK(s.keys[0].key == "kernel.pid_max");
  CHECK(s.keys[2].key == "vm.swappiness");
  for (const auto& k : s.keys) CHECK(s.find(k.key) == &k);
  CHECK(s.find("net.ipv4.nothing") == nullptr);
}

TEST_CASE("the key cache gives one id per normalized key, whatever the separator") {
  KeyCache c;
  uint32_t dotted = c.lookup("net.ipv4.conf.eth0/100.forwarding").id;
  const KeyCache::Entry& slashed = c.lookup("net/ipv4/conf/eth0.100/forwarding");
  CHECK(slashed.key == "net.ipv4.conf.eth0/100.forwarding");
  CHECK(slashed.id == dotted);
  CHECK(c.lookup("net.ipv4.tcp_sack").id != dotted);
  CHECK_FALSE(c.lookup("net.ipv4.tcp$sack").valid);
  CHECK(c.lookup("net.ipv4.conf.*.rp_filter").glob);
  for (int i = 0; i < 5000; ++i) c.lookup("net.k" + std::to_string(i));  // grows past its first tables
  CHECK(c.lookup("net/ipv4/conf/eth0.100/forwarding").id == dotted);
  CHECK(c.key_count() == 5003);
}
