#include "advisor/config/yaml/yaml_doc.h"

#include <libfyaml.h>

#include <algorithm>
#include <cstdio>

#include "advisor/core/text.h"

// libfyaml 0.7.12 (Debian 12) leaks the chunk array its atom iterator grows while formatting a
// single-quoted scalar with many '' escapes (pantoniou/libfyaml#233, fixed upstream after 0.7.12):
// a few KiB per such scalar, freed at exit by a short-lived command. Found by fuzz/targets/yaml.cc
// (fuzz/regressions/yaml/leak-libfyaml-single-quote-escapes). Only LeakSanitizer builds read this
// hook; it names the library's own frame, which the stack shows with fast_unwind_on_malloc=0
// (.bazelrc's asan config sets it, and fuzz/run.sh with SA_FUZZ_SLOW_UNWIND=1), so a leak of ours is
// still reported. A fuzz campaign uses the fast unwinder and suppresses by the library's name
// instead (fuzz/tools/lsan-campaign.supp: libfyaml has no frame pointers).
#if defined(__SANITIZE_ADDRESS__)
#define SA_LSAN_HOOK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SA_LSAN_HOOK 1
#endif
#endif
#ifdef SA_LSAN_HOOK
extern "C" const char* __lsan_default_suppressions() { return "leak:fy_atom_iter_chunk_next\n"; }
#endif

namespace sa::config::yaml {

bool Node::is_map() const { return n_ && fy_node_get_type(n_) == FYNT_MAPPING; }
bool Node::is_seq() const { return n_ && fy_node_get_type(n_) == FYNT_SEQUENCE; }
bool Node::is_scalar() const { return n_ && fy_node_get_type(n_) == FYNT_SCALAR; }

Node Node::get(std::string_view key) const {
  if (!is_map()) return Node();
  void* it = nullptr;
  while (fy_node_pair* p = fy_node_mapping_iterate(n_, &it)) {
    Node k(fy_node_pair_key(p));
    if (k.is_scalar() && k.text() == key) return Node(fy_node_pair_value(p));
  }
  return Node();
}

std::string_view Node::text() const {
  if (!is_scalar()) return {};
  size_t len = 0;
  const char* s = fy_node_get_scalar(n_, &len);
  return s ? std::string_view(s, len) : std::string_view();
}

bool Node::quoted() const {
  if (!is_scalar()) return false;
  fy_node_style st = fy_node_get_style(n_);
  return st == FYNS_SINGLE_QUOTED || st == FYNS_DOUBLE_QUOTED;
}

bool Node::is_null() const {
  if (!n_) return true;
  if (!is_scalar() || quoted()) return false;
  std::string_view t = text();
  return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL";
}

namespace {
const fy_mark* start_of(fy_node* n) {
  for (int depth = 0; n && depth < 64; ++depth) {
    switch (fy_node_get_type(n)) {
      case FYNT_SCALAR: {
        fy_token* t = fy_node_get_scalar_token(n);
        return t ? fy_token_start_mark(t) : nullptr;
      }
      case FYNT_MAPPING: {
        void* it = nullptr;
        fy_node_pair* p = fy_node_mapping_iterate(n, &it);
        n = p ? fy_node_pair_key(p) : nullptr;
        break;
      }
      case FYNT_SEQUENCE: {
        void* it = nullptr;
        n = fy_node_sequence_iterate(n, &it);
        break;
      }
    }
  }
  return nullptr;
}
}  // namespace

// libfyaml's marks are 0-based; everything this project shows is 1-based (converted once, here).
int Node::line() const {
  const fy_mark* m = start_of(n_);
  return m ? m->line + 1 : 0;
}
int Node::col() const {
  const fy_mark* m = start_of(n_);
  return m ? m->column + 1 : 0;
}

std::vector<std::pair<Node, Node>> Node::pairs() const {
  std::vector<std::pair<Node, Node>> out;
  if (!is_map()) return out;
  void* it = nullptr;
  while (fy_node_pair* p = fy_node_mapping_iterate(n_, &it)) out.emplace_back(Node(fy_node_pair_key(p)), Node(fy_node_pair_value(p)));
  return out;
}

std::vector<Node> Node::items() const {
  std::vector<Node> out;
  if (!is_seq()) return out;
  void* it = nullptr;
  while (fy_node* n = fy_node_sequence_iterate(n_, &it)) out.emplace_back(n);
  return out;
}

struct Stream::Impl {
  std::string text;  // libfyaml reads the string in place: it must outlive the documents
  fy_diag* diag = nullptr;
  fy_parser* parser = nullptr;
  std::vector<fy_document*> docs;
  ~Impl() {
    for (fy_document* d : docs) fy_parse_document_destroy(parser, d);
    if (parser) fy_parser_destroy(parser);
    if (diag) fy_diag_destroy(diag);
  }
};

Stream::Stream() : impl_(std::make_unique<Impl>()) {}
Stream::~Stream() = default;
Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;

namespace {
void discard(fy_diag*, void*, const char*, size_t) {}
}  // namespace

namespace {

// The first control character YAML does not allow (1.2, 5.1 c-printable: TAB, LF, CR and the
// printable rest; no other C0 control, no DEL), or npos.
size_t first_control(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
  }
  return std::string_view::npos;
}

// The line and column (in characters, as libfyaml counts them) of byte `at`, whose prefix is UTF-8.
Location locate(std::string_view text, size_t at, const std::string& file) {
  std::string_view before = text.substr(0, at);
  size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  int col = 1;
  for (size_t i = line_start; i < at; ++i) col += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return {file, line, col};
}

}  // namespace

Stream parse(std::string_view text, const std::string& file) {
  Stream s;
  // What libfyaml 0.7.12 must never see, each found by fuzz/targets/yaml.cc, so such a file gets one
  // located diagnostic at the first bad byte instead:
  // - a byte that is not UTF-8 (YAML text is Unicode, 1.2 5.2): it loops forever on one in a
  //   directive line ("% a\xA1") and silently stops at one in a comment;
  // - a control character (1.2 5.1): "- ? s:~  ? :\t\0" crashes it (SEGV in fy_parser_destroy(),
  //   fy_indent_vacuum_internal(); fuzz/regressions/yaml/crash-76f1c60a...), which took `check` of a
  //   repository holding such a .yml down. PyYAML (Ansible) and go-yaml (Kubernetes) refuse these
  //   characters too.
  char byte[8];
  if (size_t good = utf8_valid_prefix(text); good < text.size()) {
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[good]));
    s.errors.push_back({Severity::error, kYamlSyntax, locate(text, good, file),
                        std::string("malformed YAML: byte ") + byte + " is not UTF-8 (YAML text must be UTF-8)", ""});
    return s;
  }
  if (size_t bad = first_control(text); bad != std::string_view::npos) {
    std::snprintf(byte, sizeof byte, "U+%04X", static_cast<unsigned char>(text[bad]));
    s.errors.push_back({Severity::error, kYamlSyntax, locate(text, bad, file),
                        std::string("malformed YAML: control character ") + byte +
                            " (YAML allows only TAB, LF and CR among control characters)", ""});
    return s;
  }
  Stream::Impl& im = *s.impl_;
  im.text.assign(text);
  fy_diag_cfg dc;
  fy_diag_cfg_default(&dc);
  dc.fp = nullptr;
  dc.output_fn = discard;  // errors are collected and returned, never printed by the library
  im.diag = fy_diag_create(&dc);
  if (!im.diag) return s;
  fy_diag_set_collect_errors(im.diag, true);
  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT);
  cfg.diag = im.diag;
  im.parser = fy_parser_create(&cfg);
  if (!im.parser || fy_parser_set_string(im.parser, im.text.data(), im.text.size()) != 0) {
    s.errors.push_back({Severity::error, kYamlSyntax, {file, 1, 1}, "cannot start the YAML parser", ""});
    return s;
  }
  while (fy_document* d = fy_parse_load_document(im.parser)) {
    im.docs.push_back(d);
    s.roots.emplace_back(fy_document_root(d));
  }
  // libfyaml's collected errors carry 1-based lines and columns already.
  void* it = nullptr;
  while (fy_diag_error* e = fy_diag_errors_iterate(im.diag, &it)) {
    if (e->type < FYET_ERROR) continue;
    s.errors.push_back({Severity::error, kYamlSyntax, {file, e->line > 0 ? e->line : 1, e->column > 0 ? e->column : 1},
                        std::string("malformed YAML: ") + (e->msg ? e->msg : "syntax error"), ""});
    break;  // the parser stops at its first error; later ones are consequences
  }
  if (s.errors.empty() && fy_parser_get_stream_error(im.parser))
    s.errors.push_back({Severity::error, kYamlSyntax, {file, 1, 1}, "malformed YAML", ""});
  return s;
}

}  // namespace sa::config::yaml
