#include "compiler/sema/expr_checker.h"
#include "compiler/sema/std_modules.h"
#include "compiler/sema/relations.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/sema/literal_values.h"
#include "compiler/sema/type_rules.h"

namespace kpic::sema {

// One template expansion: the template, the call being expanded, and the frame the call's arguments
// belong to (they are checked where the parameter is used, in the caller's scope).
struct ExprChecker::Frame {
  const FnEntry* fn = nullptr;
  const ast::Expr* call = nullptr;
  const Frame* caller = nullptr;
  int depth = 0;
};

namespace {

constexpr int kMaxTemplateDepth = 64;
// Nodes a metric may gain by expanding templates. Each call is expanded in place, so a template calling
// another twice doubles at each level (22 levels: 4 million nodes); past this bound it is an error.
constexpr long kMaxExpandedNodes = 100000;

ExprPtr make(ExprKind k, SourceRange r, ValueType t, Level l) {
  auto e = std::make_unique<Expr>();
  e->kind = k;
  e->range = r;
  e->type = t;
  e->level = l;
  return e;
}

Level max_level(Level a, Level b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

std::string tname(ValueType t) { return t == ValueType::Null ? "null" : std::string(type_name(t)); }

// Whether `e` reads the current row outside any nested aggregate (`amount > avg(amount)` does,
// `avg(amount)` alone does not).
bool reads_row(const Expr& e) {
  if (e.kind == ExprKind::Column || e.kind == ExprKind::Lag || e.kind == ExprKind::Lookup) return true;
  if (e.kind == ExprKind::Aggregate) return false;
  for (const auto& a : e.args)
    if (reads_row(*a)) return true;
  return false;
}
bool is_aggregate_node(const Expr& e) {
  return e.kind == ExprKind::Aggregate || e.kind == ExprKind::MetricRef;
}

}  // namespace

ExprPtr clone(const Expr& e) {
  auto c = std::make_unique<Expr>();
  c->kind = e.kind;
  c->type = e.type;
  c->level = e.level;
  c->nullable = e.nullable;
  c->range = e.range;
  c->value = e.value;
  c->source = e.source;
  c->column = e.column;
  c->metric = e.metric;
  c->op = e.op;
  c->negated = e.negated;
  c->builtin = e.builtin;
  for (const auto& a : e.args) c->args.push_back(clone(*a));
  c->values = e.values;
  if (e.filter) c->filter = clone(*e.filter);
  for (const auto& p : e.per) c->per.push_back(clone(*p));
  c->ungrouped = e.ungrouped;
  c->time_dim = e.time_dim;
  c->lookup = e.lookup;
  c->via = e.via;
  return c;
}

bool contains(const Expr& e, bool (*pred)(const Expr&)) {
  if (pred(e)) return true;
  for (const auto& a : e.args)
    if (contains(*a, pred)) return true;
  if (e.filter && contains(*e.filter, pred)) return true;
  for (const auto& p : e.per)
    if (contains(*p, pred)) return true;
  return false;
}

ExprChecker::ExprChecker(CheckEnv env, Diagnostics& diags, int metric_def, int source, bool collect)
    : env_(env), diags_(diags), metric_def_(metric_def), source_(source), collect_(collect) {}

Diagnostic& ExprChecker::error(DiagCode code, SourceRange r, std::string message, const Frame* f) {
  failed_ = true;
  auto& d = diags_.error(code, r, std::move(message));
  for (const Frame* x = f; x; x = x->caller)
    d.notes.push_back({x->call->range, fmt::format("in the template `{}`, expanded here", x->fn->def->name)});
  return d;
}

ExprPtr ExprChecker::invalid(SourceRange r) { return make(ExprKind::Literal, r, ValueType::Null, Level::Constant); }

ExprPtr ExprChecker::check_metric(const ast::Expr& e, int time_dim) {
  time_dim_ = time_dim;
  if (e.kind == ast::ExprKind::Call) top_template = env_.defs.find_fn(e.name);
  if (top_template && find_builtin(e.name)) top_template = nullptr;
  return check(e, Ctx{}, nullptr);
}

ExprPtr ExprChecker::check_row(const ast::Expr& e) { return check(e, Ctx{true, false}, nullptr); }

bool ExprChecker::check_dimension(const ast::Expr& e, const std::string& alias, SourceRange alias_range,
                                  Dimension& out) {
  const BuiltinInfo* b = e.kind == ast::ExprKind::Call ? find_builtin(e.name) : nullptr;
  bool bucket = b && b->kind == BuiltinKind::Bucket;
  bool was_failed = failed_;
  failed_ = false;
  ExprPtr x = check(e, Ctx{true, false}, nullptr);
  bool ok = !failed_;
  failed_ = failed_ || was_failed;
  if (!ok) return false;
  bool computed = is_computed_dimension(e);
  if (!computed && !bucket && x->kind != ExprKind::Column && x->kind != ExprKind::Lookup) {
    auto& d = error(DiagCode::bad_dimension, e.range, fmt::format("`{}` is no column of the source", e.name), nullptr);
    d.help = "group by a column (`by region`) or a bucket of a date or timestamp (`by month(ts)`)";
    return false;
  }
  if (computed && !check_computed_dimension(*x, alias)) return false;
  out.name = !alias.empty() ? alias : bucket ? std::string(b->name) : e.name;
  out.type = x->type;
  out.time_bucket = bucket;
  if (bucket) out.bucket = b->id;
  out.range = alias.empty() ? e.range : SourceRange::cover(e.range, alias_range);
  out.expr = std::move(x);
  return true;
}

ExprPtr ExprChecker::too_large(const ast::Expr& e, const Frame* f) {
  if (!expansion_reported_) {
    expansion_reported_ = true;
    failed_ = true;
    const Frame* outer = f;
    while (outer->caller != nullptr) outer = outer->caller;
    auto& d = diags_.error(DiagCode::expansion_too_large, outer->call->range,
                           fmt::format("expanding `{}` here gives more than {} expression nodes",
                                       outer->fn->def->name, kMaxExpandedNodes));
    d.notes.push_back({outer->fn->def->name_range, fmt::format("`{}` is defined here", outer->fn->def->name)});
    d.help = "a template that uses another template several times multiplies its size at each level; "
             "define the repeated part once as a metric and use it by name";
  }
  return invalid(e.range);
}

ExprPtr ExprChecker::check(const ast::Expr& e, Ctx c, const Frame* f) {
  // Names are not counted: a parameter resolves through every frame to its argument (counted there).
  if (f != nullptr && e.kind != ast::ExprKind::Name && ++expanded_nodes_ > kMaxExpandedNodes) return too_large(e, f);
  switch (e.kind) {
    case ast::ExprKind::IntLit: {
      auto x = make(ExprKind::Literal, e.range, ValueType::Int, Level::Constant);
      x->value = Value::of_int(e.int_value);
      x->nullable = false;
      return x;
    }
    case ast::ExprKind::FloatLit: {
      auto x = make(ExprKind::Literal, e.range, ValueType::Float, Level::Constant);
      x->value = Value::of_float(e.float_value);
      x->nullable = false;
      return x;
    }
    case ast::ExprKind::DurationLit: {
      // A duration is a window (trailing's second argument, calendar.h: duration_us), never a value of a row or a metric.
      Diagnostic& d = error(DiagCode::misplaced_duration, e.range,
                            fmt::format("`{}` is a duration: it is a window of time, not a value", e.text), f);
      d.help = "to compare two times, use days_between, hours_between or seconds_between: `days_between(a, b) <= 14`";
      return invalid(e.range);
    }
    case ast::ExprKind::StringLit: {
      auto x = make(ExprKind::Literal, e.range, ValueType::String, Level::Constant);
      x->value = Value::of_string(e.text);
      x->nullable = false;
      return x;
    }
    case ast::ExprKind::BoolLit: {
      auto x = make(ExprKind::Literal, e.range, ValueType::Bool, Level::Constant);
      x->value = Value::of_bool(e.bool_value);
      x->nullable = false;
      return x;
    }
    case ast::ExprKind::NullLit: return make(ExprKind::Literal, e.range, ValueType::Null, Level::Constant);
    case ast::ExprKind::Name: return check_name(e, c, f);
    case ast::ExprKind::Unary: return check_unary(e, c, f);
    case ast::ExprKind::Binary: return check_binary(e, c, f);
    case ast::ExprKind::In: return check_in(e, c, f);
    case ast::ExprKind::IsNull: {
      if (e.args.empty()) return invalid(e.range);
      auto a = check(*e.args[0], c, f);
      auto x = make(ExprKind::IsNull, e.range, ValueType::Bool, a->level);
      x->negated = e.negated;
      x->nullable = false;
      x->args.push_back(std::move(a));
      return x;
    }
    case ast::ExprKind::If: return check_if(e, c, f);
    case ast::ExprKind::Call: return check_call(e, c, f);
    case ast::ExprKind::List:
      error(DiagCode::bad_argument, e.range, "a list `[...]` is only allowed after `in`", f);
      return invalid(e.range);
  }
  return invalid(e.range);
}

ExprPtr ExprChecker::check_name(const ast::Expr& e, Ctx c, const Frame* f) {
  if (f && e.qualifier.empty()) {
    const auto& params = f->fn->def->params;
    for (size_t i = 0; i < params.size(); ++i)
      if (params[i] == e.name && i < f->call->args.size()) return check(*f->call->args[i], c, f->caller);
  }
  if (c.row) return check_column(e, f);
  return check_metric_name(e, c, f);
}

const ast::Expr& ExprChecker::literal_argument(const ast::Expr& e, const Frame*& f) {
  if (!f || e.kind != ast::ExprKind::Name || !e.qualifier.empty()) return e;
  const auto& params = f->fn->def->params;
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i] == e.name && i < f->call->args.size()) {
      const Frame* caller = f->caller;
      const ast::Expr& arg = literal_argument(*f->call->args[i], caller);
      f = caller;
      return arg;
    }
  }
  return e;
}

// `e` names a column of source `src`, another than the metric's: the references from the metric's source
// that lead to it (KP0220 when there are none, or two).
bool ExprChecker::lookup_path(const ast::Expr& e, int src, std::vector<int>& via, const Frame* f) {
  const auto& sources = env_.program.sources;
  std::string shown = e.qualifier + "." + e.name;
  if (source_ < 0) {
    error(DiagCode::spans_sources, e.range, fmt::format("`{}` is a column of source `{}`, but this metric reads no source",
                                                        shown, e.qualifier), f);
    return false;
  }
  bool ambiguous = false;
  via = reference_path(sources, source_, src, ambiguous);
  if (!via.empty() && !ambiguous) return true;
  const std::string& mine = sources[source_].name;
  if (ambiguous) {
    auto& d = error(DiagCode::not_referenced, e.range,
                    fmt::format("`{}`: source `{}` references `{}` through more than one column, so which row is meant "
                                "is ambiguous", shown, mine, e.qualifier), f);
    d.help = fmt::format("keep one `references {}` among the columns of `{}` (or split the source)", e.qualifier, mine);
    return false;
  }
  auto& d = error(DiagCode::not_referenced, e.range,
                  fmt::format("`{}` is a column of source `{}`, which source `{}` (read by this metric) does not "
                              "reference", shown, e.qualifier, mine), f);
  d.help = reference_help(sources, source_, src);
  return false;
}

ExprPtr ExprChecker::check_column(const ast::Expr& e, const Frame* f) {
  const auto& sources = env_.program.sources;
  std::string shown = e.qualifier.empty() ? e.name : e.qualifier + "." + e.name;
  int src = source_;
  std::vector<int> via;  // a column of another source: the references that lead to it (relations.h)
  if (!e.qualifier.empty()) {
    src = -1;
    std::vector<std::string> names;
    for (size_t i = 0; i < sources.size(); ++i) {
      names.push_back(sources[i].name);
      if (sources[i].name == e.qualifier) src = static_cast<int>(i);
    }
    if (src < 0) {
      auto& d = error(DiagCode::unknown_source, e.range, fmt::format("unknown source `{}`", e.qualifier), f);
      std::string near = nearest_name(e.qualifier, names);
      if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
      return invalid(e.range);
    }
    qualified.emplace(src, e.range);
    if (collect_) return invalid(e.range);
    if (src != source_ && !lookup_path(e, src, via, f)) return invalid(e.range);
  } else {
    if (seen_names_.insert(e.name).second) {
      // Names that are no column anywhere but are metrics are scalar uses, not columns.
      bool any_col = false;
      for (const auto& s : sources) any_col = any_col || s.schema.find(e.name) >= 0;
      int m = env_.defs.find_metric(e.name);
      // A metric's own name is no scalar use of itself (`csat = csat(csat)`): an unknown column.
      if (any_col || m < 0 || m == metric_def_) column_names.push_back({e.name, e.range});
    }
    if (collect_) {
      int m = env_.defs.find_metric(e.name);
      bool any_col = false;
      for (const auto& s : sources) any_col = any_col || s.schema.find(e.name) >= 0;
      if (!any_col && m >= 0 && m != metric_def_) scalar_uses.emplace(m, e.range);
      return invalid(e.range);
    }
  }
  if (src >= 0) {
    Source& s = env_.program.sources[src];
    int col = s.schema.find(e.name);
    if (col < 0 && e.qualifier.empty()) {
      int m = env_.defs.find_metric(e.name);
      if (m >= 0 && m != metric_def_) {
        // A metric used as a scalar inside a row-level expression: it must be ungrouped.
        scalar_uses.emplace(m, e.range);
        int pm = env_.def_to_program[m];
        auto x = make(ExprKind::MetricRef, e.range, ValueType::Float, Level::Row);
        x->metric = pm;
        if (pm >= 0 && !env_.metric_failed[m]) {
          const Metric& dep = env_.program.metrics[pm];
          x->type = dep.type;
          if (!dep.dims.empty()) {
            auto& d = error(DiagCode::row_level_expected, e.range,
                            fmt::format("metric `{}` is grouped by {}: it has no single value to use inside an aggregate",
                                        e.name, dep.dims[0].name),
                            f);
            d.help = "use a metric without `by` here, or combine the metrics outside the aggregate";
          }
        }
        return x;
      }
    }
    if (col < 0 && env_.unknown_columns_ok[src] && !s.schema_known) {
      s.schema.fields.push_back(Field{e.name, ValueType::Null, true, {}});
      col = static_cast<int>(s.schema.fields.size()) - 1;
    }
    if (col < 0 && !s.schema_known) {
      auto& d = error(DiagCode::unknown_column, e.range,
                      fmt::format("cannot resolve column `{}`: source `{}` has neither a schema block nor data", shown,
                                  s.name),
                      f);
      d.help = fmt::format("pass a data file for it, or declare its columns: `source {} {{ {}: TYPE }}`", s.name, e.name);
      return invalid(e.range);
    }
    if (col < 0) {
      std::vector<std::string> names;
      for (const auto& fl : s.schema.fields) names.push_back(fl.name);
      std::string msg = sources.size() > 1 ? fmt::format("unknown column `{}` in source `{}`", shown, s.name)
                                           : fmt::format("unknown column `{}`", shown);
      auto& d = error(DiagCode::unknown_column, e.range, msg, f);
      std::string near = nearest_name(e.name, names);
      if (near.empty() && e.qualifier.empty()) near = nearest_name(e.name, env_.defs.metric_names());
      if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
      return invalid(e.range);
    }
    const Field& fl = s.schema.fields[col];
    if (!fl.unsupported.empty()) {
      error(DiagCode::bad_argument, e.range, fmt::format("column `{}` cannot be used: {}", shown, fl.unsupported), f);
      return invalid(e.range);
    }
    auto x = make(ExprKind::Column, e.range, fl.type, Level::Row);
    x->source = src;
    x->column = col;
    x->nullable = fl.nullable;
    if (!via.empty()) {  // read through references: null when a reference finds no row
      x->kind = ExprKind::Lookup;
      x->source = source_;
      x->lookup = src;
      x->via = std::move(via);
      x->nullable = true;
    }
    return x;
  }
  // No source could be chosen for this metric: suggest from every source.
  std::vector<std::string> names;
  for (const auto& s : sources)
    for (const auto& fl : s.schema.fields) names.push_back(fl.name);
  int m = env_.defs.find_metric(e.name);
  if (m >= 0) {
    auto x = make(ExprKind::MetricRef, e.range, ValueType::Float, Level::Row);
    x->metric = env_.def_to_program[m];
    return x;
  }
  auto& d = error(DiagCode::unknown_column, e.range, fmt::format("unknown column `{}`", shown), f);
  std::string near = nearest_name(e.name, names);
  if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
  return invalid(e.range);
}

ExprPtr ExprChecker::check_metric_name(const ast::Expr& e, Ctx c, const Frame* f) {
  std::string shown = e.qualifier.empty() ? e.name : e.qualifier + "." + e.name;
  int m = e.qualifier.empty() ? env_.defs.find_metric(e.name) : -1;
  if (m >= 0) {
    metric_uses.emplace(m, e.range);
    auto x = make(ExprKind::MetricRef, e.range, ValueType::Float, Level::Aggregate);
    x->metric = env_.def_to_program.empty() ? -1 : env_.def_to_program[m];
    if (!collect_ && x->metric >= 0 && !env_.metric_failed[m]) {
      x->type = env_.program.metrics[x->metric].type;
      x->nullable = true;
      const Expr* used = env_.program.metrics[x->metric].expr.get();
      if (used && is_cohort(*used)) {
        auto& d = error(DiagCode::bad_cohort, e.range,
                        fmt::format("metric `{}` is a cohort retention matrix: another metric cannot use it", shown), f);
        d.help = "write the computation on the rows it needs, or read the matrix as it is";
      }
    }
    if (!collect_ && c.in_per && !c.row) {  // the planner computes only aggregates once per key
      auto& d = error(DiagCode::bad_per, e.range,
                      fmt::format("metric `{}` cannot be used inside `per`: the argument is computed once per key "
                                  "from aggregates of the rows",
                                  shown),
                      f);
      d.help = fmt::format("write the aggregate of `{}` inside `per`, e.g. `avg(sum(x) per key)`", shown);
    }
    return x;
  }
  if (collect_) return invalid(e.range);
  bool is_column = false;
  for (const auto& s : env_.program.sources)
    if ((e.qualifier.empty() || s.name == e.qualifier) && s.schema.find(e.name) >= 0) is_column = true;
  if (is_column && c.in_per) {
    auto& d = error(DiagCode::bad_per, e.range,
                    fmt::format("column `{}` is not aggregated: with `per`, the argument is computed once per key", shown),
                    f);
    d.help = fmt::format("aggregate it per key, e.g. `avg(sum({}) per customer)`", shown);
    return invalid(e.range);
  }
  if (is_column || !e.qualifier.empty()) {
    auto& d = error(DiagCode::column_outside_aggregate, e.range,
                    fmt::format("column `{}` is used outside every aggregate", shown), f);
    d.help = fmt::format("a metric is one value per group: aggregate the column, e.g. `sum({0})` or `max({0})`", shown);
    return invalid(e.range);
  }
  auto& d = error(DiagCode::unknown_metric, e.range, fmt::format("unknown metric `{}`", shown), f);
  std::string near = nearest_name(e.name, env_.defs.metric_names());
  if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
  else if (c.in_per) d.help = "inside `per`, columns must be inside an aggregate, e.g. `sum(x) per key`";
  return invalid(e.range);
}

void ExprChecker::require_type(const Expr& x, bool ok, DiagCode code, const std::string& what, const Frame* f) {
  if (ok || collect_) return;
  auto& d = error(code, x.range, fmt::format("{}, got {}", what, tname(x.type)), f);
  // A column of a data file whose types were inferred: say which value made it a string.
  if (x.kind == ExprKind::Column && x.source >= 0 &&
      static_cast<size_t>(x.source) < env_.program.sources.size()) {
    const Source& s = env_.program.sources[static_cast<size_t>(x.source)];
    if (x.column >= 0 && static_cast<size_t>(x.column) < s.schema.fields.size()) {
      const Field& fl = s.schema.fields[static_cast<size_t>(x.column)];
      if (!fl.inferred_why.empty())
        d.help = fmt::format("the data's column `{}` is read as string because {}; fix that value, or declare the "
                             "column (`source {} {{ {}: TYPE }}`) to have each bad value reported with its line",
                             fl.name, fl.inferred_why, s.name, fl.name);
    }
  }
}

ExprPtr ExprChecker::check_unary(const ast::Expr& e, Ctx c, const Frame* f) {
  if (e.args.empty()) return invalid(e.range);
  auto a = check(*e.args[0], c, f);
  auto x = make(ExprKind::Unary, e.range, a->type, a->level);
  x->op = e.op;
  x->nullable = a->nullable;
  if (e.op == ast::Op::Not) {
    require_type(*a, a->type == ValueType::Bool || a->type == ValueType::Null, DiagCode::not_boolean,
                 "`not` needs a boolean", f);
    x->type = ValueType::Bool;
  } else {
    require_type(*a, is_numeric_or_null(a->type), DiagCode::not_numeric, "`-` needs a number", f);
  }
  x->args.push_back(std::move(a));
  return x;
}

bool ExprChecker::coerce_string_to(ExprPtr& lit, ValueType want, const Frame* f) {
  if (lit->kind != ExprKind::Literal || lit->type != ValueType::String || !is_temporal(want)) return false;
  auto v = want == ValueType::Date ? parse_date_literal(lit->value.s) : parse_timestamp_literal(lit->value.s);
  if (!v && want == ValueType::Timestamp) v = parse_date_literal(lit->value.s);
  if (!v) {
    if (!collect_) {
      auto& d = error(DiagCode::bad_literal, lit->range,
                      fmt::format("\"{}\" is not a {}", lit->value.s, type_name(want)), f);
      d.help = want == ValueType::Date ? "write dates as \"YYYY-MM-DD\"" : "write timestamps as \"YYYY-MM-DDTHH:MM:SSZ\"";
    }
    lit->type = ValueType::Null;  // reported: no second error about the comparison
    return true;
  }
  if (want == ValueType::Timestamp && v->type == ValueType::Date) *v = Value::of_timestamp(v->i * 86400000000LL);
  lit->type = v->type;
  lit->value = *v;
  return true;
}

ExprPtr ExprChecker::check_binary(const ast::Expr& e, Ctx c, const Frame* f) {
  if (e.args.size() < 2) return invalid(e.range);
  auto a = check(*e.args[0], c, f);
  auto b = check(*e.args[1], c, f);
  auto x = make(ExprKind::Binary, e.range, ValueType::Bool, max_level(a->level, b->level));
  x->op = e.op;
  x->nullable = a->nullable || b->nullable;
  std::string op = ast::op_spelling(e.op);
  switch (e.op) {
    case ast::Op::And:
    case ast::Op::Or:
      require_type(*a, a->type == ValueType::Bool || a->type == ValueType::Null, DiagCode::not_boolean,
                   fmt::format("`{}` needs booleans", op), f);
      require_type(*b, b->type == ValueType::Bool || b->type == ValueType::Null, DiagCode::not_boolean,
                   fmt::format("`{}` needs booleans", op), f);
      break;
    case ast::Op::Eq: case ast::Op::Ne: case ast::Op::Lt: case ast::Op::Le: case ast::Op::Gt: case ast::Op::Ge:
      if (!coerce_string_to(b, a->type, f)) coerce_string_to(a, b->type, f);
      if (!collect_ && !comparable(a->type, b->type)) {
        auto& d = error(DiagCode::type_mismatch, e.range,
                        fmt::format("cannot compare {} with {}", tname(a->type), tname(b->type)), f);
        if (is_temporal(a->type) || is_temporal(b->type))
          d.help = "compare dates with dates, e.g. `ts >= date(\"2024-01-01\")`, or use days_between(a, b)";
      }
      break;
    default: {
      auto t = arithmetic_type(e.op, a->type, b->type);
      if (!t) {
        if (!collect_) {
          auto& d = error(DiagCode::not_numeric, e.range,
                          fmt::format("`{}` needs numbers, got {} and {}", op, tname(a->type), tname(b->type)), f);
          if (is_temporal(a->type) && is_temporal(b->type))
            d.help = "use days_between(a, b), hours_between(a, b) or seconds_between(a, b)";
        }
        t = ValueType::Null;
      }
      x->type = *t;
      if (e.op == ast::Op::Div || e.op == ast::Op::Mod) x->nullable = true;  // division by zero is null
    }
  }
  x->args.push_back(std::move(a));
  x->args.push_back(std::move(b));
  return x;
}

// Folds a constant list element: literals, negated numbers, date(...)/timestamp(...).
static ExprPtr fold_constant(ExprPtr x) {
  if (x->kind == ExprKind::Literal) return x;
  if (x->kind == ExprKind::Unary && x->op == ast::Op::Neg && x->args[0]->kind == ExprKind::Literal) {
    Value v = x->args[0]->value;
    if (v.type == ValueType::Int) v.i = -v.i;
    else if (v.type == ValueType::Float) v.f = -v.f;
    else return nullptr;
    x->kind = ExprKind::Literal;
    x->value = v;
    x->args.clear();
    return x;
  }
  return nullptr;
}

ExprPtr ExprChecker::check_in(const ast::Expr& e, Ctx c, const Frame* f) {
  if (e.args.empty()) return invalid(e.range);
  auto a = check(*e.args[0], c, f);
  auto x = make(ExprKind::In, e.range, ValueType::Bool, a->level);
  x->negated = e.negated;
  x->nullable = a->nullable;
  for (const auto& item : e.list) {
    auto v = check(*item, c, f);
    v = fold_constant(std::move(v));
    if (!v) {
      error(DiagCode::bad_argument, item->range, "the values in `in [...]` must be constants", f);
      continue;
    }
    coerce_string_to(v, a->type, f);
    if (!collect_ && !comparable(a->type, v->type))
      error(DiagCode::type_mismatch, item->range,
            fmt::format("{} value in a list compared with {}", tname(v->type), tname(a->type)), f);
    Value val = v->value;
    if (a->type == ValueType::Float && val.type == ValueType::Int) val = Value::of_float(static_cast<double>(val.i));
    x->values.push_back(val);
  }
  x->args.push_back(std::move(a));
  return x;
}

ExprPtr ExprChecker::check_if(const ast::Expr& e, Ctx c, const Frame* f) {
  if (e.args.size() < 3) return invalid(e.range);
  auto cond = check(*e.args[0], c, f);
  auto a = check(*e.args[1], c, f);
  auto b = check(*e.args[2], c, f);
  require_type(*cond, cond->type == ValueType::Bool || cond->type == ValueType::Null, DiagCode::not_boolean,
               "the condition of `if` must be a boolean", f);
  auto t = common_type(a->type, b->type);
  if (!t) {
    if (!collect_)
      error(DiagCode::type_mismatch, e.range,
            fmt::format("the branches of `if` have different types: {} and {}", tname(a->type), tname(b->type)), f);
    t = ValueType::Null;
  }
  auto x = make(ExprKind::If, e.range, *t, max_level(cond->level, max_level(a->level, b->level)));
  x->nullable = a->nullable || b->nullable;
  x->args.push_back(std::move(cond));
  x->args.push_back(std::move(a));
  x->args.push_back(std::move(b));
  return x;
}

// Whether `e` names an aggregate-level value: an aggregate call, a template call or a metric (a name
// that is no column of any source).
bool ExprChecker::names_aggregate(const ast::Expr& e) const {
  if (e.kind == ast::ExprKind::Call) {
    const BuiltinInfo* b = find_builtin(e.name);
    if (!b ? env_.defs.find_fn(e.name) != nullptr : b->kind == BuiltinKind::Aggregate) return true;
  }
  if (e.kind == ast::ExprKind::Name && e.qualifier.empty() && env_.defs.find_metric(e.name) >= 0) {
    bool column = false;
    for (const auto& s : env_.program.sources) column = column || s.schema.find(e.name) >= 0;
    if (!column) return true;
  }
  for (const auto& a : e.args)
    if (a && names_aggregate(*a)) return true;
  return false;
}

// `ratio(a, b)` of aggregate-level values (`ratio(sum(amount), count(where amount is null))`): the
// division a / b, null when b is 0 (the contract's `ratio`); with row-level arguments it is the ratio
// of their sums (check_aggregate).
ExprPtr ExprChecker::check_ratio_of_aggregates(const ast::Expr& e, Ctx c, const Frame* f) {
  auto a = check(*e.args[0], c, f);
  auto b = check(*e.args[1], c, f);
  for (const Expr* r : {a.get(), b.get()})
    require_type(*r, is_numeric_or_null(r->type), DiagCode::not_numeric, "`ratio` needs numbers", f);
  auto x = make(ExprKind::Binary, e.range, ValueType::Float, max_level(a->level, b->level));
  x->op = ast::Op::Div;
  x->nullable = true;  // b == 0 gives null
  x->args.push_back(std::move(a));
  x->args.push_back(std::move(b));
  return x;
}

ExprPtr ExprChecker::check_call(const ast::Expr& e, Ctx c, const Frame* f) {
  const BuiltinInfo* b = find_builtin(e.name);
  if (!b) {
    if (const FnEntry* fn = env_.defs.find_fn(e.name)) return check_template(e, *fn, c, f);
    if (f && e.range.file == f->fn->def->range.file && e.range.begin >= f->fn->def->range.begin &&
        e.range.end <= f->fn->def->range.end) {
      failed_ = true;  // in a template body: reported once at the definition (check_template_calls)
      return invalid(e.range);
    }
    auto& d = error(DiagCode::unknown_function, e.name_range, fmt::format("unknown function `{}`", e.name), f);
    std::string near = nearest_name(e.name, env_.defs.fn_names());
    std::string module = std_module_defining(e.name);
    if (!module.empty()) d.help = fmt::format("`{}` is a template of the standard library: add `import {}`", e.name, module);
    else if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
    else if (env_.defs.find_metric(e.name) >= 0)
      d.help = fmt::format("`{}` is a metric: use it without parentheses", e.name);
    return invalid(e.range);  // its arguments are not checked: their level depends on what was meant
  }
  int n = static_cast<int>(e.args.size());
  if (n < b->min_args || n > b->max_args) {
    std::string want = b->min_args == b->max_args ? std::to_string(b->min_args)
                       : b->max_args >= 64        ? fmt::format("at least {}", b->min_args)
                       : b->max_args == b->min_args + 1 ? fmt::format("{} or {}", b->min_args, b->max_args)
                                                        : fmt::format("{} to {}", b->min_args, b->max_args);
    auto& d = error(DiagCode::wrong_arity, e.range,
                    fmt::format("`{}` takes {} argument{}, got {}", b->name, want, want == "1" ? "" : "s", n), f);
    d.help = std::string(b->doc);
    return invalid(e.range);
  }
  if (b->kind != BuiltinKind::Aggregate && (e.filter || !e.per.empty())) {
    error(DiagCode::bad_argument, e.filter ? e.filter->range : e.per[0]->range,
          fmt::format("`{}` is no aggregate: it takes no `{}`", b->name, e.filter ? "where" : "per"), f);
  }
  if (b->id == Builtin::Ratio && !c.row && e.per.empty() && !e.filter && n == 2 &&
      (names_aggregate(*e.args[0]) || names_aggregate(*e.args[1])))
    return check_ratio_of_aggregates(e, c, f);
  switch (b->kind) {
    case BuiltinKind::Aggregate: return check_aggregate(e, *b, c, f);
    case BuiltinKind::Scalar:
    case BuiltinKind::Bucket: return check_scalar(e, *b, c, f);
    case BuiltinKind::Period: return check_period(e, *b, c, f);
    case BuiltinKind::Window: return check_lag(e, *b, c, f);
    case BuiltinKind::Literal: return temporal_literal(e, *b, f);
  }
  return invalid(e.range);
}

ExprPtr ExprChecker::check_template(const ast::Expr& e, const FnEntry& fn, Ctx c, const Frame* f) {
  const ast::FnDef& def = *fn.def;
  if (e.filter || !e.per.empty()) {
    auto& d = error(DiagCode::bad_argument, e.filter ? e.filter->range : e.per[0]->range,
                    fmt::format("`{}` is a template: a call of it takes no `{}`", def.name, e.filter ? "where" : "per"), f);
    d.help = "put the filter into the argument, e.g. `nps(score where region == \"eu\")` is not allowed but "
             "a metric-level `where` is";
  }
  if (e.args.size() != def.params.size()) {
    auto& d = error(DiagCode::wrong_arity, e.range,
                    fmt::format("template `{}` takes {} argument{}, got {}", def.name, def.params.size(),
                                def.params.size() == 1 ? "" : "s", e.args.size()),
                    f);
    d.notes.push_back({def.name_range, fmt::format("`{}({})` is defined here", def.name, fmt::join(def.params, ", "))});
    return invalid(e.range);
  }
  for (const Frame* x = f; x; x = x->caller) {
    if (x->fn == &fn || (f && f->depth >= kMaxTemplateDepth)) {
      auto& d = error(DiagCode::template_cycle, e.range,
                      fmt::format("template `{}` expands into itself", def.name), f);
      d.notes.push_back({def.name_range, fmt::format("`{}` is defined here", def.name)});
      return invalid(e.range);
    }
  }
  if (!def.body) return invalid(e.range);
  Frame frame{&fn, &e, f, f ? f->depth + 1 : 1};
  return check(*def.body, c, &frame);
}

ExprPtr ExprChecker::check_aggregate(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f) {
  if (b.id == Builtin::Funnel) return check_funnel(e, b, c, f);
  has_aggregate = true;
  bool ungrouped = c.row;
  if (ungrouped && !e.per.empty()) {
    error(DiagCode::bad_per, e.range, "an aggregate with `per` cannot be used inside a row-level expression", f);
    return invalid(e.range);
  }
  auto x = make(ExprKind::Aggregate, e.range, ValueType::Float, ungrouped ? Level::Row : Level::Aggregate);
  x->builtin = b.id;
  x->ungrouped = ungrouped;
  Ctx row{true, c.in_per};
  for (const auto& k : e.per) {
    auto key = check(*k, row, f);
    if (!collect_ && key->level == Level::Constant && key->type != ValueType::Null)
      error(DiagCode::bad_per, k->range, "a `per` key must be a row-level value (a column or a bucket of one)", f);
    x->per.push_back(std::move(key));
  }
  if (!e.per.empty()) {
    if (b.reduce == Reduce::Ratio || quantile_argument(b.id)) {
      error(DiagCode::bad_per, e.range, fmt::format("`{}` cannot be used with `per`", b.name), f);
      return invalid(e.range);
    }
    if (e.args.empty()) {
      error(DiagCode::bad_per, e.range, "`per` needs an argument computed per key, e.g. `avg(count() per customer)`", f);
      return invalid(e.range);
    }
    auto a = check(*e.args[0], Ctx{false, true}, f);
    if (!collect_ && a->level != Level::Aggregate && a->type != ValueType::Null) {
      auto& d = error(DiagCode::bad_per, a->range,
                      fmt::format("with `per`, the argument of `{}` must be an aggregate computed per key", b.name), f);
      d.help = fmt::format("e.g. `{}(count() per customer)` or `{}(sum(amount) per customer)`", b.name, b.name);
    }
    x->args.push_back(std::move(a));
  } else {
    for (const auto& arg : e.args) x->args.push_back(check(*arg, row, f));
    if (!collect_)
      for (auto& a : x->args)
        if (!reads_row(*a) && contains(*a, is_aggregate_node)) {
          auto& d = error(DiagCode::nested_aggregate, a->range,
                          fmt::format("an aggregate inside `{}` without `per`", b.name), f);
          d.help = fmt::format("to aggregate values computed per group, name the group: `{}(count() per customer)`",
                               b.name);
          break;
        }
  }
  if (e.filter) {
    auto p = check(*e.filter, row, f);
    require_type(*p, p->type == ValueType::Bool || p->type == ValueType::Null, DiagCode::not_boolean,
                 "the `where` of an aggregate must be a boolean", f);
    x->filter = std::move(p);
  }
  if (!collect_ && ungrouped &&
      !contains(*x, [](const Expr& y) { return y.kind == ExprKind::Column || y.kind == ExprKind::Lookup; })) {
    // The planner finds an ungrouped aggregate's source by its columns (plan/planner.cc, add_param).
    auto& d = error(DiagCode::bad_argument, e.range,
                    fmt::format("`{}` inside a row-level expression needs a column to say which rows it counts", b.name),
                    f);
    d.help = "name a column of the source, e.g. `count(customer_id)`";
  }
  ValueType a0 = x->args.empty() ? ValueType::Int : x->args[0]->type;
  std::string fn_name(b.name);
  if (!collect_ && !x->args.empty()) {
    const Expr& arg = *x->args[0];
    switch (b.reduce) {
      case Reduce::Sum: case Reduce::Mean: case Reduce::Quantile:
        require_type(arg, is_numeric_or_null(a0), DiagCode::not_numeric, fmt::format("`{}` needs a number", fn_name), f);
        break;
      case Reduce::Pct:
        require_type(arg, a0 == ValueType::Bool || a0 == ValueType::Null, DiagCode::not_boolean,
                     "`pct` needs a condition (a boolean)", f);
        break;
      case Reduce::Ratio:
        for (const auto& r : x->args)
          require_type(*r, is_numeric_or_null(r->type), DiagCode::not_numeric, "`ratio` needs numbers", f);
        break;
      default: break;
    }
    if (quantile_argument(b.id)) {
      const Expr& q = *x->args[1];
      bool ok = q.kind == ExprKind::Literal && is_numeric(q.type) &&
                (q.type == ValueType::Int ? (q.value.i == 0 || q.value.i == 1) : (q.value.f >= 0 && q.value.f <= 1));
      if (!ok) error(DiagCode::bad_argument, q.range, "the quantile must be a constant between 0 and 1", f);
    }
  }
  x->type = builtin_result(b.id, a0, a0);
  if (x->type == ValueType::Null) x->type = ValueType::Float;
  x->nullable = b.nulls != NullRule::Never;
  return x;
}

ExprPtr ExprChecker::check_scalar(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f) {
  auto x = make(ExprKind::Call, e.range, ValueType::Float, Level::Constant);
  x->builtin = b.id;
  bool nullable = false;
  for (const auto& a : e.args) {
    auto y = check(*a, c, f);
    x->level = max_level(x->level, y->level);
    nullable = nullable || y->nullable;
    x->args.push_back(std::move(y));
  }
  std::string fn_name(b.name);
  ValueType a0 = x->args[0]->type;
  ValueType common = ValueType::Null;
  switch (b.id) {
    case Builtin::Day: case Builtin::Week: case Builtin::Month: case Builtin::Quarter: case Builtin::Year:
    case Builtin::DayOfWeek: case Builtin::Hour:
    case Builtin::FiscalQuarter: case Builtin::FiscalYear:
      require_type(*x->args[0], is_temporal_or_null(a0), DiagCode::not_temporal,
                   fmt::format("`{}` needs a date or timestamp", fn_name), f);
      break;
    case Builtin::DaysBetween: case Builtin::HoursBetween: case Builtin::SecondsBetween:
      for (auto& a : x->args) {
        coerce_string_to(a, ValueType::Timestamp, f);
        require_type(*a, is_temporal_or_null(a->type), DiagCode::not_temporal,
                     fmt::format("`{}` needs dates or timestamps", fn_name), f);
      }
      break;
    case Builtin::Abs: case Builtin::Round: case Builtin::Floor: case Builtin::Ceil:
      for (auto& a : x->args)
        require_type(*a, is_numeric_or_null(a->type), DiagCode::not_numeric, fmt::format("`{}` needs a number", fn_name), f);
      if (b.id == Builtin::Round && x->args.size() == 2 && !collect_ &&
          !(x->args[1]->kind == ExprKind::Literal && x->args[1]->type == ValueType::Int))
        error(DiagCode::bad_argument, x->args[1]->range, "the decimals of `round` must be an integer constant", f);
      break;
    default: {  // coalesce, least, greatest: a common type
      for (auto& a : x->args) {
        auto t = common_type(common, a->type);
        if (!t) {
          if (!collect_)
            error(DiagCode::type_mismatch, a->range,
                  fmt::format("the arguments of `{}` have different types: {} and {}", fn_name, tname(common),
                              tname(a->type)),
                  f);
          break;
        }
        common = *t;
      }
      if (b.id == Builtin::Coalesce) {
        nullable = true;
        for (auto& a : x->args) nullable = nullable && a->nullable;
      }
    }
  }
  x->type = builtin_result(b.id, a0, common);
  if (x->type == ValueType::Null && b.kind != BuiltinKind::Scalar) x->type = ValueType::Date;
  x->nullable = nullable || b.nulls == NullRule::Own;
  return x;
}

ExprPtr ExprChecker::check_period(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f) {
  if (c.row || c.in_per) {
    auto& d = error(DiagCode::row_level_expected, e.range,
                    fmt::format("`{}` works on metric values: it cannot be used inside an aggregate", b.name), f);
    d.help = b.id == Builtin::CohortRetention
                 ? "define the retention matrix as a metric of its own: `retention = cohort_retention(user_id, month(ts))`"
                 : fmt::format("apply it to the aggregate: `{}(sum(x))`", b.name);
    return invalid(e.range);
  }
  if (b.id == Builtin::Trailing) return check_trailing(e, b, c, f);
  if (b.id == Builtin::CohortRetention) return check_cohort(e, b, f);
  auto a = check(*e.args[0], c, f);
  auto x = make(ExprKind::Period, e.range, ValueType::Float, Level::Aggregate);
  x->builtin = b.id;
  x->time_dim = time_dim_;
  if (!collect_) {
    if (a->level != Level::Aggregate && a->type != ValueType::Null)
      error(DiagCode::aggregate_expected, a->range, fmt::format("`{}` needs an aggregate or a metric", b.name), f);
    if (b.id != Builtin::Prev)
      require_type(*a, is_numeric_or_null(a->type), DiagCode::not_numeric, fmt::format("`{}` needs a number", b.name), f);
    if (time_dim_ < 0) {
      auto& d = error(DiagCode::needs_time_bucket, e.range,
                      fmt::format("`{}` needs a time bucket among the metric's dimensions", b.name), f);
      d.help = "group the metric (or the metrics it uses) by a time bucket, e.g. `by month(ts)`";
    }
  }
  x->type = builtin_result(b.id, a->type, a->type);
  if (x->type == ValueType::Null) x->type = ValueType::Float;
  x->args.push_back(std::move(a));
  if (e.args.size() == 2) {
    const Frame* nf = f;  // errors keep `f`: the template chain leads the reader to the argument
    auto n = period_offset(literal_argument(*e.args[1], nf), b, f);
    if (!n) return invalid(e.range);
    x->args.push_back(std::move(n));
  }
  return x;
}

ExprPtr ExprChecker::check_lag(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f) {
  if (!c.row) {
    auto& d = error(DiagCode::aggregate_expected, e.range, "`lag` is row level: use it inside an aggregate", f);
    d.help = "e.g. `sum(mrr - lag(mrr, customer_id, month))`";
    return invalid(e.range);
  }
  auto x = make(ExprKind::Lag, e.range, ValueType::Null, Level::Row);
  for (const auto& a : e.args) {
    auto y = check(*a, c, f);
    if (!collect_ && y->level != Level::Row && y->type != ValueType::Null)
      error(DiagCode::bad_argument, y->range, "the arguments of `lag` must be row-level values (columns)", f);
    else if (!collect_ && y->kind != ExprKind::Column && y->type != ValueType::Null) {
      // The engine reads lag's value, key and order as columns (plan/planner.cc, add_lag).
      auto& d = error(DiagCode::bad_argument, y->range, "the arguments of `lag` must be columns, not expressions", f);
      d.help = "lag the column and compute outside: `2 * lag(mrr, customer_id, month)`";
    }
    x->args.push_back(std::move(y));
  }
  if (!collect_ && x->args[2]->type == ValueType::Bool)
    error(DiagCode::bad_argument, x->args[2]->range, "the order of `lag` must be a number, string, date or timestamp", f);
  x->type = x->args[0]->type;
  x->builtin = b.id;
  return x;
}

ExprPtr ExprChecker::temporal_literal(const ast::Expr& e, const BuiltinInfo& b, const Frame* f) {
  const ast::Expr& a = *e.args[0];
  if (a.kind != ast::ExprKind::StringLit) {
    auto& d = error(DiagCode::bad_literal, a.range, fmt::format("`{}(...)` needs a string literal", b.name), f);
    d.help = b.id == Builtin::DateLit ? "write date(\"2024-01-31\")" : "write timestamp(\"2024-01-31T12:00:00Z\")";
    return invalid(e.range);
  }
  auto v = b.id == Builtin::DateLit ? parse_date_literal(a.text) : parse_timestamp_literal(a.text);
  if (!v) {
    auto& d = error(DiagCode::bad_literal, a.range, fmt::format("\"{}\" is not a valid {}", a.text, b.name), f);
    d.help = b.id == Builtin::DateLit ? "dates are written \"YYYY-MM-DD\", e.g. date(\"2024-01-31\")"
                                      : "timestamps are written \"YYYY-MM-DDTHH:MM:SSZ\", e.g. "
                                        "timestamp(\"2024-01-31T12:00:00Z\")";
    return invalid(e.range);
  }
  auto x = make(ExprKind::Literal, e.range, v->type, Level::Constant);
  x->value = *v;
  x->nullable = false;
  return x;
}

}  // namespace kpic::sema
