// `cohort_retention(ENTITY, BUCKET(TIME)[, START[, ACTIVE]])`: the share of each cohort (the entities whose
// earliest START row falls in a bucket) active N buckets later. Checked here into a Period node whose
// args are {count() where START, count() where ACTIVE, ENTITY, BUCKET(TIME)}: the planner makes the two
// counts states of one pass grouped by (ENTITY, BUCKET) (plan/planner.cc, add_cohort), and the engine
// reads each entity's cohort and active buckets off its groups (engine/cohort.cc). The metric's
// dimensions are `cohort` and `period` (cohort_dimensions below).
#include <fmt/format.h>

#include "compiler/sema/expr_checker.h"

namespace kpic::sema {

bool is_cohort(const Expr& e) { return e.kind == ExprKind::Period && e.builtin == Builtin::CohortRetention; }

ExprPtr ExprChecker::check_cohort(const ast::Expr& e, const BuiltinInfo& b, const Frame* f) {
  has_aggregate = true;  // it reads the rows of its source, like an aggregate
  Ctx row{true, false};
  auto entity = check(*e.args[0], row, f);
  auto bucket = check(*e.args[1], row, f);
  ExprPtr start = e.args.size() > 2 ? check(*e.args[2], row, f) : nullptr;
  ExprPtr active = e.args.size() > 3 ? check(*e.args[3], row, f) : nullptr;
  auto x = invalid(e.range);  // a fresh node, made a Period here
  x->kind = ExprKind::Period;
  x->type = ValueType::Float;
  x->level = Level::Aggregate;
  x->builtin = b.id;
  x->nullable = false;
  if (!collect_) {
    bool ok = true;
    if (entity->level == Level::Aggregate) {
      auto& d = error(DiagCode::bad_argument, entity->range,
                      "the entity of `cohort_retention` must be a value of a row, not an aggregate", f);
      d.help = "name the column that identifies an entity, e.g. `cohort_retention(user_id, month(ts))`";
      ok = false;
    }
    bool is_bucket = bucket->kind == ExprKind::Call && builtin_info(bucket->builtin).kind == BuiltinKind::Bucket &&
                     bucket->level == Level::Row;
    if (!is_bucket && bucket->type != ValueType::Null) {
      auto& d = error(DiagCode::not_a_bucket, bucket->range,
                      "the second argument of `cohort_retention` must be a time bucket of a date or timestamp column",
                      f);
      d.help = "cut the time into the buckets cohorts and periods count, e.g. `month(ts)` or `week(signup_day)`";
      if (e.args.size() == 4)  // the k-days template that had this name
        d.help += "; the share still active k days after signup is std.retention's `retained_after_days`";
      ok = false;
    }
    for (const ExprPtr* cond : {&start, &active}) {
      if (!*cond) continue;
      const Expr& c = **cond;
      const char* what = cond == &start ? "START" : "ACTIVE";
      if (c.type != ValueType::Bool && c.type != ValueType::Null) {
        auto& d = error(DiagCode::not_boolean, c.range,
                        fmt::format("the {} condition of `cohort_retention` must be a boolean, got {}", what,
                                    type_name(c.type)),
                        f);
        d.help = "write a condition on the row, e.g. `event == \"signup\"`";
        ok = false;
      } else if (c.level == Level::Aggregate) {
        error(DiagCode::row_level_expected, c.range,
              fmt::format("the {} condition of `cohort_retention` is a condition on one row, not an aggregate", what), f);
        ok = false;
      }
    }
    if (!ok) return invalid(e.range);
  }
  // count() where COND: a group (entity, bucket) with a row where COND holds has a count above 0.
  auto count_where = [&](ExprPtr cond) {
    auto a = invalid(cond ? cond->range : e.range);
    a->kind = ExprKind::Aggregate;
    a->type = ValueType::Int;
    a->level = Level::Aggregate;
    a->builtin = Builtin::Count;
    a->nullable = false;
    a->filter = std::move(cond);
    return a;
  };
  x->args.push_back(count_where(std::move(start)));
  x->args.push_back(count_where(std::move(active)));
  x->args.push_back(std::move(entity));
  x->args.push_back(std::move(bucket));
  return x;
}

bool cohort_dimensions(Metric& m, size_t explicit_by, bool primary, Diagnostics& diags) {
  if (!m.expr || !contains(*m.expr, is_cohort)) return true;
  if (!is_cohort(*m.expr)) {
    const Expr* inner = m.expr.get();
    for (bool deeper = true; deeper && !is_cohort(*inner);) {
      deeper = false;
      for (const auto& a : inner->args)
        if (!deeper && contains(*a, is_cohort)) {
          inner = a.get();
          deeper = true;
        }
    }
    auto& d = diags.error(DiagCode::bad_cohort, inner->range,
                          "`cohort_retention` must be the whole value of a metric: its rows are a matrix of "
                          "cohorts and periods");
    d.help = "define it as a metric of its own, e.g. `retention = cohort_retention(user_id, month(ts))`";
    return false;
  }
  // Its other dimensions (`by`, `--by`) are read from each entity's starting row (engine/cohort.cc); the
  // first `explicit_by` are the metric's own `by`, the rest come from `--by`. A time bucket would split a
  // cohort across the periods it is measured over: KP0511 in `by`, left out with a note from `--by`.
  const Expr& bucket = *m.expr->args[3];
  std::vector<Dimension> dims;
  bool ok = true;
  for (size_t i = 0; i < m.dims.size(); ++i) {
    Dimension& d = m.dims[i];
    bool own = i < explicit_by;
    if (d.time_bucket || d.name == "cohort" || d.name == "period") {
      std::string why = d.time_bucket ? "a time bucket would split cohorts across their periods"
                                      : fmt::format("`{}` is a dimension of the matrix itself", d.name);
      if (own) {
        auto& diag = diags.error(DiagCode::bad_cohort, d.range,
                                 fmt::format("metric `{}` cannot have the dimension `{}`: {}", m.name, d.name, why));
        diag.help = d.time_bucket ? "the cohorts are already cut by the bucket of `cohort_retention`; split by a "
                                    "value of the starting row, e.g. `by region`"
                                  : "give it another name with `as`, e.g. `by plan as plan_name`";
        ok = false;
      } else if (primary) {
        Diagnostic note;
        note.severity = Severity::Note;
        note.code = DiagCode::dimension_skipped;
        note.message = fmt::format("metric `{}` is not split by `{}`: {}", m.name, d.name, why);
        diags.add(std::move(note));
      }
      continue;
    }
    dims.push_back(std::move(d));
  }
  if (!ok) return false;
  m.dims = std::move(dims);
  if (m.unit.empty()) m.unit = "percent";  // its values are shares of a cohort, unless @unit says otherwise
  Dimension cohort;
  cohort.name = "cohort";
  cohort.type = ValueType::Date;
  cohort.time_bucket = true;
  cohort.bucket = bucket.builtin;
  cohort.range = bucket.range;
  Dimension period;
  period.name = "period";
  period.type = ValueType::Int;
  period.range = m.expr->range;
  m.dims.push_back(std::move(cohort));
  m.dims.push_back(std::move(period));
  return true;
}

}  // namespace kpic::sema
