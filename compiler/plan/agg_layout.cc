// agg_layout: an aggregate builtin's runtime state, from how it reduces (builtins.def's `reduce`).
#include "compiler/plan/ir.h"
#include "runtime/base/check.h"

namespace kpic::plan {

exec::AggLayout agg_layout(Builtin b, int args, ValueType arg_type, double q) {
  exec::AggLayout a;
  a.arg_type = arg_type;
  switch (lang::reduce_of(b)) {
    case Reduce::Count: a.kind = args == 0 ? StateKind::CountStar : StateKind::Count; break;
    case Reduce::Distinct: a.kind = StateKind::Distinct; break;
    case Reduce::ApproxDistinct: a.kind = StateKind::Hll; break;
    case Reduce::Sum: a.kind = arg_type == ValueType::Float ? StateKind::SumFloat : StateKind::SumInt; break;
    case Reduce::Mean:
      a.kind = StateKind::SumFloat;
      a.average = true;
      break;
    case Reduce::Min:
    case Reduce::Max:
      a.kind = StateKind::MinMax;
      a.is_max = lang::reduce_of(b) == Reduce::Max;
      break;
    case Reduce::Quantile:
      a.kind = StateKind::Values;
      a.q = q;
      break;
    case Reduce::Pct: a.kind = StateKind::Pct; break;
    case Reduce::Ratio: a.kind = StateKind::Ratio; break;
    case Reduce::Funnel:  // args: entity, time, window, steps (the planner sets the window)
      a.kind = StateKind::Funnel;
      a.funnel_steps = a.funnel_report = args - 3;
      break;
    case Reduce::None: KPIC_UNREACHABLE("`", lang::builtin_info(b).name, "` is no aggregate");
  }
  return a;
}

}  // namespace kpic::plan
