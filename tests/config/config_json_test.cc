// The snapshot embeds to_json() and plan --snapshot rebuilds with config_from_json(): a round trip
// must give back the same effective values, origins and shadowed lines.
#include <doctest/doctest.h>

#include "advisor/config/config_json.h"
#include "advisor/config/line_parser.h"

using namespace sa;
using namespace sa::config;

TEST_CASE("to_json follows DESIGN.md's config body and config_from_json gives it back") {
  for (Loader l : {Loader::systemd, Loader::procps}) {
    ConfigSet s;
    s.loader = l;
    s.files = {"/usr/lib/sysctl.d/10-a.conf", "/etc/sysctl.d/20-b.conf"};
    parse_text("net.ipv4.tcp_fin_timeout = 15\nnet.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.lo.rp_filter\n", 0, s.files[0],
               l, s.assignments, s.diagnostics);
    parse_text("net.ipv4.tcp_fin_timeout = 30\n-net.ipv4.tcp_ecn = 1\nnet.ipv4.conf.all.rp_filter = 1\njunk\n", 1, s.files[1], l,
               s.assignments, s.diagnostics);
    compute_effective(s);
    nlohmann::json j = to_json(s);
    const auto& k = j["keys"];
    REQUIRE(k.size() == 5);
    auto fin = std::find_if(k.begin(), k.end(), [](const auto& e) { return e["key"] == "net.ipv4.tcp_fin_timeout"; });
    CHECK((*fin)["value"] == "30");
    CHECK((*fin)["file"] == "/etc/sysctl.d/20-b.conf");
    CHECK((*fin)["line"] == 1);
    CHECK((*fin)["shadowed"][0]["value"] == "15");
    CHECK((*fin)["shadowed"][0]["file"] == "/usr/lib/sysctl.d/10-a.conf");
    CHECK(j["diagnostics"][0]["file"] == "/etc/sysctl.d/20-b.conf");
    CHECK(j["diagnostics"][0]["line"] == 4);
    CHECK(j["diagnostics"][0]["severity"] == "error");
    CHECK(j["diagnostics"][0]["code"] == "missing-equals");

    std::vector<Diagnostic> errors;
    ConfigSet back = config_from_json(nlohmann::json::parse(j.dump()), errors);
    CHECK(errors.empty());
    CHECK(back.loader == l);
    CHECK(to_json(back) == j);

    // The streamed body (what `config --format json` prints) is the same document.
    std::string streamed;
    write_json(s, "sysctl-advisor/config/v1", streamed);
    nlohmann::json parsed = nlohmann::json::parse(streamed);
    CHECK(parsed["schema"] == "sysctl-advisor/config/v1");
    parsed.erase("schema");
    CHECK(parsed == j);
  }
}

TEST_CASE("write_json escapes what JSON needs escaped") {
  ConfigSet s;
  s.files = {"/etc/sysctl.d/a \"quoted\" \\ name.conf"};
  parse_text("kernel.core_pattern = |/bin/x \"%p\" \\t\n", 0, s.files[0], Loader::procps, s.assignments, s.diagnostics);
  compute_effective(s);
  std::string out;
  write_json(s, "x", out);
  nlohmann::json j = nlohmann::json::parse(out);
  CHECK(j["files"][0] == s.files[0]);
  CHECK(j["keys"][0]["value"] == "|/bin/x \"%p\" \\t");
}

TEST_CASE("a malformed body yields errors, not an exception") {
  std::vector<Diagnostic> errors;
  ConfigSet s = config_from_json(nlohmann::json::parse(R"({"keys": [{"value": "1"}, 5], "loader": "upstart"})"), errors);
  CHECK(s.keys.empty());
  CHECK(errors.size() == 3);  // the loader, the entry without "key", the entry that is not an object
  errors.clear();
  config_from_json(nlohmann::json::array(), errors);
  CHECK(errors.size() == 1);
}
