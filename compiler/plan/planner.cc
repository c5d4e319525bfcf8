// build_plan: the metrics' aggregates grouped into passes (one per source, grouping and metric-level
// where), ungrouped aggregates used in rows as stage-0 passes, lag columns, and the lookup tables the
// post-aggregate evaluation uses.
#include <algorithm>
#include <functional>
#include <set>

#include "compiler/plan/plan.h"
#include "compiler/plan/planning.h"
#include "compiler/sema/expr_checker.h"
#include "runtime/base/check.h"

namespace kpic::plan {

namespace {

using sema::Builtin;
using sema::Expr;
using sema::ExprKind;

class Planner {
 public:
  Planner(const sema::Program& p, Plan& plan, Planning& t) : p_(p), plan_(plan), t_(t) {
    plan_.sources.resize(p.sources.size());
    used_columns_.resize(p.sources.size());
  }

  void add_metric(int m) {
    const sema::Metric& metric = p_.metrics[m];
    cur_metric_ = &metric;
    if (metric.where) scan_row(*metric.where, metric.source);
    for (const auto& d : metric.dims)
      if (d.expr) scan_row(*d.expr, metric.source);
    walk_aggregate_level(*metric.expr, metric);
  }

  void finish() {
    for (size_t s = 0; s < p_.sources.size(); ++s) {
      PlanSource& src = plan_.sources[s];
      src.name = p_.sources[s].name;
      src.columns.assign(used_columns_[s].begin(), used_columns_[s].end());
      for (int c : src.columns) src.slot_names.push_back(p_.sources[s].schema.fields[c].name);
      int slots = static_cast<int>(src.columns.size());
      for (size_t l = 0; l < plan_.lags.size(); ++l)
        if (plan_.lags[l].source == static_cast<int>(s)) {
          plan_.lags[l].slot = slots++;
          const auto& f = p_.sources[s].schema.fields;
          const Lag& lag = plan_.lags[l];
          src.slot_names.push_back("lag(" + f[lag.value_col].name + ", " + f[lag.key_col].name + ", " +
                                   f[lag.order_col].name + ")");
        }
      for (auto& lookup : plan_.lookups)
        if (lookup.source == static_cast<int>(s)) {
          lookup.slot = slots++;
          src.slot_names.push_back(lookup_slot_name(p_, lookup));
        }
      src.slots = slots;
    }
    for (auto& pass : plan_.passes) {
      share_funnels(pass);
      int off = 0;
      for (auto& a : pass.aggs) {
        if (a.alias) continue;
        a.offset = off;
        off += state_size(a.kind);
      }
      for (auto& a : pass.aggs)
        if (a.alias) a.offset = pass.aggs[static_cast<size_t>(a.offset)].offset;
      pass.state_bytes = std::max(off, 8);
    }
  }

 private:
  // Funnels of a pass with the same entity, time, window and `where` whose steps lead another's share its
  // state: they read the count of their own last step from it. An alias's `offset` holds, until offsets
  // are assigned, the index of the state it reads.
  void share_funnels(Pass& pass) {
    const auto& exprs = t_.agg_exprs[static_cast<size_t>(pass.id)];
    auto texts = [&](size_t i) {
      std::vector<std::string> out;
      const Expr& e = *exprs[i];
      for (const auto& a : e.args) out.push_back(expr_text(p_, *a));
      out.push_back(e.filter ? expr_text(p_, *e.filter) : "");
      return out;
    };
    for (size_t i = 0; i < pass.aggs.size(); ++i) {
      if (pass.aggs[i].kind != StateKind::Funnel) continue;
      std::vector<std::string> mine = texts(i);
      size_t best = i;
      for (size_t j = 0; j < pass.aggs.size(); ++j) {
        if (j == i || pass.aggs[j].kind != StateKind::Funnel || pass.aggs[j].alias || pass.aggs[j].funnel_steps <= pass.aggs[best].funnel_steps)
          continue;
        std::vector<std::string> other = texts(j);
        // entity, time, window, the steps of `i`, then the filter (last) must match
        bool same = other.back() == mine.back();
        for (size_t k = 0; same && k + 1 < mine.size(); ++k) same = other[k] == mine[k];
        if (same) best = j;
      }
      if (best == i) continue;
      pass.aggs[i].alias = true;
      pass.aggs[i].funnel_steps = pass.aggs[best].funnel_steps;
      pass.aggs[i].offset = static_cast<int>(best);
    }
  }

  // `kpic run --where`: filters every scan of the source.
  const Expr* source_where(int src) {
    const Expr* w = p_.sources[src].where.get();
    if (w) scan_row(*w, src);
    return w;
  }

  // Row-level expressions: columns used, ungrouped aggregates (stage-0 params), lag columns, strings.
  void scan_row(const Expr& e, int source) {
    switch (e.kind) {
      case ExprKind::Column: used_columns_[e.source].insert(e.column); return;
      case ExprKind::Literal:
        if (e.value.type == ValueType::String && !e.value.is_null) intern(e.value.s);
        return;
      case ExprKind::In:
        for (const auto& v : e.values)
          if (v.type == ValueType::String && !v.is_null) intern(v.s);
        break;
      case ExprKind::Aggregate:
        if (e.ungrouped) {
          add_param(e);
          return;
        }
        KPIC_UNREACHABLE("an aggregate inside a row-level expression that is not computed over the whole source");
      case ExprKind::Lag: add_lag(e); return;
      case ExprKind::Lookup: add_lookup(p_, e, plan_, t_); return;
      case ExprKind::MetricRef:
        if (std::find(t_.param_order.begin(), t_.param_order.end(), &e) == t_.param_order.end())
          t_.param_order.push_back(&e);
        return;
      default: break;
    }
    for (const auto& a : e.args) scan_row(*a, source);
  }

  void add_param(const Expr& e) {
    if (t_.params.count(&e)) return;
    int src = find_source(e);
    KPIC_CHECK(src >= 0, "an ungrouped aggregate without a column (sema reports KP0306)");
    for (const auto& a : e.args) scan_row(*a, src);
    if (e.filter) scan_row(*e.filter, src);
    std::string key = "stage0|" + p_.sources[src].name;
    int pass = find_or_add_pass(key, 0, src, {}, {}, {});
    if (const Expr* sw = source_where(src)) t_.pass_wheres[pass] = {sw};
    t_.params[&e] = {pass, add_agg(pass, e)};
    t_.param_order.push_back(&e);
  }

  void add_lag(const Expr& e) {
    for (size_t l = 0; l < t_.lag_exprs.size(); ++l)
      if (expr_text(p_, *t_.lag_exprs[l]) == expr_text(p_, e)) {
        t_.lag_index[&e] = static_cast<int>(l);
        return;
      }
    Lag spec;
    for (int i = 0; i < 3; ++i) {
      KPIC_CHECK(e.args.size() == 3 && e.args[i]->kind == ExprKind::Column,
                 "lag(e, KEY, ORDER) needs columns as its three arguments");
    }
    spec.source = e.args[0]->source;
    spec.value_col = e.args[0]->column;
    spec.key_col = e.args[1]->column;
    spec.order_col = e.args[2]->column;
    used_columns_[spec.source].insert({spec.value_col, spec.key_col, spec.order_col});
    t_.lag_index[&e] = static_cast<int>(plan_.lags.size());
    t_.lag_exprs.push_back(&e);
    plan_.lags.push_back(spec);
  }

  int find_source(const Expr& e) const {
    if (e.kind == ExprKind::Column || e.kind == ExprKind::Lookup) return e.source;
    for (const auto& a : e.args) {
      int s = find_source(*a);
      if (s >= 0) return s;
    }
    if (e.filter) return find_source(*e.filter);
    return -1;
  }

  // Aggregate-level expression of `metric`: every Aggregate becomes a state of the metric's pass.
  void walk_aggregate_level(const Expr& e, const sema::Metric& metric) {
    if (e.kind == ExprKind::Period && e.builtin == Builtin::Trailing) {
      add_trailing(e, metric);
      return;
    }
    if (e.kind == ExprKind::Period && e.builtin == Builtin::CohortRetention) {
      add_cohort(e, metric);
      return;
    }
    if (e.kind == ExprKind::Aggregate && !e.ungrouped) {
      bool post = e.builtin == Builtin::Ratio && !e.args.empty() && e.args[0]->level == sema::Level::Aggregate;
      if (post) {
        for (const auto& a : e.args) walk_aggregate_level(*a, metric);
        return;
      }
      if (!e.per.empty()) {
        add_per(e, metric);
        return;
      }
      KPIC_CHECK(metric.source >= 0, "metric `", metric.name, "` has an aggregate but no source");
      for (const auto& a : e.args) scan_row(*a, metric.source);
      if (e.filter) scan_row(*e.filter, metric.source);
      int pass = metric_pass(metric, {}, {}, &e);
      t_.aggs[&e] = {pass, add_agg(pass, e)};
      return;
    }
    for (const auto& a : e.args) walk_aggregate_level(*a, metric);
  }

  // trailing(AGG, WINDOW): AGG is a state of a pass grouped like the metric but by the day of the time
  // dimension's time in place of its bucket; the engine combines the window's days per bucket.
  void add_trailing(const Expr& e, const sema::Metric& metric) {
    const Expr& agg = *e.args.at(0);
    int t = e.time_dim;
    KPIC_CHECK(metric.source >= 0 && t >= 0 && t < static_cast<int>(metric.dims.size()) && metric.dims[t].expr &&
                   metric.dims[t].time_bucket && agg.kind == ExprKind::Aggregate,
               "trailing needs an aggregate and a time bucket (sema reports KP0306, KP0503)");
    for (const auto& a : agg.args) scan_row(*a, metric.source);
    if (agg.filter) scan_row(*agg.filter, metric.source);
    sema::ExprPtr day = sema::clone(*metric.dims[t].expr);  // bucket(time) -> day(time)
    day->builtin = Builtin::Day;
    day_keys_.push_back(std::move(day));
    day_key_ = day_keys_.back().get();
    day_dim_ = t;
    int pass = metric_pass(metric, {}, {}, &agg);
    day_key_ = nullptr;
    day_dim_ = -1;
    t_.aggs[&agg] = {pass, add_agg(pass, agg)};
  }

  // cohort_retention: its two counts (rows where START holds, rows where ACTIVE holds) are states of one
  // pass grouped by (ENTITY, BUCKET(TIME)) under the metric's `where`: a group per entity and bucket it has
  // rows in, from which the engine reads each entity's cohort and active buckets (engine/cohort.cc).
  void add_cohort(const Expr& e, const sema::Metric& metric) {
    KPIC_CHECK(metric.source >= 0 && e.args.size() == 4 && e.args[0]->kind == ExprKind::Aggregate &&
                   e.args[1]->kind == ExprKind::Aggregate,
               "cohort_retention needs its two counts, entity and bucket (sema/cohort.cc)");
    for (const auto& a : e.args) {
      if (a->kind == ExprKind::Aggregate) {
        if (a->filter) scan_row(*a->filter, metric.source);
      } else {
        scan_row(*a, metric.source);
      }
    }
    cohort_ = &e;
    int pass = metric_pass(metric, {}, {}, &e);
    cohort_ = nullptr;
    for (int i = 0; i < 2; ++i) t_.aggs[e.args[i].get()] = {pass, add_agg(pass, *e.args[i])};
    if (metric.dims.size() > 2) {  // `by`: the pass is also keyed by those; min(TIME) where START finds the
                                   // entity's starting row among its groups
      const Expr& bucket = *e.args[3];
      KPIC_CHECK(!bucket.args.empty(), "a cohort bucket has its time (sema/cohort.cc)");
      auto first = sema::clone(*e.args[0]);
      first->builtin = Builtin::Min;
      first->type = bucket.args[0]->type;
      first->nullable = true;
      first->args.clear();
      first->args.push_back(sema::clone(*bucket.args[0]));
      t_.aggs[first.get()] = {pass, add_agg(pass, *first)};
      t_.cohort_first[&e] = first.get();
      day_keys_.push_back(std::move(first));
    }
  }

  // `outer_keys`: the keys of the enclosing `per`s; `outer_filters`: their inner filters (they filter
  // the rows of everything nested inside).
  void add_per(const Expr& e, const sema::Metric& metric, std::vector<const Expr*> outer_keys = {},
               std::vector<const Expr*> outer_filters = {}) {
    PerRef ref;
    ref.outer_dims = static_cast<int>(metric.dims.size() + outer_keys.size());
    for (const auto& k : e.per) {
      scan_row(*k, metric.source);
      // A key equal to a dimension or an enclosing key adds no grouping (`mau per month(ts) by month(ts)`).
      std::string text = expr_text(p_, *k);
      bool dup = false;
      for (const auto& d : metric.dims) dup |= d.expr && expr_text(p_, *d.expr) == text;
      for (const Expr* o : outer_keys) dup |= expr_text(p_, *o) == text;
      if (!dup) outer_keys.push_back(k.get());
    }
    ref.inner_dims = static_cast<int>(metric.dims.size() + outer_keys.size());
    if (e.filter) {
      scan_row(*e.filter, metric.source);
      outer_filters.push_back(e.filter.get());
    }
    auto note_pass = [&](int pass) {
      if (std::find(ref.passes.begin(), ref.passes.end(), pass) == ref.passes.end()) ref.passes.push_back(pass);
    };
    // The inner expression's aggregates are states of passes at the inner keys.
    std::function<void(const Expr&)> inner = [&](const Expr& x) {
      if (x.kind == ExprKind::Aggregate && !x.ungrouped) {
        if (!x.per.empty()) {
          add_per(x, metric, outer_keys, outer_filters);
          for (int p : t_.pers[&x].passes) note_pass(p);
          return;
        }
        for (const auto& a : x.args) scan_row(*a, metric.source);
        if (x.filter) scan_row(*x.filter, metric.source);
        int pass = metric_pass(metric, outer_keys, outer_filters, &x);
        note_pass(pass);
        t_.aggs[&x] = {pass, add_agg(pass, x)};
        return;
      }
      if (x.kind == ExprKind::MetricRef) {
        KPIC_UNREACHABLE("a metric reference inside `per` (sema reports KP0502)");
      }
      for (const auto& a : x.args) inner(*a);
    };
    if (!e.args.empty()) inner(*e.args[0]);
    if (ref.passes.empty()) note_pass(metric_pass(metric, outer_keys, outer_filters));
    t_.pers[&e] = ref;
  }

  // Ungrouped metrics read as values (Row-level MetricRef) inside `e`.
  static void row_metric_refs(const Expr& e, std::set<int>& out) {
    if (e.kind == ExprKind::MetricRef && e.level == sema::Level::Row) out.insert(e.metric);
    for (const auto& a : e.args) row_metric_refs(*a, out);
    if (e.filter) row_metric_refs(*e.filter, out);
  }

  int metric_pass(const sema::Metric& metric, const std::vector<const Expr*>& per_keys,
                  const std::vector<const Expr*>& extra_wheres, const Expr* agg = nullptr) {
    std::set<int> after;
    if (agg) row_metric_refs(*agg, after);
    if (metric.where) row_metric_refs(*metric.where, after);
    for (const Expr* w : extra_wheres) row_metric_refs(*w, after);
    std::vector<const Expr*> keys;
    std::vector<ValueType> types;
    std::vector<std::string> names;
    std::string key = p_.sources[metric.source].name + "|by";
    for (int i = 2; cohort_ && i < 4; ++i) {  // cohort_retention: by (ENTITY, BUCKET) in place of its dimensions
      const Expr* k = cohort_->args[i].get();
      keys.push_back(k);
      types.push_back(k->type);
      names.push_back(i == 2 ? "entity" : "bucket");
      key += " " + names.back() + "=" + expr_text(p_, *k);
    }
    for (size_t i = 0; cohort_ && i + 2 < metric.dims.size(); ++i) {  // its `by`, read at the starting row
      const auto& d = metric.dims[i];
      keys.push_back(d.expr.get());
      types.push_back(d.type);
      names.push_back(d.name);
      key += " " + d.name + "=" + expr_text(p_, *d.expr);
    }
    for (size_t i = 0; !cohort_ && i < metric.dims.size(); ++i) {
      const auto& d = metric.dims[i];
      const Expr* k = static_cast<int>(i) == day_dim_ ? day_key_ : d.expr.get();  // trailing: the day
      keys.push_back(k);
      types.push_back(d.type);
      names.push_back(d.name);
      key += " " + d.name + "=" + (k ? expr_text(p_, *k) : "?");
    }
    for (const Expr* k : per_keys) {
      keys.push_back(k);
      types.push_back(k->type);
      names.push_back("");  // a `per` key: no output column
      key += " per:" + expr_text(p_, *k);
    }
    std::vector<const Expr*> wheres;
    key += "|where";
    if (const Expr* sw = source_where(metric.source)) {
      wheres.push_back(sw);
      key += " " + expr_text(p_, *sw);
    }
    if (metric.where) {
      wheres.push_back(metric.where.get());
      key += " " + expr_text(p_, *metric.where);
    }
    for (const Expr* w : extra_wheres) {
      wheres.push_back(w);
      key += " " + expr_text(p_, *w);
    }
    if (!after.empty()) {
      key += "|after";
      for (int m : after) key += " " + p_.metrics[m].name;
    }
    int pass = find_or_add_pass(key, 1, metric.source, keys, types, names);
    t_.pass_wheres[pass] = wheres;
    plan_.passes[pass].after_metrics.assign(after.begin(), after.end());
    metric_passes_[&metric - p_.metrics.data()].insert(pass);
    auto& ms = plan_.passes[pass].metrics;
    if (std::find(ms.begin(), ms.end(), metric.name) == ms.end()) ms.push_back(metric.name);
    return pass;
  }

  int find_or_add_pass(const std::string& key, int stage, int source, std::vector<const Expr*> keys,
                       std::vector<ValueType> types, std::vector<std::string> names) {
    auto it = pass_by_key_.find(key);
    if (it != pass_by_key_.end()) return it->second;
    Pass pass;
    pass.id = static_cast<int>(plan_.passes.size());
    pass.stage = stage;
    pass.source = source;
    t_.pass_keys.push_back(std::move(keys));
    t_.pass_wheres.emplace_back();
    t_.agg_exprs.emplace_back();
    pass.key_types = std::move(types);
    pass.key_names = std::move(names);
    pass.text = key;
    plan_.passes.push_back(std::move(pass));
    pass_by_key_[key] = plan_.passes.back().id;
    return plan_.passes.back().id;
  }

  int add_agg(int pass_id, const Expr& e) {
    Pass& pass = plan_.passes[pass_id];
    std::string text = expr_text(p_, e);
    for (size_t i = 0; i < pass.aggs.size(); ++i)
      if (pass.aggs[i].text == text) return static_cast<int>(i);
    AggState a;
    a.builtin = e.builtin;
    a.text = text;
    a.arg_type = e.args.empty() ? ValueType::Null : e.args[0]->type;
    double q = 0.5;
    if (sema::quantile_argument(e.builtin) && e.args.size() > 1 && e.args[1]->kind == ExprKind::Literal &&
        !e.args[1]->value.is_null)
      q = e.args[1]->value.type == ValueType::Float ? e.args[1]->value.f : static_cast<double>(e.args[1]->value.i);
    static_cast<exec::AggLayout&>(a) = agg_layout(e.builtin, static_cast<int>(e.args.size()), a.arg_type, q);
    if (a.kind == StateKind::Funnel) a.window_us = e.args.at(2)->value.i;
    // Sema only lets numbers (and booleans) into sums and quantiles.
    KPIC_CHECK(!(a.kind == StateKind::Values || a.kind == StateKind::SumInt) || is_numeric(a.arg_type) ||
                   a.arg_type == ValueType::Bool || a.arg_type == ValueType::Null,
               sema::builtin_info(e.builtin).name, " of a non-numeric value");
    pass.aggs.push_back(a);
    t_.agg_exprs[pass_id].push_back(&e);
    return static_cast<int>(pass.aggs.size()) - 1;
  }

  void intern(const std::string& s) {
    if (plan_.string_ids.count(s)) return;
    plan_.string_ids[s] = static_cast<int>(plan_.strings.size());
    plan_.strings.push_back(s);
  }

  const sema::Program& p_;
  Plan& plan_;
  Planning& t_;
  const sema::Metric* cur_metric_ = nullptr;
  std::vector<std::set<int>> used_columns_;
  std::map<int, std::set<int>> metric_passes_;  // metric -> passes of its own aggregates
  // trailing: while its pass is made, the day key that replaces dimension day_dim_ (owned here).
  std::vector<sema::ExprPtr> day_keys_;  // and cohort_retention's min(TIME) where START
  const Expr* day_key_ = nullptr;
  int day_dim_ = -1;
  // cohort_retention: while its pass is made, the node whose entity and bucket are the pass's keys.
  const Expr* cohort_ = nullptr;

  // The passes a metric's value needs (its own and, transitively, its dependencies').
  void feed(int m, std::set<int>& out, std::set<int>& seen) const {
    if (!seen.insert(m).second) return;
    auto it = metric_passes_.find(m);
    if (it != metric_passes_.end()) out.insert(it->second.begin(), it->second.end());
    for (int d : p_.metrics[m].deps) feed(d, out, seen);
  }
  int metric_stage(int m, std::vector<int>& memo) {
    std::set<int> passes, seen;
    feed(m, passes, seen);
    int st = 0;
    for (int p : passes) st = std::max(st, pass_stage(p, memo));
    return st;
  }
  int pass_stage(int p, std::vector<int>& memo) {
    if (memo[p] >= 0) return memo[p];
    memo[p] = plan_.passes[p].stage;  // guards against cycles
    int st = plan_.passes[p].stage;
    for (int m : plan_.passes[p].after_metrics) st = std::max(st, metric_stage(m, memo) + 1);
    return memo[p] = st;
  }

 public:
  void assign_stages() {
    std::vector<int> memo(plan_.passes.size(), -1);
    for (auto& pass : plan_.passes) pass.stage = pass_stage(pass.id, memo);
    plan_.max_stage = 1;
    for (const auto& pass : plan_.passes) plan_.max_stage = std::max(plan_.max_stage, pass.stage);
    for (const Expr* e : t_.param_order) {
      if (e->kind == ExprKind::Aggregate) plan_.param_stage.push_back(0);
      else plan_.param_stage.push_back(metric_stage(e->metric, memo));
    }
  }

 private:
  std::map<std::string, int> pass_by_key_;
};

}  // namespace

Plan build_plan(const sema::Program& p, const std::vector<int>& wanted) {
  Plan plan;
  plan.calendar = p.calendar;
  std::vector<bool> need(p.metrics.size(), wanted.empty());
  std::function<void(int)> mark = [&](int m) {
    if (need[m]) return;
    need[m] = true;
    for (int d : p.metrics[m].deps) mark(d);
  };
  for (int m : wanted) mark(m);
  std::vector<int> order = p.eval_order;
  if (order.size() != p.metrics.size()) {  // tolerate a Program without eval_order (hand-built)
    order.clear();
    std::vector<int> state(p.metrics.size(), 0);
    std::function<void(int)> visit = [&](int m) {
      if (state[m]) return;
      state[m] = 1;
      for (int d : p.metrics[m].deps) visit(d);
      order.push_back(m);
    };
    for (size_t m = 0; m < p.metrics.size(); ++m) visit(static_cast<int>(m));
  }
  Planning t;
  Planner planner(p, plan, t);
  for (int m : order) {
    if (!need[m]) continue;
    plan.metric_order.push_back(m);
    planner.add_metric(m);
  }
  planner.finish();
  planner.assign_stages();
  lower_row_exprs(p, t, plan);
  lower_metrics(p, t, plan);
  return plan;
}

}  // namespace kpic::plan
