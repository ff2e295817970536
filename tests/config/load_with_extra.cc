// For differential_test.py: config's loader with LoadOptions::extra, printed as
// `sysctl-advisor config --format json` prints a load, so the test can compare it with the real
// loaders run on the same tree with the file actually placed.
//   load_with_extra ROOT procps|systemd HOST_PATH TEXT_FILE
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "advisor/config/config_json.h"
#include "advisor/config/config_set.h"

int main(int argc, char** argv) {
  using namespace sa::config;
  if (argc != 5 || !parse_loader(argv[2])) {
    std::cerr << "usage: load_with_extra ROOT procps|systemd HOST_PATH TEXT_FILE\n";
    return 2;
  }
  std::ifstream in(argv[4], std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LoadOptions lo;
  lo.root = argv[1];
  lo.loader = *parse_loader(argv[2]);
  lo.extra = ExtraFile{argv[3], text};
  std::string out;
  write_json(load_system(lo), "sysctl-advisor/config/v1", out);
  std::cout << out << "\n";
  return 0;
}
