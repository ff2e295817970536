// A YAML stream (one or more documents) read with libfyaml, and a small read-only view of its
// nodes that knows where each scalar is written (1-based line and column). Pure: text in,
// documents and located errors out. Anchors, aliases and merge keys (`<<: *x`) are resolved, so a
// value reached through an alias reports where the anchored text is written.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/core/diagnostic.h"

struct fy_node;
struct fy_document;
struct fy_parser;

namespace sa::config::yaml {

class Node {
 public:
  Node() = default;
  explicit Node(fy_node* n) : n_(n) {}
  explicit operator bool() const { return n_ != nullptr; }
  bool is_map() const;
  bool is_seq() const;
  bool is_scalar() const;
  // A mapping's value for a scalar key; a null Node when absent (or when this is no mapping).
  Node get(std::string_view key) const;
  // A scalar's text (the value after YAML unescaping); "" for anything else.
  std::string_view text() const;
  // Quoted ('...' or "..."): a plain `5` and a quoted "5" are the same sysctl value, but only a
  // plain scalar can be YAML's null (`~`, `null`, empty).
  bool quoted() const;
  bool is_null() const;  // absent, `~`, `null` or empty plain scalar
  // Where the node starts (for mappings and sequences: their first scalar); 0 when unknown.
  // A quoted scalar starts at its first character inside the quotes.
  int line() const;
  int col() const;
  std::vector<std::pair<Node, Node>> pairs() const;  // a mapping's entries in order
  std::vector<Node> items() const;                   // a sequence's items in order
  fy_node* raw() const { return n_; }

 private:
  fy_node* n_ = nullptr;
};

// The documents of one stream, alive as long as this object.
class Stream {
 public:
  Stream();
  ~Stream();
  Stream(Stream&&) noexcept;
  Stream& operator=(Stream&&) noexcept;
  std::vector<Node> roots;          // one per document parsed (documents before an error count)
  std::vector<Diagnostic> errors;   // code "yaml-syntax", file:line:col of the first error, if any

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend Stream parse(std::string_view text, const std::string& file);
};

inline constexpr const char* kYamlSyntax = "yaml-syntax";

// Parses every document of `text`; `file` is only copied into error locations. Never throws.
Stream parse(std::string_view text, const std::string& file);

}  // namespace sa::config::yaml
