// Each syntax rule of sysctl.d(5) / procps sysctl.conf(5), one table row each: the line as
// written, what the loader would write, and the diagnostic the user sees.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "advisor/config/line_parser.h"

using namespace sa;
using namespace sa::config;

namespace {

struct Parsed {
  std::vector<Assignment> as;
  std::vector<Diagnostic> ds;
};

Parsed parse(const std::string& text, Loader loader = Loader::systemd) {
  Parsed p;
  static const std::string path = "/etc/sysctl.d/test.conf";
  parse_text(text, 0, path, loader, p.as, p.ds);
  return p;
}

struct Row {
  const char* name;
  const char* line;
  const char* key;    // nullptr: no assignment
  const char* value;
  bool ignore_failure;
  bool exclusion;
  const char* code;   // nullptr: no diagnostic
};

const Row kRows[] = {
    {"plain", "net.ipv4.tcp_fin_timeout = 30", "net.ipv4.tcp_fin_timeout", "30", false, false, nullptr},
    {"no spaces", "net.ipv4.tcp_fin_timeout=30", "net.ipv4.tcp_fin_timeout", "30", false, false, nullptr},
    {"tabs and padding", "\t net.ipv4.tcp_tw_reuse\t=\t1 \t", "net.ipv4.tcp_tw_reuse", "1", false, false, nullptr},
    {"CRLF", "net.ipv4.tcp_sack = 1\r", "net.ipv4.tcp_sack", "1", false, false, nullptr},
    {"value with spaces is folded", "net.ipv4.ip_local_port_range = 1024 \t 65000", "net.ipv4.ip_local_port_range",
     "1024 65000", false, false, nullptr},
    {"value keeps later '='", "kernel.core_pattern = |/bin/x a=b", "kernel.core_pattern", "|/bin/x a=b", false, false, nullptr},
    {"hash comment", "# net.ipv4.tcp_sack = 0", nullptr, nullptr, false, false, nullptr},
    {"semicolon comment", "  ; net.ipv4.tcp_sack = 0", nullptr, nullptr, false, false, nullptr},
    {"blank", "   \t ", nullptr, nullptr, false, false, nullptr},
    {"slash separator swaps dots", "net/ipv4/conf/eth0.100/forwarding = 1", "net.ipv4.conf.eth0/100.forwarding", "1",
     false, false, nullptr},
    {"dash: ignore failure", "-net.ipv4.tcp_ecn = 1", "net.ipv4.tcp_ecn", "1", true, false, nullptr},
    {"bare dash key: exclusion", "-net.ipv4.conf.lo.rp_filter", "net.ipv4.conf.lo.rp_filter", "", false, true, nullptr},
    {"glob", "net.ipv4.conf.*.rp_filter = 2", "net.ipv4.conf.*.rp_filter", "2", false, false, nullptr},
    {"missing '='", "net.ipv4.tcp_sack 1", nullptr, nullptr, false, false, code::kMissingEquals},
    {"empty key", " = 5", nullptr, nullptr, false, false, code::kEmptyKey},
    {"bad characters", "net.ipv4.tcp$sack = 1", nullptr, nullptr, false, false, code::kInvalidKey},
    {"dots only", "net..ipv4 = 1", nullptr, nullptr, false, false, code::kInvalidKey},
    {"trailing comment is part of the value", "net.ipv4.tcp_fin_timeout = 30 # why", "net.ipv4.tcp_fin_timeout",
     "30 # why", false, false, code::kInlineComment},
    {"empty value", "net.ipv4.tcp_fin_timeout =", "net.ipv4.tcp_fin_timeout", "", false, false, code::kEmptyValue},
};

}  // namespace

TEST_CASE("each syntax rule, as both loaders read it") {
  for (const Row& r : kRows) {
    for (Loader l : {Loader::systemd, Loader::procps}) {
      CAPTURE(r.name);
      CAPTURE(to_string(l));
      Parsed p = parse(std::string(r.line) + "\n", l);
      if (r.key) {
        REQUIRE(p.as.size() == 1);
        CHECK(p.as[0].key == r.key);
        CHECK(p.as[0].value == r.value);
        CHECK(bool(p.as[0].ignore_failure) == r.ignore_failure);
        CHECK(bool(p.as[0].exclusion) == r.exclusion);
        CHECK(p.as[0].line == 1);
      } else {
        CHECK(p.as.empty());
      }
      if (r.code) {
        REQUIRE(p.ds.size() == 1);
        CHECK(p.ds[0].code == r.code);
        CHECK(p.ds[0].where.file == "/etc/sysctl.d/test.conf");
        CHECK(p.ds[0].where.line == 1);
      } else {
        CHECK(p.ds.empty());
      }
    }
  }
}

TEST_CASE("a blank after '-' works for systemd but makes procps look up a key that does not exist") {
  Parsed s = parse("- net.ipv4.tcp_ecn = 1\n", Loader::systemd);
  REQUIRE(s.as.size() == 1);
  CHECK(s.as[0].key == "net.ipv4.tcp_ecn");
  CHECK(s.ds.at(0).severity == Severity::warning);
  Parsed p = parse("- net.ipv4.tcp_ecn = 1\n", Loader::procps);
  CHECK(p.as.empty());
  CHECK(p.ds.at(0).code == code::kBlankAfterDash);
  CHECK(p.ds.at(0).severity == Severity::error);
}

TEST_CASE("bad lines never stop the rest of the file, and positions are 1-based") {
  std::string text = "net.ipv4.tcp_sack = 1\nthis is junk\n";
  text += std::string(5000, 'x') + "\n";                         // a line longer than a page
  text += std::string("net.ipv4.tcp_ecn = 1\0\n", 22);           // a NUL byte after the value
  text += "net.ipv4.tcp_fin_timeout = \xff\xfe\n";                 // not UTF-8
  text += "# comments may hold \xff anything\n";
  text += "net.ipv4.tcp_tw_reuse = 1";                              // no final newline
  for (Loader l : {Loader::systemd, Loader::procps}) {
    Parsed p = parse(text, l);
    // Both loaders write tcp_ecn = 1 from "net.ipv4.tcp_ecn = 1\0" (seen in unshare -n -m).
    REQUIRE(p.as.size() == 3);
    CHECK(p.as[0].key == "net.ipv4.tcp_sack");
    CHECK(p.as[1].key == "net.ipv4.tcp_ecn");
    CHECK(p.as[2].key == "net.ipv4.tcp_tw_reuse");
    CHECK(p.as[2].line == 7);
    REQUIRE(p.ds.size() == 4);
    CHECK(p.ds[0].code == code::kMissingEquals);
    CHECK(p.ds[0].where.line == 2);
    CHECK(p.ds[1].code == code::kLineTooLong);
    CHECK(p.ds[1].where.line == 3);
    CHECK(p.ds[1].source_line.size() <= 240);
    CHECK(p.ds[2].code == code::kBinaryLine);
    CHECK(p.ds[3].code == code::kNotUtf8);
    CHECK(p.ds[3].where.line == 5);
    CHECK(p.ds[3].source_line.find("\\xff") != std::string::npos);  // printable, valid for JSON
  }
}

// Seen with systemd-sysctl 252 and procps 4.0.2 `sysctl --system` in `unshare -m -n`, one row per
// line: what each writes. systemd ends lines at LF, CR and NUL (src/basic/fileio.c,
// read_line_full); procps at LF, and its line stops at the first NUL.
struct SplitRow {
  const char* name;
  std::string text;
  std::vector<std::string> systemd, procps;  // "key=value" written
};

std::vector<std::string> written(const Parsed& p) {
  std::vector<std::string> v;
  for (const auto& a : p.as) v.push_back(std::string(a.key) + "=" + std::string(a.value));
  return v;
}

TEST_CASE("CR and NUL: each loader's reading, and the line flagged where they differ") {
  const SplitRow rows[] = {
      {"CR hides an assignment in a comment", "# comment\r net.ipv4.ip_forward = 1\n", {"net.ipv4.ip_forward=1"}, {}},
      {"NUL hides an assignment in a comment", std::string("# c\0net.ipv4.tcp_keepalive_time = 601\n", 39),
       {"net.ipv4.tcp_keepalive_time=601"}, {}},
      {"CR between two assignments", "net.ipv4.tcp_syn_retries = 3\rnet.ipv4.tcp_keepalive_probes = 4\n",
       {"net.ipv4.tcp_syn_retries=3", "net.ipv4.tcp_keepalive_probes=4"},
       {"net.ipv4.tcp_syn_retries=3 net.ipv4.tcp_keepalive_probes = 4"}},
      {"NUL then junk", std::string("net.ipv4.tcp_syn_retries = 3\0junk\n", 35), {"net.ipv4.tcp_syn_retries=3"},
       {"net.ipv4.tcp_syn_retries=3"}},
      {"CRLF", "net.ipv4.tcp_sack = 0\r\n", {"net.ipv4.tcp_sack=0"}, {"net.ipv4.tcp_sack=0"}},
      {"vertical tab is no line break", "net.ipv4.tcp_sack = 0\vnet.ipv4.tcp_ecn=2\n", {"net.ipv4.tcp_sack=0 net.ipv4.tcp_ecn=2"},
       {"net.ipv4.tcp_sack=0 net.ipv4.tcp_ecn=2"}},
  };
  for (const auto& r : rows) {
    CAPTURE(r.name);
    Parsed s = parse(r.text, Loader::systemd), p = parse(r.text, Loader::procps);
    CHECK(written(s) == r.systemd);
    CHECK(written(p) == r.procps);
    bool differ = r.systemd != r.procps;
    for (const Parsed* x : {&s, &p}) {
      bool flagged = false;
      for (const auto& d : x->ds) flagged |= d.code == std::string(code::kLoaderSplitLine);
      CHECK(flagged == differ);
    }
  }
}

TEST_CASE("systemd-sysctl stops reading a file at a 1 MiB line; procps reads on") {
  std::string text = "net.ipv4.tcp_sack = 0\n# " + std::string(kSystemdLineMax, 'x') + "\nnet.ipv4.tcp_keepalive_time = 602\n";
  Parsed s = parse(text, Loader::systemd), p = parse(text, Loader::procps);
  CHECK(written(s) == std::vector<std::string>{"net.ipv4.tcp_sack=0"});
  REQUIRE(s.ds.size() == 1);
  CHECK(s.ds[0].code == code::kFileCut);
  CHECK(s.ds[0].where.line == 2);
  CHECK(written(p) == std::vector<std::string>{"net.ipv4.tcp_sack=0", "net.ipv4.tcp_keepalive_time=602"});
  CHECK(p.ds.empty());  // a long comment is still a comment
  // One byte shorter is a line systemd reads (and skips: a comment).
  std::string shorter = "# " + std::string(kSystemdLineMax - 3, 'x') + "\nnet.ipv4.tcp_sack = 0\n";
  CHECK(written(parse(shorter, Loader::systemd)) == std::vector<std::string>{"net.ipv4.tcp_sack=0"});
}

TEST_CASE("printable escapes what a terminal or JSON cannot take") {
  CHECK(printable("plain") == "plain");
  CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(printable("a\xff" "b") == "a\\xffb");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
}

TEST_CASE("a binary file gives the first 50 problems and one line that counts the rest") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += std::string("\x01\x00junk\n", 7);
  text += "net.ipv4.tcp_sack = 1\n";
  Parsed p = parse(text);
  REQUIRE(p.as.size() == 1);
  CHECK(p.as[0].line == 501);
  REQUIRE(p.ds.size() == 51);
  CHECK(p.ds[50].code == code::kTooManyProblems);
  CHECK(p.ds[50].message.rfind("450 more errors", 0) == 0);
}

TEST_CASE("columns point at the key (after '-') and at the value, where the parser finds them") {
  CHECK(columns_of("net.ipv4.tcp_sack = 1").key == 1);
  CHECK(columns_of("  - net.ipv4.tcp_sack = 1").key == 5);
  CHECK(columns_of("net.ipv4.tcp_sack = 1").value == 21);
  CHECK(columns_of("net.ipv4.tcp_sack=1").value == 19);
  CHECK(columns_of("net.ipv4.tcp_sack =").value == 19);  // empty value: at the '='
  CHECK(columns_of("no equals").value == 0);
  CHECK(columns_of("-net.ipv4.tcp_sack").key == 2);       // an exclusion has a key, no value
  CHECK(columns_of("-net.ipv4.tcp_sack").value == 0);
  CHECK(columns_of("  # net.ipv4.tcp_sack = 1").key == 0);
  CHECK(columns_of("; x").value == 0);
  CHECK(columns_of("\v net.ipv4.tcp_sack = 1").key == 3);  // procps strips every isspace() byte
  // The same columns the parser reports: an invalid key, a comment after a value.
  Parsed p = parse("  -  net.ipv4..tcp_sack = 1\nnet.ipv4.tcp_sack =  1 # why\n", Loader::systemd);
  REQUIRE(p.ds.size() >= 2);
  bool invalid = false, inline_comment = false;
  for (const auto& d : p.ds) {
    if (d.code == std::string(code::kInvalidKey)) {
      invalid = true;
      CHECK(d.where.col == columns_of("  -  net.ipv4..tcp_sack = 1").key);
    }
    if (d.code == std::string(code::kInlineComment)) {
      inline_comment = true;
      CHECK(d.where.col == columns_of("net.ipv4.tcp_sack =  1 # why").value + 2);
    }
  }
  CHECK(invalid);
  CHECK(inline_comment);
}
