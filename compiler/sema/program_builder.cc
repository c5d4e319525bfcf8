#include "compiler/sema/program_builder.h"
#include "compiler/sema/relations.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <map>
#include <set>

namespace kpic::sema {

ProgramBuilder::ProgramBuilder(const Definitions& defs, std::vector<Source> sources, std::vector<bool> unknown_ok,
                               Diagnostics& diags)
    : defs_(defs), diags_(diags), unknown_ok_(std::move(unknown_ok)) {
  program_.sources = std::move(sources);
}

CheckEnv ProgramBuilder::env() { return CheckEnv{program_, defs_, unknown_ok_, def_to_program_, failed_}; }

void ProgramBuilder::collect(int def) {
  const ast::MetricDef& d = *defs_.metrics[def].def;
  Diagnostics scratch;
  ExprChecker ck(env(), scratch, def, -1, true);
  if (d.expr) ck.check_metric(*d.expr, -1);
  if (d.where) ck.check_row(*d.where);
  for (const auto& dim : d.by)
    if (dim.expr) ck.check_row(*dim.expr);
  Info& in = info_[def];
  in.names = ck.column_names;
  in.qualified = ck.qualified;
  in.has_aggregate = ck.has_aggregate;
  in.has_errors = scratch.has_errors();
  in.metric_uses = ck.metric_uses;
  in.scalar_uses = ck.scalar_uses;
}

static std::vector<std::pair<int, SourceRange>> uses_of(const std::map<int, SourceRange>& a,
                                                        const std::map<int, SourceRange>& b) {
  std::vector<std::pair<int, SourceRange>> out(a.begin(), a.end());
  for (const auto& u : b)
    if (!a.count(u.first)) out.push_back(u);
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.second.begin < y.second.begin; });
  return out;
}

void ProgramBuilder::find_cycles(const std::vector<int>& reachable) {
  std::vector<int> color(defs_.metrics.size(), 0);  // 0 new, 1 on the stack, 2 done
  std::vector<int> stack;
  std::function<void(int)> visit = [&](int d) {
    color[d] = 1;
    stack.push_back(d);
    for (const auto& [dep, range] : uses_of(info_[d].metric_uses, info_[d].scalar_uses)) {
      if (color[dep] == 1) {
        auto at = std::find(stack.begin(), stack.end(), dep);
        std::vector<std::string> chain;
        for (auto it = at; it != stack.end(); ++it) {
          chain.push_back(defs_.metrics[*it].def->name);
          failed_[*it] = true;
        }
        chain.push_back(defs_.metrics[dep].def->name);
        std::string msg = chain.size() == 2 ? fmt::format("metric `{}` uses itself", chain[0])
                                            : fmt::format("metrics depend on each other: {}", fmt::join(chain, " -> "));
        auto& diag = diags_.error(DiagCode::metric_cycle, range, msg);
        diag.help = "a metric cannot use its own value, directly or through other metrics";
      } else if (color[dep] == 0) {
        visit(dep);
      }
    }
    stack.pop_back();
    color[d] = 2;
  };
  for (int d : reachable)
    if (color[d] == 0) visit(d);
}

Program ProgramBuilder::build(const std::vector<int>& roots) {
  size_t n = defs_.metrics.size();
  info_.assign(n, Info{});
  failed_.assign(n, false);
  for (size_t d = 0; d < n; ++d) collect(static_cast<int>(d));

  std::vector<bool> reach(n, false);
  std::vector<int> work(roots.begin(), roots.end());
  while (!work.empty()) {
    int d = work.back();
    work.pop_back();
    if (reach[d]) continue;
    reach[d] = true;
    for (const auto& [dep, r] : uses_of(info_[d].metric_uses, info_[d].scalar_uses)) work.push_back(dep);
  }
  std::vector<int> reachable;
  for (size_t d = 0; d < n; ++d)
    if (reach[d]) reachable.push_back(static_cast<int>(d));
  find_cycles(reachable);

  // Dependencies first: a metric's dimensions and type are known before its users are checked.
  std::vector<int> order;
  std::vector<bool> seen(n, false);
  std::function<void(int)> topo = [&](int d) {
    seen[d] = true;
    for (const auto& [dep, r] : uses_of(info_[d].metric_uses, info_[d].scalar_uses))
      if (!seen[dep]) topo(dep);
    order.push_back(d);
  };
  for (int d : reachable)
    if (!seen[d]) topo(d);
  plan_splits(order);

  // The variants to build: each root split as far as it can be, and what its inputs must be split by
  // for it (an input that a user needs less split is also built as a hidden, less split copy).
  std::vector<std::set<unsigned, std::greater<unsigned>>> masks(n);
  auto dep_mask = [&](int dep, unsigned mask) { return has_data_[dep] ? mask & split_[dep] : split_[dep]; };
  std::function<void(int, unsigned)> request = [&](int d, unsigned mask) {
    if (!masks[d].insert(mask).second) return;
    for (const auto& [dep, r] : uses_of(info_[d].metric_uses, info_[d].scalar_uses)) request(dep, dep_mask(dep, mask));
  };
  for (int d : roots)
    if (reach[d]) request(d, split_[d]);
  std::map<std::pair<int, unsigned>, int> variant;
  def_to_program_.assign(n, -1);
  for (int d : reachable) {
    for (unsigned mask : masks[d]) {
      variant[{d, mask}] = static_cast<int>(program_.metrics.size());
      if (def_to_program_[d] < 0) def_to_program_[d] = static_cast<int>(program_.metrics.size());
      Metric m;
      const ast::MetricDef& def = *defs_.metrics[d].def;
      m.name = def.name;
      m.range = def.range;
      m.name_range = def.name_range;
      m.unsplit_copy = mask != split_[d];
      m.from_main_file = defs_.metrics[d].from_main && !m.unsplit_copy;
      program_.metrics.push_back(std::move(m));
    }
  }
  origin_.assign(program_.metrics.size(), DimOrigin{});
  std::vector<int> primary = def_to_program_;
  for (int d : order) {
    for (unsigned mask : masks[d]) {
      for (const auto& [dep, r] : uses_of(info_[d].metric_uses, info_[d].scalar_uses))
        def_to_program_[dep] = variant[{dep, dep_mask(dep, mask)}];
      def_to_program_[d] = variant[{d, mask}];
      // A copy's problems are its original's: report them once.
      bool copy = mask != *masks[d].begin();
      Diagnostics copy_diags;
      if (copy) std::swap(diags_, copy_diags);
      analyze_metric(d, mask, mask == split_[d]);
      if (copy) {
        std::swap(diags_, copy_diags);
        for (const auto& x : copy_diags.list())
          if (std::none_of(diags_.list().begin(), diags_.list().end(), [&](const Diagnostic& y) {
                return y.code == x.code && y.message == x.message && y.range.begin == x.range.begin;
              }))
            diags_.add(x);
      }
      program_.eval_order.push_back(def_to_program_[d]);
    }
  }
  def_to_program_ = primary;
  if (extra_where_) apply_extra_where();
  report_unknown_columns();
  return std::move(program_);
}

// The sources a metric whose qualified columns name `in.qualified` may read: each such source, when
// it reaches every other one by references (relations.h), and every source that reaches them all.
std::set<int> ProgramBuilder::lookup_bases(const Info& in) const {
  std::set<int> out;
  const auto& srcs = program_.sources;
  for (size_t b = 0; b < srcs.size(); ++b) {
    bool all = true;
    for (const auto& [q, range] : in.qualified) {
      bool ambiguous = false;
      all = all && (q == static_cast<int>(b) || !reference_path(srcs, static_cast<int>(b), q, ambiguous).empty());
    }
    if (all) out.insert(static_cast<int>(b));
  }
  return out;
}

int ProgramBuilder::choose_source(int def) {
  const Info& in = info_[def];
  const auto& srcs = program_.sources;
  const std::string& mname = defs_.metrics[def].def->name;
  auto src_list = [&](const std::set<int>& s) {
    std::vector<std::string> names;
    for (int i : s) names.push_back(fmt::format("`{}`", srcs[i].name));
    return fmt::format("{}", fmt::join(names, " and "));
  };
  // Qualified columns fix the source: the one they name, or a source that references theirs.
  std::set<int> bases = lookup_bases(in);
  if (in.qualified.size() > 1 && bases.empty()) {
    // One qualified source without a key (the facts) reads the keyed others: those it does not
    // reference are the problem.
    std::vector<int> unkeyed;
    for (const auto& [q, range] : in.qualified)
      if (srcs[q].key < 0) unkeyed.push_back(q);
    if (unkeyed.size() == 1) {
      for (const auto& [q, range] : in.qualified) {
        bool ambiguous = false;
        if (q == unkeyed[0] || !reference_path(srcs, unkeyed[0], q, ambiguous).empty()) continue;
        auto& d = diags_.error(DiagCode::not_referenced, range,
                               fmt::format("metric `{}` reads source `{}` and a column of source `{}`, which `{}` does "
                                           "not reference",
                                           mname, srcs[unkeyed[0]].name, srcs[q].name, srcs[unkeyed[0]].name));
        d.help = reference_help(srcs, unkeyed[0], q);
        return -2;
      }
    }
    auto it = std::next(in.qualified.begin());
    auto& d = diags_.error(DiagCode::spans_sources, it->second,
                           fmt::format("metric `{}` reads columns of two sources, `{}` and `{}`", mname,
                                       srcs[in.qualified.begin()->first].name, srcs[it->first].name));
    d.help = "define one metric per source and combine those metrics, e.g. `total = part_a / part_b`";
    return -2;
  }
  std::set<int> cand;
  for (size_t i = 0; i < srcs.size(); ++i) cand.insert(static_cast<int>(i));
  if (!in.qualified.empty()) cand = bases.empty() ? std::set<int>{in.qualified.begin()->first} : bases;
  bool any = false;
  std::vector<std::pair<const ExprChecker::Use*, std::set<int>>> placed;
  std::vector<const ExprChecker::Use*> unknown;
  // When the source cannot be told, an unknown column is the problem, not the ambiguity it causes: it
  // is reported with the nearest column name of every source.
  auto report_unknown = [&]() {
    std::vector<std::string> names;
    for (const auto& src : srcs)
      for (const auto& f : src.schema.fields) names.push_back(f.name);
    for (const ExprChecker::Use* use : unknown) {
      auto& d = diags_.error(DiagCode::unknown_column, use->range, fmt::format("unknown column `{}`", use->name));
      std::string near = nearest_name(use->name, names);
      if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
    }
    return -2;
  };
  for (const auto& use : in.names) {
    std::set<int> s;
    for (size_t i = 0; i < srcs.size(); ++i)
      if (srcs[i].schema.find(use.name) >= 0) s.insert(static_cast<int>(i));
    if (s.empty())
      for (size_t i = 0; i < srcs.size(); ++i)
        if (unknown_ok_[i] && !srcs[i].schema_known) s.insert(static_cast<int>(i));
    if (s.empty()) {  // an unknown column: reported when the metric is checked, or below
      unknown.push_back(&use);
      continue;
    }
    any = true;
    std::set<int> inter;
    std::set_intersection(cand.begin(), cand.end(), s.begin(), s.end(), std::inserter(inter, inter.begin()));
    if (inter.empty() && s.size() == 1 && !in.qualified.empty() && !cand.count(*s.begin())) {
      // `sum(amount) by customers.channel` where `orders` (amount's source) does not reference `customers`.
      int q = in.qualified.begin()->first;
      SourceRange range = in.qualified.begin()->second;
      bool ambiguous = false;
      for (const auto& [x, r] : in.qualified)
        if (reference_path(srcs, *s.begin(), x, ambiguous).empty() && x != *s.begin()) q = x, range = r;
      auto& d = diags_.error(DiagCode::not_referenced, range,
                             fmt::format("metric `{}` reads `{}` (source `{}`) and a column of source `{}`, which `{}` "
                                         "does not reference",
                                         mname, use.name, srcs[*s.begin()].name, srcs[q].name, srcs[*s.begin()].name));
      d.help = reference_help(srcs, *s.begin(), q);
      return -2;
    }
    if (inter.empty()) {
      auto& d = diags_.error(DiagCode::spans_sources, use.range,
                             fmt::format("the columns of metric `{}` span several sources: `{}` is a column of {}, "
                                         "the metric's other columns are in {}",
                                         mname, use.name, src_list(s), src_list(cand)));
      d.help = "a metric reads one source: define one metric per source and combine those metrics, "
               "e.g. `spend = sum(cost)`, `buyers = count_distinct(user)`, then `cost_per_buyer = spend / buyers`";
      return -2;
    }
    cand = inter;
    placed.emplace_back(&use, s);
  }
  if (!any && in.qualified.empty()) {
    if (!in.has_aggregate && unknown.empty()) return -1;
    if (srcs.size() == 1) return in.has_aggregate ? 0 : -1;
    if (!unknown.empty()) return report_unknown();
    auto& d = diags_.error(DiagCode::ambiguous_column, defs_.metrics[def].def->name_range,
                           fmt::format("metric `{}` does not say which source it aggregates: the program has sources {}",
                                       mname, src_list(cand)));
    d.help = fmt::format("name a column of the source, qualified if needed, e.g. `count({}.COLUMN)`", srcs[0].name);
    return -2;
  }
  if (cand.size() > 1) {  // `count() by customers.channel`: the source the qualified column names
    for (const auto& [q, range] : in.qualified)
      if (cand.count(q)) cand = {q};
  }
  if (cand.size() == 1) return *cand.begin();
  if (!unknown.empty()) return report_unknown();
  for (const auto& [use, s] : placed) {
    if (s.size() < 2) continue;
    bool all_unknown = true;
    for (int i : cand) all_unknown = all_unknown && !srcs[i].schema_known;
    if (all_unknown) {
      auto& d = diags_.error(DiagCode::ambiguous_column, use->range,
                             fmt::format("cannot tell which source has column `{}`: sources {} declare no schema",
                                         use->name, src_list(cand)));
      d.help = fmt::format("declare the columns (`source {} {{ {}: float }}`), qualify the column (`{}.{}`) or "
                           "pass data files",
                           srcs[*cand.begin()].name, use->name, srcs[*cand.begin()].name, use->name);
    } else {
      auto& d = diags_.error(DiagCode::ambiguous_column, use->range,
                             fmt::format("column `{}` is ambiguous: sources {} have it", use->name, src_list(cand)));
      d.help = fmt::format("qualify it, e.g. `{}.{}`", srcs[*cand.begin()].name, use->name);
    }
    return -2;
  }
  return -2;
}

bool ProgramBuilder::try_dimension(int source, const ast::Expr& e, const std::string& alias, Dimension& out) {
  Diagnostics scratch;
  ExprChecker ck(env(), scratch, -1, source, false);
  return ck.check_dimension(e, alias, {}, out) && !ck.failed();
}

static std::string dims_text(const std::vector<Dimension>& dims) {
  std::vector<std::string> names;
  for (const auto& d : dims) names.push_back(d.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

bool ProgramBuilder::explicit_dims(int def, Metric& m) {
  const ast::MetricDef& d = *defs_.metrics[def].def;
  m.explicit_by = true;
  bool ok = true;
  for (const auto& dim : d.by) {
    if (!dim.expr) continue;
    Dimension out;
    ExprChecker ck(env(), diags_, def, m.source, false);
    if (!ck.check_dimension(*dim.expr, dim.alias, dim.alias_range, out)) {
      ok = false;
      continue;
    }
    bool dup = false;
    for (const auto& prev : m.dims) dup = dup || prev.name == out.name;
    if (dup) {
      auto& diag = diags_.error(DiagCode::bad_dimension, out.range,
                                fmt::format("two dimensions of `{}` are named `{}`", m.name, out.name));
      diag.help = "rename one with `as`, e.g. `by month(a) as month_a`";
      ok = false;
      continue;
    }
    m.dims.push_back(std::move(out));
    origin_[def_to_program_[def]].ast.push_back(dim.expr.get());
    origin_[def_to_program_[def]].alias.push_back(dim.alias);
  }
  return ok;
}

// A metric with `by` must be grouped by every dimension of the metrics it uses (checked once the
// `--by` dimensions are added), and something in it must be computed per group: a metric whose `by` meets
// only overall values (`y = x * 2 by region` with an ungrouped `x`, `z = 5 by region`) has no group to
// show, and would print no rows.
bool ProgramBuilder::deps_dims_in(int def, Metric& m) {
  bool ok = true;
  bool grouped_use = info_[def].has_aggregate, failed_use = info_[def].has_errors;
  std::vector<std::string> overall;
  for (const auto& [dep, range] : info_[def].metric_uses) {
    if (failed_[dep] || def_to_program_[dep] < 0) {
      failed_use = true;
      continue;
    }
    const Metric& dm = program_.metrics[def_to_program_[dep]];
    if (dm.dims.empty()) overall.push_back("`" + dm.name + "`");
    else grouped_use = true;
    for (const auto& dd : dm.dims) {
      auto it = std::find_if(m.dims.begin(), m.dims.end(), [&](const Dimension& x) { return x.name == dd.name; });
      if (it == m.dims.end()) {
        auto& diag = diags_.error(DiagCode::incompatible_dimensions, range,
                                  fmt::format("`{}` is grouped by `{}`, which `{}` is not grouped by", dm.name, dd.name,
                                              m.name));
        diag.help = fmt::format("metrics are combined by joining on dimension names: add `{}` to the `by` of `{}`",
                                dd.name, m.name);
        ok = false;
      } else if (it->type != dd.type) {
        diags_.error(DiagCode::incompatible_dimensions, range,
                     fmt::format("dimension `{}` is a {} in `{}` but a {} in `{}`", dd.name, type_name(it->type),
                                 m.name, type_name(dd.type), dm.name));
        ok = false;
      }
    }
  }
  if (ok && !grouped_use && !failed_use && !m.dims.empty()) {
    std::string what = overall.empty() ? "it has no aggregate"
                                        : fmt::format("the metrics it uses ({}) are overall values", fmt::join(overall, ", "));
    auto& diag = diags_.error(DiagCode::incompatible_dimensions, m.name_range,
                              fmt::format("`{}` is grouped by {}, but nothing in it is computed per group: {}, so it "
                                          "would have no rows",
                                          m.name, dims_text(m.dims), what));
    diag.help = overall.empty() ? "give it an aggregate, e.g. `count() by ...`"
                                : fmt::format("group {} by the same dimensions, or give `{}` an aggregate of its own",
                                              overall.front(), m.name);
    ok = false;
  }
  return ok;
}

bool ProgramBuilder::inherited_dims(int def, Metric& m) {
  Info& in = info_[def];
  std::vector<const Dimension*> joined;
  std::vector<const ast::Expr*> asts;
  std::vector<std::string> aliases;
  std::string first;
  for (const auto& [dep, range] : uses_of(in.metric_uses, {})) {
    if (failed_[dep] || def_to_program_[dep] < 0) continue;
    const Metric& dm = program_.metrics[def_to_program_[dep]];
    if (dm.dims.empty()) continue;  // ungrouped: broadcast
    if (dm.expr && is_cohort(*dm.expr)) continue;  // a matrix: KP0511 at the use (ExprChecker)
    if (joined.empty()) {
      for (size_t i = 0; i < dm.dims.size(); ++i) {
        joined.push_back(&dm.dims[i]);
        asts.push_back(origin_[def_to_program_[dep]].ast[i]);
        aliases.push_back(origin_[def_to_program_[dep]].alias[i]);
      }
      first = dm.name;
      continue;
    }
    auto has = [](const std::vector<const Dimension*>& v, const std::string& name) -> const Dimension* {
      for (const Dimension* d : v)
        if (d->name == name) return d;
      return nullptr;
    };
    bool sub = true, sup = true;
    for (const auto& dd : dm.dims) sub = sub && has(joined, dd.name);
    for (const Dimension* j : joined) sup = sup && std::any_of(dm.dims.begin(), dm.dims.end(), [&](const Dimension& x) { return x.name == j->name; });
    if (!sub && !sup) {
      std::vector<std::string> jn;
      for (const Dimension* j : joined) jn.push_back(j->name);
      auto& diag = diags_.error(DiagCode::incompatible_dimensions, range,
                                fmt::format("cannot combine `{}` (by {}) with `{}` (by {}): metrics are joined on "
                                            "dimensions of the same name",
                                            first, fmt::join(jn, ", "), dm.name, dims_text(dm.dims)));
      diag.help = "group the metrics by the same dimensions (names can be aligned with `as`)";
      return false;
    }
    for (const auto& dd : dm.dims)
      if (const Dimension* j = has(joined, dd.name); j && j->type != dd.type) {
        diags_.error(DiagCode::incompatible_dimensions, range,
                     fmt::format("cannot join `{}` with `{}` on `{}`: it is a {} in one and a {} in the other", first,
                                 dm.name, dd.name, type_name(j->type), type_name(dd.type)));
        return false;
      }
    if (!sub) {  // dm has more dimensions: it becomes the reference, the others are broadcast
      joined.clear();
      asts.clear();
      aliases.clear();
      for (size_t i = 0; i < dm.dims.size(); ++i) {
        joined.push_back(&dm.dims[i]);
        asts.push_back(origin_[def_to_program_[dep]].ast[i]);
        aliases.push_back(origin_[def_to_program_[dep]].alias[i]);
      }
      first = dm.name;
    }
  }
  for (size_t i = 0; i < joined.size(); ++i) {
    Dimension d;
    d.name = joined[i]->name;
    d.type = joined[i]->type;
    d.time_bucket = joined[i]->time_bucket;
    d.bucket = joined[i]->bucket;
    d.range = joined[i]->range;
    if (m.source >= 0 && in.has_aggregate) {
      // The metric's own aggregates are computed at the inherited dimensions, over its own source.
      Dimension own;
      if (!asts[i] || !try_dimension(m.source, *asts[i], aliases[i], own) || own.type != d.type) {
        auto& diag = diags_.error(DiagCode::incompatible_dimensions, m.name_range,
                                  fmt::format("`{}` takes the dimension `{}` from `{}`, but its own aggregates read "
                                              "source `{}`, which cannot be grouped by `{}`",
                                              m.name, d.name, first, program_.sources[m.source].name,
                                              asts[i] ? std::string(asts[i]->name) : d.name));
        diag.help = "give the metric its own `by`, or make its inline aggregate a separate metric";
        return false;
      }
      d.expr = std::move(own.expr);
    }
    m.dims.push_back(std::move(d));
    origin_[def_to_program_[def]].ast.push_back(asts[i]);
    origin_[def_to_program_[def]].alias.push_back(aliases[i]);
  }
  return true;
}

static std::string by_text(const ExtraDim& x) { return x.expr->name.empty() ? "..." : x.expr->name; }

// Whether definition `def` already has a dimension named like `--by` dimension x (its own `by`).
bool ProgramBuilder::has_extra_dim(int def, size_t x) {
  const ast::MetricDef& d = *defs_.metrics[def].def;
  int src = source_of_[def];
  if (src < 0 || extra_names_[x].empty()) return false;
  for (const auto& dim : d.by) {
    Dimension out;
    if (dim.expr && try_dimension(src, *dim.expr, dim.alias, out) && out.name == extra_names_[x]) return true;
  }
  return false;
}

// Decides, before any metric is checked, which `--by` dimensions each metric can take: those its own
// source has (or its own `by` already has), and that every metric it uses with data takes as well. A
// metric that reads one input split by a dimension and another that cannot be split is computed unsplit
// (over unsplit copies of its inputs), never by dividing a part by a whole.
void ProgramBuilder::plan_splits(const std::vector<int>& order) {
  size_t n = defs_.metrics.size();
  source_of_.assign(n, -1);
  has_data_.assign(n, false);
  split_.assign(n, 0);
  extra_names_.clear();
  extra_unknown_.clear();
  for (const auto& x : extra_dims_) {
    std::string name;
    for (size_t s = 0; s < program_.sources.size() && name.empty(); ++s) {
      Dimension d;
      if (try_dimension(static_cast<int>(s), *x.expr, x.alias, d)) name = d.name;
    }
    if (name.empty() && x.expr->kind == ast::ExprKind::Name && x.expr->qualifier.empty()) {
      // No source has it: a typo far more often than a dimension meant for no metric.
      std::vector<std::string> columns;
      for (const auto& src : program_.sources)
        for (const auto& f : src.schema.fields) columns.push_back(f.name);
      auto& diag = diags_.error(DiagCode::bad_dimension, x.expr->range,
                                fmt::format("`--by {}`: no source has a column `{}`", by_text(x), x.expr->name));
      std::string near = nearest_name(x.expr->name, columns);
      if (!near.empty()) diag.help = fmt::format("did you mean `--by {}`?", near);
    }
    extra_unknown_.push_back(name.empty());
    if (name.empty()) name = !x.alias.empty() ? x.alias : x.expr->name;
    extra_names_.push_back(name);
  }
  unsigned all = extra_dims_.size() >= 32 ? ~0u : (1u << extra_dims_.size()) - 1;
  for (int d : order) {
    if (failed_[d] || !defs_.metrics[d].def->expr) {
      source_of_[d] = -2;
      continue;
    }
    int src = choose_source(d);
    source_of_[d] = src;
    if (src == -2) continue;
    unsigned mask = all;
    has_data_[d] = src >= 0;
    if (src >= 0)
      for (size_t x = 0; x < extra_dims_.size() && x < 32; ++x) {
        Dimension dim;
        if (!try_dimension(src, *extra_dims_[x].expr, extra_dims_[x].alias, dim) && !has_extra_dim(d, x))
          mask &= ~(1u << x);
      }
    for (const auto& [dep, r] : uses_of(info_[d].metric_uses, info_[d].scalar_uses)) {
      if (source_of_[dep] == -2 || !has_data_[dep]) continue;
      has_data_[d] = true;
      mask &= split_[dep];
    }
    split_[d] = mask;
  }
}

void ProgramBuilder::add_extra_dims(int def, Metric& m, unsigned mask, bool primary) {
  DimOrigin& origin = origin_[def_to_program_[def]];
  for (size_t x = 0; x < extra_dims_.size() && x < 32; ++x) {
    const ExtraDim& e = extra_dims_[x];
    if (std::any_of(m.dims.begin(), m.dims.end(), [&](const Dimension& y) { return y.name == extra_names_[x]; }))
      continue;  // it has that dimension already (its own `by`, or through the metrics it uses)
    Dimension d;
    if ((mask >> x & 1) && m.source >= 0 && try_dimension(m.source, *e.expr, e.alias, d)) {
      m.dims.push_back(std::move(d));
      origin.ast.push_back(e.expr);
      origin.alias.push_back(e.alias);
      continue;
    }
    if (!primary || (mask >> x & 1) || !has_data_[def] || extra_unknown_[x]) continue;
    Diagnostic note;
    note.severity = Severity::Note;
    note.code = DiagCode::dimension_skipped;
    Dimension own;
    if (m.source >= 0 && !try_dimension(m.source, *e.expr, e.alias, own)) {
      note.message = fmt::format("metric `{}` is shown unsplit: its source `{}` has no column for `--by {}`", m.name,
                                 program_.sources[m.source].name, by_text(e));
    } else {
      std::string input;
      for (const auto& [dep, r] : uses_of(info_[def].metric_uses, info_[def].scalar_uses))
        if (input.empty() && source_of_[dep] != -2 && has_data_[dep] && !(split_[dep] >> x & 1))
          input = defs_.metrics[dep].def->name;
      note.message = fmt::format("metric `{}` is shown unsplit: the metric it uses `{}` cannot be split by `--by {}`",
                                 m.name, input, by_text(e));
    }
    diags_.add(std::move(note));
  }
}

void ProgramBuilder::analyze_metric(int def, unsigned mask, bool primary) {
  const MetricEntry& entry = defs_.metrics[def];
  const ast::MetricDef& d = *entry.def;
  Metric& m = program_.metrics[def_to_program_[def]];
  m.doc = d.doc.text;
  m.unit = entry.attrs.unit;
  m.target = entry.attrs.target;
  m.owner = entry.attrs.owner;
  if (failed_[def] || !d.expr) {
    failed_[def] = true;
    return;
  }
  int src = source_of_[def];
  if (src == -2) {
    failed_[def] = true;
    return;
  }
  m.source = src;
  bool dims_ok = !d.by.empty() ? explicit_dims(def, m) : inherited_dims(def, m);
  if (dims_ok) add_extra_dims(def, m, mask, primary);
  if (dims_ok && !d.by.empty()) dims_ok = deps_dims_in(def, m);
  int time_dim = -1;
  for (size_t i = 0; i < m.dims.size() && time_dim < 0; ++i)
    if (m.dims[i].time_bucket) time_dim = static_cast<int>(i);

  ExprChecker ck(env(), diags_, def, m.source, false);
  m.expr = ck.check_metric(*d.expr, time_dim);
  if (d.where) {
    m.where = ck.check_row(*d.where);
    if (m.where->type != ValueType::Bool && m.where->type != ValueType::Null) {
      diags_.error(DiagCode::not_boolean, m.where->range,
                   fmt::format("the `where` of a metric must be a boolean, got {}", type_name(m.where->type)));
    }
  }
  if (!cohort_dimensions(m, d.by.size(), primary, diags_)) failed_[def] = true;
  if (m.expr->level == Level::Row) {
    auto& diag = diags_.error(DiagCode::aggregate_expected, m.expr->range,
                              fmt::format("the value of metric `{}` is row level", m.name));
    diag.help = "a metric is one value per group: aggregate it, e.g. `sum(...)`";
    failed_[def] = true;
  }
  m.type = m.expr->type == ValueType::Null ? ValueType::Float : m.expr->type;
  if (const FnEntry* fn = ck.top_template) {
    if (m.doc.empty()) m.doc = fn->def->doc.text;
    if (m.unit.empty()) m.unit = fn->attrs.unit;
    if (!m.target) m.target = fn->attrs.target;
    if (m.owner.empty()) m.owner = fn->attrs.owner;
  }
  // A target compares numbers: on a string, date or bool metric it could never be checked.
  if (m.target && !ck.failed() && m.type != ValueType::Int && m.type != ValueType::Float) {
    auto& diag = diags_.error(DiagCode::bad_attribute, m.target->range,
                              fmt::format("@target needs a number, but metric `{}` is a {}", m.name, type_name(m.type)));
    diag.help = "put the target on a numeric metric, e.g. a count or a share";
  }
  for (const auto& [dep, r] : uses_of(ck.metric_uses, ck.scalar_uses))
    if (def_to_program_[dep] >= 0) m.deps.push_back(def_to_program_[dep]);
  if (ck.failed() || !dims_ok) failed_[def] = true;
}

void ProgramBuilder::apply_extra_where() {
  bool any = false;
  for (size_t s = 0; s < program_.sources.size(); ++s) {
    Diagnostics scratch;
    ExprChecker ck(env(), scratch, -1, static_cast<int>(s), false);
    ExprPtr w = ck.check_row(*extra_where_);
    if (ck.failed() || scratch.has_errors()) continue;
    if (w->type != ValueType::Bool) {
      diags_.error(DiagCode::not_boolean, extra_where_->range,
                   fmt::format("--where needs a condition, got {}", type_name(w->type)));
      return;
    }
    program_.sources[s].where = std::move(w);
    any = true;
  }
  if (!any && !program_.sources.empty()) {
    ExprChecker ck(env(), diags_, -1, 0, false);
    ck.check_row(*extra_where_);  // reports why it does not apply to the first source
    if (!ck.failed())
      diags_.error(DiagCode::unknown_column, extra_where_->range, "--where applies to no source");
  }
}

void ProgramBuilder::report_unknown_columns() {
  for (size_t s = 0; s < program_.sources.size(); ++s) {
    const Source& src = program_.sources[s];
    if (!unknown_ok_[s] || src.schema_known || src.schema.fields.empty()) continue;
    std::vector<std::string> cols;
    for (const auto& f : src.schema.fields) cols.push_back(fmt::format("`{}`", f.name));
    auto& d = diags_.warning(DiagCode::unchecked_columns, src.range,
                             fmt::format("source `{}` has no schema: the types of {} were not checked", src.name,
                                         fmt::join(cols, ", ")));
    d.help = fmt::format("declare them (`source {} {{ {}: TYPE, ... }}`) or pass a data file", src.name,
                         src.schema.fields[0].name);
  }
}

}  // namespace kpic::sema
