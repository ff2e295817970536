// Assignment::key and ::value are views into the ConfigSet's TextStore (no string per line).
// What users of the contract rely on: the views stay valid in copies of the set after the
// original is gone, after the file buffers are reused, and they still read like std::string.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <optional>

#include "advisor/config/config_json.h"
#include "advisor/config/config_set.h"

using namespace sa::config;

namespace {

std::filesystem::path write(const std::string& name, const std::string& text) {
  auto p = std::filesystem::temp_directory_path() / ("text_view_test_" + name);
  std::ofstream(p) << text;
  return p;
}

std::string takes_string(const std::string& s) { return "[" + s + "]"; }

}  // namespace

TEST_CASE("views in a copied ConfigSet outlive the loaded set and its file buffers") {
  auto a = write("a.conf", "net.ipv4.tcp_fin_timeout = 15\nnet/ipv4/conf/eth0.100/forwarding = 1\n");
  auto b = write("b.conf", "net.ipv4.tcp_fin_timeout   =   30\t 40\n-kernel.x\n");
  std::optional<ConfigSet> copy;
  {
    ConfigSet loaded = load_files({a, b}, Loader::systemd);
    copy = loaded;  // the original dies at the end of this block
  }
  std::filesystem::remove(a);
  std::filesystem::remove(b);
  const ConfigSet& s = *copy;
  REQUIRE(s.assignments.size() == 4);
  CHECK(s.assignments[0].key == "net.ipv4.tcp_fin_timeout");
  CHECK(s.assignments[0].value == "15");
  CHECK(s.assignments[1].key == "net.ipv4.conf.eth0/100.forwarding");
  CHECK(s.assignments[2].value == "30 40");  // folded
  CHECK(s.assignments[3].key == "kernel.x");
  CHECK(s.assignments[3].value.empty());
  const EffectiveKey* k = s.find("net.ipv4.tcp_fin_timeout");
  REQUIRE(k != nullptr);
  CHECK(k->value == "30 40");
  CHECK(s.assignments[k->shadowed.at(0)].value == "15");
}

TEST_CASE("a view reads like std::string where code expects one") {
  Assignment a;
  a.key = "net.core.somaxconn";
  a.value = "4096";
  std::string joined = a.key + " = " + a.value;
  CHECK(joined == "net.core.somaxconn = 4096");
  CHECK("'" + a.key + "'" == "'net.core.somaxconn'");
  CHECK(takes_string(a.key) == "[net.core.somaxconn]");
  std::string head = a.key.substr(0, a.key.find('.'));
  CHECK(head == "net");
  std::map<std::string, int> m;
  m[a.key] = 1;
  CHECK(m.count("net.core.somaxconn") == 1);
  std::string owned = a.value;
  CHECK(owned == "4096");
}

TEST_CASE("a set rebuilt from JSON owns its text") {
  std::optional<ConfigSet> rebuilt;
  {
    auto p = write("c.conf", "vm.swappiness = 10\nvm.swappiness = 20\n");
    ConfigSet s = load_files({p}, Loader::procps);
    std::filesystem::remove(p);
    std::vector<sa::Diagnostic> errors;
    nlohmann::json body = to_json(s);
    rebuilt = config_from_json(body, errors);
    CHECK(errors.empty());
  }
  REQUIRE(rebuilt->keys.size() == 1);
  CHECK(rebuilt->keys[0].value == "20");
  CHECK(rebuilt->winner(rebuilt->keys[0]).key == "vm.swappiness");
  REQUIRE(rebuilt->keys[0].shadowed.size() == 1);
  CHECK(rebuilt->assignments[rebuilt->keys[0].shadowed[0]].value == "10");
}

TEST_CASE("a view is 8 bytes and still holds text of any length") {
  static_assert(sizeof(TextView) == 8);
  static_assert(sizeof(Assignment) == 24);
  ConfigSet s;
  for (size_t n : {size_t(0), size_t(1), size_t(65534), size_t(65535), size_t(65536), size_t(300000)}) {
    std::string text(n, 'x');
    if (n) text.back() = 'y';
    TextView v = s.keep(text);
    CHECK(v.size() == n);
    CHECK(v == text);
    CHECK(v.empty() == (n == 0));
    if (n) CHECK(v.back() == 'y');
    TextView copy = v;
    CHECK(copy.view() == std::string_view(text));
  }
}

TEST_CASE("views compare like the text") {
  TextView a = "net.core.somaxconn", b = "net.core.somaxconn2";
  CHECK(a < b);
  CHECK(!(b < a));
  CHECK(a != b);
  CHECK(a == std::string("net.core.somaxconn"));
  CHECK(std::string_view("net.a") < a);
}
