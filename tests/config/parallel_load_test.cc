// A big tree is parsed on several threads (advisor/config/file_loading.cc). What a user sees must
// not depend on it: the same assignments, effective values, shadowing and diagnostics, in the
// same order, as one thread gives, for both loaders, on trees with every kind of line.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "advisor/config/config_set.h"
#include "advisor/config/file_loading.h"

using namespace sa::config;
namespace fs = std::filesystem;

namespace {

// A host root with `files` files over two folders (same-named files hide each other), lines of
// every shape the parser knows, keys repeated across files so most lines shadow another.
fs::path make_tree(unsigned seed, int files, int lines_per_file) {
  fs::path root = fs::temp_directory_path() / ("parallel_load_test_" + std::to_string(seed));
  fs::remove_all(root);
  fs::create_directories(root / "etc/sysctl.d");
  fs::create_directories(root / "usr/lib/sysctl.d");
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int f = 0; f < files; ++f) {
    fs::path dir = root / (pick(3) == 0 ? "usr/lib/sysctl.d" : "etc/sysctl.d");
    std::ofstream out(dir / ("f" + std::to_string(pick(files)) + "-" + std::to_string(f % 7) + ".conf"), std::ios::binary);
    for (int l = 0; l < lines_per_file; ++l) {
      std::string key = "net.ipv4.conf.if" + std::to_string(pick(40)) + ".attr" + std::to_string(pick(5));
      switch (pick(12)) {
        case 0: out << "# a comment " << l << "\n"; break;
        case 1: out << "\n"; break;
        case 2: out << "-" << key << "\n"; break;                          // exclusion
        case 3: out << "-" << key << " = " << pick(3) << "\n"; break;      // ignore failure
        case 4: out << "net/ipv4/conf/eth" << pick(3) << ".100/forwarding = 1\r\n"; break;
        case 5: out << "net.ipv4.conf.*.rp_filter = " << pick(3) << "\n"; break;
        case 6: out << "not an assignment\n"; break;
        case 7: out << "bad key! = 1\n"; break;
        case 8: out << "net.ipv4.ip_local_port_range =  1024 \t 65000\n"; break;
        case 9: out << key << " = 1 # inline\n"; break;
        default: out << "  " << key << "=" << pick(1000) << "  \n"; break;
      }
    }
  }
  std::ofstream(root / "etc/sysctl.conf") << "vm.swappiness = 10\n";
  // Files that are not read as text, among the others: a mask, a folder, a dangling link, binary.
  fs::create_symlink("/dev/null", root / "etc/sysctl.d/zz-mask.conf");
  fs::create_directories(root / "etc/sysctl.d/zz-folder.conf");
  fs::create_symlink("/nowhere", root / "etc/sysctl.d/zz-dangling.conf");
  std::ofstream(root / "usr/lib/sysctl.d/zz-binary.conf", std::ios::binary) << std::string("a\0b = 1\n\xff\xfe = 2\n", 14);
  return root;
}

void require_same(const ConfigSet& a, const ConfigSet& b) {
  REQUIRE(a.files == b.files);
  REQUIRE(a.masks == b.masks);
  REQUIRE(a.assignments.size() == b.assignments.size());
  for (size_t i = 0; i < a.assignments.size(); ++i) {
    const Assignment &x = a.assignments[i], &y = b.assignments[i];
    INFO("assignment " << i);
    REQUIRE(x.key == y.key);
    REQUIRE(x.value == y.value);
    REQUIRE(x.file == y.file);
    REQUIRE(x.line == y.line);
    REQUIRE(bool(x.exclusion) == bool(y.exclusion));
    REQUIRE(bool(x.ignore_failure) == bool(y.ignore_failure));
    REQUIRE(bool(x.is_glob) == bool(y.is_glob));
  }
  REQUIRE(a.keys.size() == b.keys.size());
  for (size_t i = 0; i < a.keys.size(); ++i) {
    INFO("key " << a.keys[i].key);
    REQUIRE(a.keys[i].key == b.keys[i].key);
    REQUIRE(a.keys[i].value == b.keys[i].value);
    REQUIRE(a.keys[i].winner == b.keys[i].winner);
    REQUIRE(a.keys[i].shadowed == b.keys[i].shadowed);
    REQUIRE(a.keys[i].excluded == b.keys[i].excluded);
    REQUIRE(a.keys[i].globs_overridden == b.keys[i].globs_overridden);
  }
  REQUIRE(a.diagnostics.size() == b.diagnostics.size());
  for (size_t i = 0; i < a.diagnostics.size(); ++i) {
    REQUIRE(a.diagnostics[i].where.file == b.diagnostics[i].where.file);
    REQUIRE(a.diagnostics[i].where.line == b.diagnostics[i].where.line);
    REQUIRE(a.diagnostics[i].message == b.diagnostics[i].message);
  }
}

}  // namespace

TEST_CASE("several threads load exactly what one thread loads") {
  for (unsigned seed : {1u, 2u, 3u}) {
    fs::path root = make_tree(seed, 60, 400);
    for (Loader loader : {Loader::systemd, Loader::procps}) {
      INFO("seed " << seed << ", loader " << to_string(loader));
      LoadOptions o;
      o.root = root;
      o.loader = loader;
      set_load_threads_for_testing(1, 1);
      ConfigSet one = load_system(o);
      for (unsigned threads : {2u, 3u, 4u}) {
        set_load_threads_for_testing(threads, 1);  // a thread for any number of bytes
        ConfigSet many = load_system(o);
        require_same(one, many);
      }
      CHECK(one.assignments.size() > 10000);
      CHECK(!one.diagnostics.empty());
      CHECK(one.masks.size() == 1);
    }
    fs::remove_all(root);
  }
  set_load_threads_for_testing(0, size_t(1) << 20);
}

TEST_CASE("explicit files split across threads keep the order given") {
  fs::path root = make_tree(7, 30, 300);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(root / "etc/sysctl.d")) files.push_back(e.path());
  std::sort(files.rbegin(), files.rend());  // not the load order: the order given wins
  set_load_threads_for_testing(1, 1);
  ConfigSet one = load_files(files, Loader::procps);
  set_load_threads_for_testing(4, 1);
  ConfigSet many = load_files(files, Loader::procps);
  require_same(one, many);
  set_load_threads_for_testing(0, size_t(1) << 20);
  fs::remove_all(root);
}
