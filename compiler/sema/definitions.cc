#include "compiler/sema/definitions.h"

#include <fmt/format.h>

#include "compiler/sema/builtins.h"

namespace kpic::sema {

Definitions::Definitions(const Unit& unit, Diagnostics& diags) {
  for (const auto& f : unit.files)
    for (const auto& st : f.ast.stmts) {
      if (st.kind == ast::StmtKind::Metric && st.metric) add_metric(*st.metric, f.is_main, diags);
      if (st.kind == ast::StmtKind::Fn && st.fn) add_fn(*st.fn, f.is_main, diags);
    }
  // Main-file metrics first, in file order (files[0] is the main file, so they already are).
}

void Definitions::add_metric(const ast::MetricDef& def, bool from_main, Diagnostics& diags) {
  auto it = metric_index_.find(def.name);
  if (it != metric_index_.end()) {
    MetricEntry& prev = metrics[it->second];
    // Only a main file's definition may shadow an imported one (the main file is loaded first). Two
    // main files (run together) or two imports defining one name: neither may win silently.
    if (!(prev.from_main && !from_main)) {
      auto& d = diags.error(DiagCode::duplicate_definition, def.name_range,
                            fmt::format("metric `{}` is defined twice", def.name));
      d.notes.push_back({prev.def->name_range, "first defined here"});
    }
    // Otherwise the main file's definition shadows the imported one (the main file is loaded first).
    return;
  }
  metric_index_[def.name] = static_cast<int>(metrics.size());
  metrics.push_back(MetricEntry{&def, from_main, check_attributes(def.attributes, diags)});
}

void Definitions::add_local(const ast::MetricDef& def, Diagnostics& diags) {
  auto it = metric_index_.find(def.name);
  MetricEntry e{&def, true, check_attributes(def.attributes, diags)};
  if (it != metric_index_.end()) {
    metrics[it->second] = e;
    return;
  }
  metric_index_[def.name] = static_cast<int>(metrics.size());
  metrics.push_back(e);
}

void Definitions::add_fn(const ast::FnDef& def, bool from_main, Diagnostics& diags) {
  if (find_builtin(def.name)) {
    diags.error(DiagCode::duplicate_definition, def.name_range,
                fmt::format("template `{}` has the name of a builtin function", def.name));
    return;
  }
  for (size_t i = 0; i < def.params.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (def.params[i] == def.params[j])
        diags.error(DiagCode::duplicate_definition, i < def.param_ranges.size() ? def.param_ranges[i] : def.name_range,
                    fmt::format("parameter `{}` is declared twice", def.params[i]));
  auto it = fns_.find(def.name);
  if (it != fns_.end()) {
    if (!(fn_from_main_[def.name] && !from_main)) {
      auto& d = diags.error(DiagCode::duplicate_definition, def.name_range,
                            fmt::format("template `{}` is defined twice", def.name));
      d.notes.push_back({it->second.def->name_range, "first defined here"});
    }
    return;
  }
  fns_[def.name] = FnEntry{&def, check_attributes(def.attributes, diags)};
  fn_from_main_[def.name] = from_main;
}

static void check_calls(const ast::Expr& e, const Definitions& defs, Diagnostics& diags) {
  if (e.kind == ast::ExprKind::Call && !find_builtin(e.name) && !defs.find_fn(e.name)) {
    auto& d = diags.error(DiagCode::unknown_function, e.name_range, fmt::format("unknown function `{}`", e.name));
    std::string near = nearest_name(e.name, defs.fn_names());
    if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
  }
  for (const auto& a : e.args) check_calls(*a, defs, diags);
  for (const auto& a : e.list) check_calls(*a, defs, diags);
  for (const auto& a : e.per) check_calls(*a, defs, diags);
  if (e.filter) check_calls(*e.filter, defs, diags);
}

void Definitions::check_template_calls(Diagnostics& diags) const {
  for (const auto& [name, fn] : fns_)
    if (fn.def->body) check_calls(*fn.def->body, *this, diags);
}

int Definitions::find_metric(const std::string& name) const {
  auto it = metric_index_.find(name);
  return it == metric_index_.end() ? -1 : it->second;
}

const FnEntry* Definitions::find_fn(const std::string& name) const {
  auto it = fns_.find(name);
  return it == fns_.end() ? nullptr : &it->second;
}

std::vector<std::string> Definitions::metric_names() const {
  std::vector<std::string> out;
  for (const auto& m : metrics) out.push_back(m.def->name);
  return out;
}

std::vector<std::string> Definitions::fn_names() const {
  std::vector<std::string> out;
  for (const auto& [n, f] : fns_) out.push_back(n);
  for (auto* b = builtins_begin(); b != builtins_end(); ++b) out.emplace_back(b->name);
  return out;
}

}  // namespace kpic::sema
