// `trailing(AGG, WINDOW)`: the aggregate over the WINDOW ending where each bucket of the metric's time
// dimension ends. Checked here; planned as a pass grouped by day (plan/planner.cc, add_trailing) whose
// daily states the engine combines per bucket (engine/trailing.cc).
#include <fmt/format.h>

#include "compiler/sema/expr_checker.h"

namespace kpic::sema {

namespace {

// Bounds the days a window spans (the engine visits each day of a window once per bucket).
constexpr int64_t kMaxTrailingDays = 100000;

// The days of a duration `N unit`, or -1 when it is not a whole number of days.
int64_t whole_days(int64_t n, const std::string& unit) {
  int64_t per_day = unit == "seconds" ? 86400 : unit == "minutes" ? 1440 : unit == "hours" ? 24 : 1;
  if (unit == "weeks") return n > kMaxTrailingDays ? kMaxTrailingDays + 1 : n * 7;
  return n % per_day == 0 ? n / per_day : -1;
}

}  // namespace

ExprPtr ExprChecker::check_trailing(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f) {
  auto a = check(*e.args[0], c, f);
  auto x = invalid(e.range);  // a fresh node, made a Period here
  x->kind = ExprKind::Period;
  x->type = a->type == ValueType::Null ? ValueType::Float : a->type;
  x->level = Level::Aggregate;
  x->builtin = b.id;
  x->time_dim = time_dim_;
  x->nullable = a->nullable;
  bool ok = true;
  if (!collect_) {
    bool row_args = true;
    for (const auto& arg : a->args) row_args = row_args && arg->level != Level::Aggregate;
    if (a->kind == ExprKind::Aggregate && a->builtin == Builtin::Funnel) {
      error(DiagCode::bad_argument, a->range, "a `funnel` cannot be a `trailing` window's aggregate", f)
          .help = "an entity's funnel runs over all its rows: group the funnel by the time bucket its entities start in";
      ok = false;
    } else if (a->kind != ExprKind::Aggregate || a->ungrouped || !a->per.empty() || !row_args) {
      if (a->type != ValueType::Null) {
        auto& d = error(DiagCode::bad_argument, a->range,
                        "the first argument of `trailing` must be one aggregate of the rows", f);
        d.help = "write the aggregate in place, e.g. `trailing(count_distinct(user_id), 7 days)`: its state per day "
                 "is what the window combines";
      }
      ok = false;
    }
    const Frame* wf = f;  // errors keep `f`: the template chain leads the reader to the argument
    const ast::Expr& w = literal_argument(*e.args[1], wf);
    int64_t days = w.kind == ast::ExprKind::DurationLit ? whole_days(w.int_value, w.name) : 0;
    if (w.kind != ast::ExprKind::DurationLit) {
      auto& d = error(DiagCode::bad_argument, w.range, "the window of `trailing` must be a duration", f);
      d.help = "write it as a count and a unit, e.g. `trailing(count_distinct(user_id), 7 days)`";
      ok = false;
    } else if (days <= 0 || days > kMaxTrailingDays) {
      auto& d = error(DiagCode::bad_argument, w.range,
                      days == 0 ? fmt::format("the window of `trailing` must be at least one day, not `{}`", w.text)
                      : days < 0 ? fmt::format("the window of `trailing` must be a whole number of days, not `{}`", w.text)
                                 : fmt::format("the window of `trailing` is at most {} days", kMaxTrailingDays),
                      f);
      d.help = "buckets are days or longer, so the window is counted in days or weeks, e.g. `7 days`, `4 weeks`";
      ok = false;
    }
    if (time_dim_ < 0) {
      auto& d = error(DiagCode::needs_time_bucket, e.range,
                      "`trailing` needs a time bucket among the metric's dimensions", f);
      d.help = "group the metric by the buckets its windows end on, e.g. `by day(ts)`";
      ok = false;
    }
    if (!ok) return invalid(e.range);
    auto n = invalid(w.range);
    n->type = ValueType::Int;
    n->value = Value::of_int(days);
    n->nullable = false;
    x->args.push_back(std::move(a));
    x->args.push_back(std::move(n));
    return x;
  }
  x->args.push_back(std::move(a));
  return x;
}

}  // namespace kpic::sema
