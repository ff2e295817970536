// profiles/*.toml -> ProfileSet, in three stages:
//   read     each file to a RawProfile that remembers where every item is;
//   collect  across files: duplicate names, `extends` resolved (unknown names, cycles), traits
//            inherited from the ancestors, every trait declared by generic.toml with one type;
//   compile  the optional [inference] condition and evidence template.
#include <algorithm>
#include <map>
#include <set>

#include "advisor/engine/compile_text.h"
#include "advisor/engine/engine.h"
#include "advisor/engine/toml_source.h"

namespace sa::engine {
namespace {

struct RawTrait {
  Value value;
  Location at;
};

struct RawProfile {
  Str name;
  std::string description;
  std::optional<Str> extends;
  std::map<std::string, RawTrait> traits;
  struct RawConfirm {
    std::optional<Str> condition, evidence;
    Location at;
  };
  struct RawInference {
    std::optional<int64_t> priority;
    std::optional<Str> condition, evidence;
    std::vector<RawConfirm> confirm;
    Location at;
  };
  std::vector<RawInference> inference;
  Location where;
  SourcePtr src;
};

std::string stem_of(const std::string& display) {
  std::string base = display.substr(display.find_last_of('/') + 1);
  return base.substr(0, base.rfind(".toml"));
}

std::optional<RawProfile> read_profile(const std::string& display, const std::string& text, std::vector<Diagnostic>& out) {
  SourcePtr src = make_source(display, text);
  auto doc = parse_toml(src, text, out);
  if (!doc) return std::nullopt;
  const ErrorMark before(out, src);
  RawProfile p;
  p.src = src;
  p.where = Location{display, 1, 1};
  TableReader r(*doc, src, "", out);
  r.reject_unknown({"name", "description", "extends", "traits", "inference"});
  std::string stem = stem_of(display);
  if (auto name = r.string("name", false)) {
    p.name = *name;
    if (name->value != stem)
      r.error(name->at, diag::kNameMismatch, "profile name '" + name->value + "' differs from its file name '" + stem +
                                             ".toml' (commands select profiles by file name)");
  } else {
    p.name = Str{stem, p.where, src};
  }
  if (auto d = r.string("description", true)) p.description = d->value;
  p.extends = r.string("extends", false);
  if (const toml::table* traits = r.table("traits")) {
    for (auto&& [k, v] : *traits) {
      RawTrait t;
      t.at = location(src, k.source());
      if (auto b = v.value_exact<bool>()) t.value = Value::boolean(*b);
      else if (auto i = v.value_exact<int64_t>()) t.value = Value::number(static_cast<double>(*i));
      else if (auto f = v.value_exact<double>()) t.value = Value::number(*f);
      else if (auto s = v.value_exact<std::string>()) t.value = Value::string(*s);
      else {
        r.error(location(src, v.source()), diag::kWrongType,
                "trait '" + std::string(k.str()) + "' must be true/false, a number or a string, found " + type_name(v));
        continue;
      }
      p.traits[std::string(k.str())] = t;
    }
  }
  // [inference], or [[inference]] for a role with several signatures (each its own priority: one
  // from who holds the sockets, one from the host's counts when processes are unknown).
  std::vector<const toml::table*> inference_tables;
  if (const toml::node* inf = doc->get("inference")) {
    if (const toml::table* t = inf->as_table()) inference_tables.push_back(t);
    else if (const toml::array* a = inf->as_array(); a && a->is_array_of_tables())
      for (const toml::node& n : *a) inference_tables.push_back(n.as_table());
    else r.error(location(src, inf->source()), diag::kWrongType, "'inference' must be an [inference] table or [[inference]] tables");
  }
  for (const toml::table* inf : inference_tables) {
    TableReader ir(*inf, src, "[inference]", out);
    ir.reject_unknown({"priority", "condition", "evidence", "confirm"});
    RawProfile::RawInference ri;
    ri.priority = ir.integer("priority", false);
    ri.condition = ir.string("condition", true);
    ri.evidence = ir.string("evidence", true);
    ri.at = ir.where();
    if (const toml::array* confirm = ir.array("confirm")) {
      for (const toml::node& n : *confirm) {
        if (!n.is_table()) {
          ir.error(location(src, n.source()), diag::kWrongType, "'confirm' must be [[inference.confirm]] tables");
          continue;
        }
        TableReader cr(*n.as_table(), src, "[[inference.confirm]]", out);
        cr.reject_unknown({"condition", "evidence"});
        ri.confirm.push_back({cr.string("condition", true), cr.string("evidence", true), cr.where()});
      }
    }
    p.inference.push_back(std::move(ri));
  }
  if (!before.clean()) return std::nullopt;
  return p;
}

const char* kind_of(const Value& v) {
  switch (v.kind) {
    case Value::Kind::boolean: return "true/false";
    case Value::Kind::number: return "a number";
    default: return "a string";
  }
}

}  // namespace

bool Profile::is_a(const std::string& n) const { return std::find(ancestry.begin(), ancestry.end(), n) != ancestry.end(); }

const Profile* ProfileSet::find(const std::string& name) const {
  for (const auto& p : profiles)
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string> ProfileSet::names() const {
  std::vector<std::string> out;
  for (const auto& p : profiles) out.push_back(p.name);
  return out;
}

Loaded<ProfileSet> parse_profiles(const std::vector<std::pair<std::string, std::string>>& files) {
  Loaded<ProfileSet> result;
  auto& out = result.diagnostics;
  // Read.
  std::map<std::string, RawProfile> raw;
  for (const auto& [display, text] : files) {
    auto p = read_profile(display, text, out);
    if (!p) continue;
    auto [it, fresh] = raw.emplace(p->name.value, *p);
    if (!fresh)
      add_error(out, p->src, p->name.at, diag::kDuplicateProfile,
                "profile '" + p->name.value + "' is already defined in " + it->second.where.file);
  }
  // Collect: generic is the root and declares every trait.
  auto generic = raw.find("generic");
  if (generic == raw.end()) {
    Diagnostic d;
    d.code = diag::kNoGeneric;
    d.where.file = files.empty() ? "profiles" : files.front().first.substr(0, files.front().first.find_last_of('/') + 1) + "generic.toml";
    d.message = "no 'generic' profile: every profile extends generic.toml, which declares every trait";
    out.push_back(d);
    result.value = ProfileSet{};
    return result;
  }
  if (generic->second.extends)
    add_error(out, generic->second.src, generic->second.extends->at, diag::kGenericExtends,
              "generic is the root profile and cannot extend another");
  std::vector<std::string> names;
  for (const auto& [n, p] : raw) names.push_back(n);
  std::vector<std::string> trait_names;
  for (const auto& [n, t] : generic->second.traits) trait_names.push_back(n);

  for (auto& [name, p] : raw) {
    Profile prof;
    prof.name = name;
    prof.description = p.description;
    prof.where = p.where;
    if (p.extends) prof.extends = p.extends->value;
    // Walk the ancestry; a name seen twice is a cycle, reported once at the profile that starts it.
    bool broken = false;
    const RawProfile* cur = &p;
    std::vector<std::string> chain;
    while (true) {
      if (std::find(chain.begin(), chain.end(), cur->name.value) != chain.end()) {
        chain.push_back(cur->name.value);
        std::string path;
        for (const auto& c : chain) path += (path.empty() ? "" : " -> ") + c;
        if (chain.front() == cur->name.value)
          add_error(out, p.src, p.extends->at, diag::kExtendsCycle, "'extends' makes a cycle: " + path);
        broken = true;
        break;
      }
      chain.push_back(cur->name.value);
      if (cur->name.value == "generic") break;
      std::string parent = cur->extends ? cur->extends->value : "generic";
      auto it = raw.find(parent);
      if (it == raw.end()) {
        if (cur == &p) {
          add_error(out, p.src, p.extends->at, diag::kUnknownProfile,
                    "extends unknown profile '" + parent + "'" + hint_if_shown(p.src, parent, names));
        }
        broken = true;
        break;
      }
      cur = &it->second;
    }
    for (const auto& [tn, t] : p.traits) {
      prof.trait_at[tn] = t.at;
      auto g = generic->second.traits.find(tn);
      if (g == generic->second.traits.end()) {
        add_error(out, p.src, t.at, diag::kUnknownTrait,
                  "trait '" + tn + "' is not declared in generic.toml (every trait must be)" +
                      hint_if_shown(p.src, tn, trait_names));
      } else if (g->second.value.kind != t.value.kind) {
        add_error(out, p.src, t.at, diag::kTraitType,
                  "trait '" + tn + "' must be " + kind_of(g->second.value) + " as in generic.toml, found " +
                      kind_of(t.value));
      }
    }
    if (broken) continue;
    prof.ancestry = chain;
    // Traits: generic first, then each descendant overrides.
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
      for (const auto& [tn, t] : raw[*it].traits) prof.traits[tn] = t.value;
    result.value.profiles.push_back(std::move(prof));
  }
  // Compile [inference], now that generic's traits are known.
  const Profile* gen = nullptr;
  for (const auto& pr : result.value.profiles)
    if (pr.name == "generic") gen = &pr;
  CheckContext ctx{nullptr, gen};
  for (auto& prof : result.value.profiles) {
    const RawProfile& p = raw[prof.name];
    for (const auto& ri : p.inference) {
      if (!ri.condition || !ri.evidence) continue;
      ProfileInference inf;
      inf.priority = static_cast<int>(ri.priority.value_or(0));
      inf.where = ri.at;
      inf.condition_text = ri.condition->value;
      inf.evidence_text = ri.evidence->value;
      std::string what = "profile '" + prof.name + "' [inference]";
      inf.condition = compile_condition(*ri.condition, ctx, what + " condition", out);
      inf.evidence = compile_template(*ri.evidence, ctx, what + " evidence", out);
      for (const auto& rc : ri.confirm) {
        if (!rc.condition || !rc.evidence) continue;
        InferenceConfirm c;
        c.where = rc.at;
        c.condition_text = rc.condition->value;
        c.condition = compile_condition(*rc.condition, ctx, what + " confirm condition", out);
        c.evidence = compile_template(*rc.evidence, ctx, what + " confirm evidence", out);
        inf.confirm.push_back(std::move(c));
      }
      prof.inference.push_back(std::move(inf));
    }
  }
  if (has_errors(out)) {
    result.value = ProfileSet{};
    return result;
  }
  std::sort(result.value.profiles.begin(), result.value.profiles.end(),
            [](const Profile& a, const Profile& b) { return a.name < b.name; });
  return result;
}

}  // namespace sa::engine
