// `funnel(ENTITY, TIME, WINDOW, STEP1, ..., STEPn)`: the entities that reached the last step in order
// within WINDOW of their first STEP1 row. Checked here into an Aggregate whose args are the entity, the
// time, the window in microseconds (an Int literal) and the steps; planned as a funnel state of the
// metric's pass (runtime/exec/funnel.h), resolved across its groups after the scan.
#include <fmt/format.h>

#include "compiler/sema/calendar.h"
#include "compiler/sema/expr_checker.h"
#include "compiler/sema/type_rules.h"

namespace kpic::sema {

ExprPtr ExprChecker::check_funnel(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f) {
  has_aggregate = true;
  if (!e.per.empty()) {
    error(DiagCode::bad_per, e.per[0]->range, "`funnel` cannot be used with `per`", f);
    return invalid(e.range);
  }
  auto x = invalid(e.range);  // a fresh node, made the funnel aggregate here
  x->kind = ExprKind::Aggregate;
  x->type = ValueType::Int;
  x->level = c.row ? Level::Row : Level::Aggregate;
  x->nullable = false;
  x->builtin = b.id;
  x->ungrouped = c.row;
  Ctx row{true, c.in_per};
  auto entity = check(*e.args[0], row, f);
  auto time = check(*e.args[1], row, f);
  std::vector<ExprPtr> steps;
  for (size_t i = 3; i < e.args.size(); ++i) steps.push_back(check(*e.args[i], row, f));
  ExprPtr filter;
  if (e.filter) filter = check(*e.filter, row, f);
  if (collect_) {
    x->args.push_back(std::move(entity));
    x->args.push_back(std::move(time));
    for (auto& s : steps) x->args.push_back(std::move(s));
    return x;
  }
  bool ok = true;
  auto row_value = [&](const Expr& a, const char* what) {
    if (a.level == Level::Aggregate) {
      error(DiagCode::nested_aggregate, a.range, fmt::format("the {} of `funnel` must be a value of each row", what), f);
      ok = false;
    }
  };
  row_value(*entity, "entity");
  row_value(*time, "time");
  if (entity->type != ValueType::Int && entity->type != ValueType::String && entity->type != ValueType::Null) {
    auto& d = error(DiagCode::type_mismatch, entity->range,
                    fmt::format("the entity of `funnel` must be an integer or a string (an id), not {}",
                                type_name(entity->type)),
                    f);
    d.help = "name the column that identifies whom the funnel follows, e.g. `funnel(user_id, ts, 14 days, ...)`";
    ok = false;
  }
  if (!is_temporal_or_null(time->type)) {
    auto& d = error(DiagCode::not_temporal, time->range,
                    fmt::format("the time of `funnel` must be a date or a timestamp, not {}", type_name(time->type)), f);
    d.help = "the steps are ordered by it, e.g. `funnel(user_id, ts, 14 days, ...)`";
    ok = false;
  }
  const Frame* wf = f;  // errors keep `f`: the template chain leads the reader to the argument
  const ast::Expr& w = literal_argument(*e.args[2], wf);
  std::optional<int64_t> window;
  if (w.kind == ast::ExprKind::DurationLit) window = duration_us(w);
  if (w.kind != ast::ExprKind::DurationLit) {
    auto& d = error(DiagCode::bad_argument, w.range, "the window of `funnel` must be a duration", f);
    d.help = "write it as a count and a unit, e.g. `funnel(user_id, ts, 14 days, event == \"signup\", ...)`";
    ok = false;
  } else if (!window) {
    error(DiagCode::bad_argument, w.range, fmt::format("the window `{}` is too long", w.text), f);
    ok = false;
  }
  if (steps.empty()) {
    auto& d = error(DiagCode::wrong_arity, e.range, "`funnel` needs at least one step after its window", f);
    d.help = "e.g. `funnel(user_id, ts, 14 days, event == \"signup\", event == \"purchase\")`";
    ok = false;
  }
  for (const auto& s : steps) {
    bool boolean = s->type == ValueType::Bool || s->type == ValueType::Null;
    require_type(*s, boolean, DiagCode::not_boolean, "a step of `funnel` must be a condition (a boolean)", f);
    ok = ok && boolean;
    row_value(*s, "step");
  }
  if (filter)
    require_type(*filter, filter->type == ValueType::Bool || filter->type == ValueType::Null, DiagCode::not_boolean,
                 "the `where` of an aggregate must be a boolean", f);
  if (!ok) return invalid(e.range);
  auto n = invalid(w.range);
  n->type = ValueType::Int;
  n->value = Value::of_int(*window);
  n->nullable = false;
  x->args.push_back(std::move(entity));
  x->args.push_back(std::move(time));
  x->args.push_back(std::move(n));
  for (auto& s : steps) x->args.push_back(std::move(s));
  x->filter = std::move(filter);
  return x;
}

}  // namespace kpic::sema
