#include "advisor/config/config_json.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <numeric>

#include "advisor/config/line_parser.h"

using nlohmann::json;

namespace sa::config {
namespace {

json origin(const ConfigSet& set, const Assignment& a) {
  return json{{"file", set.file_of(a)}, {"line", a.line}};
}

json diagnostic_json(const Diagnostic& d) {
  return json{{"file", d.where.file},         {"line", d.where.line}, {"col", d.where.col},
              {"severity", to_string(d.severity)}, {"code", d.code},       {"message", d.message}};
}

template <typename T>
T get_or(const json& j, const char* name, T fallback) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    return fallback;
  }
}

// JSON string escaping (RFC 8259): quotes, backslash and control characters. Input strings are
// valid UTF-8 already (the parser rejects the rest and escapes file names with printable()).
void quote(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  size_t plain = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += "\\u00"; out += hex[c >> 4]; out += hex[c & 15];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

void field(std::string& out, const char* indent, const char* name, bool first = false) {
  if (!first) out += ",\n";
  out += indent;
  out += '"';
  out += name;
  out += "\": ";
}

void string_list(std::string& out, const std::vector<std::string>& items, const char* indent) {
  if (items.empty()) { out += "[]"; return; }
  out += "[\n";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",\n";
    out += indent;
    out += "  ";
    quote(out, items[i]);
  }
  out += "\n";
  out += indent;
  out += "]";
}

}  // namespace

void write_json(const ConfigSet& set, const std::string& schema, std::string& out,
                const std::function<void(std::string&)>& drain) {
  // Whole: about 130 bytes per shadowed line, reserved once instead of copying 100 MB several
  // times. In pieces: a few pages at a time, handed to `drain`.
  constexpr size_t kPiece = size_t(64) << 10;
  out.reserve(drain ? 2 * kPiece : out.size() + 256 + set.keys.size() * 200 + set.assignments.size() * 140);
  auto piece_done = [&] {
    if (drain && out.size() > kPiece) drain(out);
  };
  out += "{\n";
  field(out, "  ", "schema", true);
  quote(out, schema);
  field(out, "  ", "loader");
  quote(out, to_string(set.loader));
  field(out, "  ", "root");
  quote(out, set.root);
  field(out, "  ", "files");
  string_list(out, set.files, "  ");
  field(out, "  ", "masks");
  string_list(out, set.masks, "  ");
  field(out, "  ", "hidden");
  out += set.hidden.empty() ? "[" : "[\n";
  for (size_t i = 0; i < set.hidden.size(); ++i) {
    const auto& h = set.hidden[i];
    out += i ? ",\n    {" : "    {";
    out += "\"path\": ";
    quote(out, h.path);
    out += ", \"by\": ";
    quote(out, h.by);
    out += h.masked ? ", \"masked\": true}" : ", \"masked\": false}";
  }
  out += set.hidden.empty() ? "]" : "\n  ]";
  // Each file is quoted once, not once per line it holds (a million lines over 400 files).
  std::vector<std::string> quoted_files(set.files.size());
  for (size_t i = 0; i < set.files.size(); ++i) quote(quoted_files[i], set.files[i]);
  auto origin = [&](const Assignment& a) {
    out += "\"file\": ";
    if (a.file < quoted_files.size()) out += quoted_files[a.file];
    else quote(out, set.file_of(a));
    out += ", \"line\": ";
    char digits[16];
    auto end = std::to_chars(digits, digits + sizeof digits, a.line).ptr;
    out.append(digits, end);
  };
  field(out, "  ", "keys");
  out += set.keys.empty() ? "[" : "[\n";
  for (size_t i = 0; i < set.keys.size(); ++i) {
    const EffectiveKey& k = set.keys[i];
    const Assignment& w = set.winner(k);
    out += i ? ",\n    {\"key\": " : "    {\"key\": ";
    quote(out, k.key);
    out += ", \"value\": ";
    if (k.excluded) out += "null";
    else quote(out, k.value);
    out += ", ";
    origin(w);
    out += w.ignore_failure ? ", \"ignore_failure\": true" : ", \"ignore_failure\": false";
    out += k.is_glob ? ", \"glob\": true" : ", \"glob\": false";
    out += k.excluded ? ", \"excluded\": true" : ", \"excluded\": false";
    out += ",\n      \"shadowed\": [";
    for (size_t j = 0; j < k.shadowed.size(); ++j) {
      const Assignment& a = set.assignments[k.shadowed[j]];
      out += j ? ",\n        {\"value\": " : "\n        {\"value\": ";
      if (a.exclusion) out += "null";
      else quote(out, a.value);
      out += ", ";
      origin(a);
      out += a.ignore_failure ? ", \"ignore_failure\": true" : ", \"ignore_failure\": false";
      out += a.exclusion ? ", \"exclusion\": true}" : ", \"exclusion\": false}";
      piece_done();
    }
    out += k.shadowed.empty() ? "]" : "\n      ]";
    out += ",\n      \"globs_overridden\": [";
    for (size_t j = 0; j < k.globs_overridden.size(); ++j) {
      const Assignment& g = set.assignments[k.globs_overridden[j]];
      out += j ? ",\n        {\"key\": " : "\n        {\"key\": ";
      quote(out, g.key);
      out += ", \"value\": ";
      quote(out, g.value);
      out += ", ";
      origin(g);
      out += "}";
    }
    out += k.globs_overridden.empty() ? "]}" : "\n      ]}";
    piece_done();
  }
  out += set.keys.empty() ? "]" : "\n  ]";
  field(out, "  ", "diagnostics");
  out += set.diagnostics.empty() ? "[" : "[\n";
  for (size_t i = 0; i < set.diagnostics.size(); ++i) {
    const Diagnostic& d = set.diagnostics[i];
    out += i ? ",\n    {\"file\": " : "    {\"file\": ";
    quote(out, d.where.file);
    out += ", \"line\": " + std::to_string(d.where.line) + ", \"col\": " + std::to_string(d.where.col);
    out += ", \"severity\": ";
    quote(out, to_string(d.severity));
    out += ", \"code\": ";
    quote(out, d.code);
    out += ", \"message\": ";
    quote(out, d.message);
    out += "}";
  }
  out += set.diagnostics.empty() ? "]" : "\n  ]";
  out += "\n}\n";
}

json to_json(const ConfigSet& set) {
  json out;
  out["loader"] = to_string(set.loader);
  out["root"] = set.root;
  out["files"] = set.files;
  out["masks"] = set.masks;
  json hidden = json::array();
  for (const auto& h : set.hidden) hidden.push_back({{"path", h.path}, {"by", h.by}, {"masked", h.masked}});
  out["hidden"] = std::move(hidden);
  json keys = json::array();
  for (const auto& k : set.keys) {
    const Assignment& w = set.winner(k);
    json jk = {{"key", k.key},
               {"value", k.excluded ? json(nullptr) : json(k.value)},
               {"file", set.file_of(w)},
               {"line", w.line},
               {"ignore_failure", w.ignore_failure},
               {"glob", k.is_glob},
               {"excluded", k.excluded}};
    json shadowed = json::array();
    for (size_t i : k.shadowed) {
      const Assignment& a = set.assignments[i];
      json js = origin(set, a);
      js["value"] = a.exclusion ? json(nullptr) : json(std::string(a.value));
      js["ignore_failure"] = a.ignore_failure;
      js["exclusion"] = a.exclusion;
      shadowed.push_back(std::move(js));
    }
    jk["shadowed"] = std::move(shadowed);
    json globs = json::array();
    for (size_t i : k.globs_overridden) {
      const Assignment& g = set.assignments[i];
      json jg = origin(set, g);
      jg["key"] = std::string(g.key);
      jg["value"] = std::string(g.value);
      globs.push_back(std::move(jg));
    }
    jk["globs_overridden"] = std::move(globs);
    keys.push_back(std::move(jk));
  }
  out["keys"] = std::move(keys);
  json diags = json::array();
  for (const auto& d : set.diagnostics) diags.push_back(diagnostic_json(d));
  out["diagnostics"] = std::move(diags);
  return out;
}

ConfigSet config_from_json(const json& body, std::vector<Diagnostic>& errors) {
  ConfigSet set;
  auto fail = [&](std::string message) {
    Diagnostic d;
    d.code = diag::kInvalidConfigJson;
    d.where.file = "config";
    d.message = std::move(message);
    errors.push_back(std::move(d));
  };
  if (!body.is_object()) {
    fail("expected an object with \"keys\" and \"diagnostics\"");
    return set;
  }
  if (auto l = parse_loader(get_or<std::string>(body, "loader", "systemd"))) set.loader = *l;
  else fail("\"loader\" must be \"systemd\" or \"procps\"");
  set.root = get_or<std::string>(body, "root", "/");
  set.files = get_or<std::vector<std::string>>(body, "files", {});
  set.masks = get_or<std::vector<std::string>>(body, "masks", {});
  if (auto h = body.find("hidden"); h != body.end() && h->is_array())
    for (const auto& e : *h)
      if (e.is_object())
        set.hidden.push_back(HiddenFile{get_or<std::string>(e, "path", ""), get_or<std::string>(e, "by", ""),
                                        get_or<bool>(e, "masked", false)});

  std::map<std::string, uint32_t> file_index;
  for (size_t i = 0; i < set.files.size(); ++i) file_index.emplace(set.files[i], static_cast<uint32_t>(i));
  auto index_of = [&](const std::string& f) {
    auto it = file_index.find(f);
    if (it != file_index.end()) return it->second;
    set.files.push_back(f);
    return file_index[f] = static_cast<uint32_t>(set.files.size() - 1);
  };
  auto add = [&](std::string_view key, const json& e, bool exclusion) {  // key: kept in set.text
    Assignment a;
    a.key = key;
    a.is_glob = is_glob(key);
    a.exclusion = exclusion;
    a.value = exclusion ? std::string_view() : set.keep(get_or<std::string>(e, "value", ""));
    a.file = index_of(get_or<std::string>(e, "file", ""));
    a.line = get_or<int>(e, "line", 0);
    a.ignore_failure = get_or<bool>(e, "ignore_failure", false);
    set.assignments.push_back(std::move(a));
  };

  auto keys = body.find("keys");
  if (keys == body.end() || !keys->is_array()) {
    fail("expected \"keys\" to be an array");
  } else {
    for (const auto& k : *keys) {
      std::string key = k.is_object() ? get_or<std::string>(k, "key", "") : "";
      if (key.empty()) {
        fail("a \"keys\" entry has no \"key\"");
        continue;
      }
      std::string_view kept = set.keep(key);
      if (auto s = k.find("shadowed"); s != k.end() && s->is_array())
        for (const auto& e : *s)
          if (e.is_object()) add(kept, e, get_or<bool>(e, "exclusion", false));
      add(kept, k, get_or<bool>(k, "excluded", false));
    }
  }
  // Load order is file order, then line order: the files list is in load order.
  std::vector<size_t> order(set.assignments.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const auto& a = set.assignments[x];
    const auto& b = set.assignments[y];
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  });
  std::vector<Assignment> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) sorted.push_back(std::move(set.assignments[i]));
  set.assignments = std::move(sorted);
  compute_effective(set);

  if (auto ds = body.find("diagnostics"); ds != body.end() && ds->is_array()) {
    for (const auto& e : *ds) {
      if (!e.is_object()) continue;
      Diagnostic d;
      d.severity = parse_severity(get_or<std::string>(e, "severity", "error")).value_or(Severity::error);
      d.code = get_or<std::string>(e, "code", "");
      d.where = Location{get_or<std::string>(e, "file", ""), get_or<int>(e, "line", 0), get_or<int>(e, "col", 0)};
      d.message = get_or<std::string>(e, "message", "");
      set.diagnostics.push_back(std::move(d));
    }
  }
  return set;
}

}  // namespace sa::config
