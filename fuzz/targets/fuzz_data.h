// The project's own rules, profiles and deny list for targets that compile against them. Found
// under $SA_FUZZ_DATA (fuzz/run.sh sets the source tree) or the working folder (bazel test runs
// in the runfiles root, which holds rules/ and profiles/).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "advisor/data/data_files.h"
#include "advisor/engine/deny_list.h"
#include "advisor/engine/engine.h"

namespace sa::fuzz {

inline std::string data_root() {
  const char* d = std::getenv("SA_FUZZ_DATA");
  return d && *d ? std::string(d) + "/" : std::string();
}

inline std::string data_file(const std::string& rel) {
  std::ifstream in(data_root() + rel);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline engine::Knowledge knowledge() {
  auto k = engine::compile_knowledge(data::read_knowledge_files({data_root() + "rules"}, {data_root() + "profiles"}));
  if (!k.ok()) std::abort();  // the data must load: otherwise the target tests nothing
  return k.value;
}

inline engine::DenyList deny_list() {
  auto d = engine::parse_deny_list(data_file("rules/apply-deny.toml"), "rules/apply-deny.toml");
  if (!d.ok()) std::abort();
  return d.value;
}

}  // namespace sa::fuzz
