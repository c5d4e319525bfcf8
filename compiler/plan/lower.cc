// lower_row_exprs, lower_metrics: the typed program's expressions as plan IR (ir.h). Row level: every
// pass's where, group keys, aggregate arguments and filters over column slots and kernel parameters
// (runs once slots are assigned). Aggregate level: metrics, pers and kernel parameters.
#include <algorithm>
#include <optional>

#include "compiler/plan/plan.h"
#include "compiler/plan/planning.h"
#include "runtime/base/check.h"

namespace kpic::plan {
namespace {

using sema::Expr;
using sema::ExprKind;

// Operators and calls lower alike at both levels: the node keeps the operator and lowers its arguments.
std::optional<NodeKind> operator_kind(ExprKind k) {
  switch (k) {
    case ExprKind::Unary: return NodeKind::Unary;
    case ExprKind::Binary: return NodeKind::Binary;
    case ExprKind::If: return NodeKind::If;
    case ExprKind::In: return NodeKind::In;
    case ExprKind::IsNull: return NodeKind::IsNull;
    case ExprKind::Call: return NodeKind::Call;
    case ExprKind::Period: return NodeKind::Period;
    default: return std::nullopt;
  }
}

template <typename Lower>
Node lower_operator(const Expr& e, NodeKind kind, Lower&& lower) {
  Node n;
  n.kind = kind;
  n.type = e.type;
  n.op = e.op;
  n.negated = e.negated;
  n.builtin = e.builtin;
  n.values = e.values;
  if (kind == NodeKind::Period) n.index = e.time_dim;
  for (const auto& a : e.args) n.args.push_back(lower(*a));
  return n;
}

class RowLowering {
 public:
  RowLowering(const sema::Program& p, const Planning& t, const Plan& plan) : p_(p), t_(t), plan_(plan) {}

  Node lower(const Expr& e) {
    Node n;
    n.type = e.type;
    switch (e.kind) {
      case ExprKind::Literal: n.value = e.value; return n;
      case ExprKind::Column: {
        const auto& cols = plan_.sources[e.source].columns;
        n.kind = NodeKind::Slot;
        n.index = static_cast<int>(std::find(cols.begin(), cols.end(), e.column) - cols.begin());
        n.type = p_.sources[e.source].schema.fields[e.column].type;
        return n;
      }
      case ExprKind::Lag: {
        auto it = t_.lag_index.find(&e);
        if (it == t_.lag_index.end()) break;
        n.kind = NodeKind::Slot;
        n.index = plan_.lags[it->second].slot;
        n.wide = true;
        n.type = e.args[0]->type;
        return n;
      }
      case ExprKind::Lookup: {
        auto it = t_.lookup_index.find(&e);
        KPIC_CHECK(it != t_.lookup_index.end(), "a lookup column the planner did not see");
        n.kind = NodeKind::Slot;
        n.index = plan_.lookups[it->second].slot;
        n.wide = true;
        return n;
      }
      case ExprKind::MetricRef:
      case ExprKind::Aggregate: {
        auto it = std::find(t_.param_order.begin(), t_.param_order.end(), &e);
        KPIC_CHECK(!(e.kind == ExprKind::Aggregate && !e.ungrouped) && it != t_.param_order.end(),
                   "an aggregate in a row-level position");
        n.kind = NodeKind::Param;
        n.index = static_cast<int>(it - t_.param_order.begin());
        return n;
      }
      case ExprKind::Period: KPIC_UNREACHABLE("a period function in a row-level position");
      default: break;
    }
    return lower_operator(e, *operator_kind(e.kind), [&](const Expr& x) { return lower(x); });
  }

 private:
  const sema::Program& p_;
  const Planning& t_;
  const Plan& plan_;
};

// Aggregate-level expressions: aggregates become AggResult (or PerResult) leaves.
class MetricLowering {
 public:
  MetricLowering(const Planning& t, std::vector<PerOp>& pers) : t_(t), pers_(pers) {}

  Node lower(const Expr& e) {
    Node n;
    n.type = e.type;
    switch (e.kind) {
      case ExprKind::Literal: n.value = e.value; return n;
      case ExprKind::MetricRef:
        n.kind = NodeKind::Metric;
        n.index = e.metric;
        return n;
      case ExprKind::Aggregate: return lower_aggregate(e);
      case ExprKind::Period:
        if (e.builtin == sema::Builtin::CohortRetention) {  // its two counts; entity and bucket are pass keys
          n.kind = NodeKind::Period;
          n.builtin = e.builtin;
          for (int i = 0; i < 2; ++i) n.args.push_back(lower(*e.args.at(i)));
          auto first = t_.cohort_first.find(&e);  // with `by`: the time of each group's first START row
          if (first != t_.cohort_first.end()) n.args.push_back(lower(*first->second));
          return n;
        }
        break;
      case ExprKind::Column:
      case ExprKind::Lookup:
      case ExprKind::Lag: n.value = Value::null(e.type); return n;  // not at aggregate level
      default: break;
    }
    return lower_operator(e, *operator_kind(e.kind), [&](const Expr& x) { return lower(x); });
  }

 private:
  Node lower_aggregate(const Expr& e) {
    Node n;
    n.type = e.type;
    if (!e.per.empty()) {
      auto it = t_.pers.find(&e);
      if (it == t_.pers.end()) return null_of(e.type);
      PerOp op;
      op.passes = it->second.passes;
      op.outer_dims = it->second.outer_dims;
      op.inner_dims = it->second.inner_dims;
      op.agg.builtin = e.builtin;
      op.agg.type = e.type;
      op.agg.count_rows = e.args.empty();
      if (sema::quantile_argument(e.builtin) && e.args.size() > 1) op.agg.q = as_number(e.args[1]->value);
      if (!e.args.empty()) op.inner = lower(*e.args[0]);
      n.kind = NodeKind::PerResult;
      n.index = static_cast<int>(pers_.size());
      n.builtin = e.builtin;
      pers_.push_back(std::move(op));
      return n;
    }
    const AggRef* ref = nullptr;
    if (auto a = t_.aggs.find(&e); a != t_.aggs.end()) ref = &a->second;
    else if (auto p = t_.params.find(&e); p != t_.params.end()) ref = &p->second;
    if (ref) {
      n.kind = NodeKind::AggResult;
      n.pass = ref->pass;
      n.index = ref->agg;
      return n;
    }
    if (e.builtin == sema::Builtin::Ratio && e.args.size() == 2) {  // a ratio of two aggregate-level values
      return lower_operator(e, NodeKind::Call, [&](const Expr& x) { return lower(x); });
    }
    return null_of(e.type);
  }

  static Node null_of(ValueType t) {
    Node n;
    n.type = t;
    n.value = Value::null(t);
    return n;
  }
  static double as_number(const Value& v) { return v.type == ValueType::Float ? v.f : static_cast<double>(v.i); }

  const Planning& t_;
  std::vector<PerOp>& pers_;
};

}  // namespace

void lower_row_exprs(const sema::Program& p, const Planning& t, Plan& plan) {
  RowLowering low(p, t, plan);
  for (Pass& pass : plan.passes) {
    for (const Expr* w : t.pass_wheres[pass.id]) pass.wheres.push_back(low.lower(*w));
    for (const Expr* k : t.pass_keys[pass.id]) pass.keys.push_back(low.lower(*k));
    for (size_t a = 0; a < pass.aggs.size(); ++a) {
      const Expr& e = *t.agg_exprs[pass.id][a];
      for (const auto& arg : e.args) pass.aggs[a].args.push_back(low.lower(*arg));
      if (e.filter) pass.aggs[a].filter.push_back(low.lower(*e.filter));
    }
  }
}

// The groupings `e` reads (see JoinInput), added to `metric.inputs` once each.
static void join_inputs(const Plan& plan, const Node& e, MetricOp& metric) {
  JoinInput in;
  switch (e.kind) {
    case NodeKind::AggResult:
      in.kind = JoinInput::Pass;
      in.index = e.pass;
      in.broadcast = plan.passes[e.pass].keys.empty();  // an ungrouped pass (stage 0 or a metric without dims)
      break;
    case NodeKind::PerResult: in.kind = JoinInput::Per; in.index = e.index; break;
    case NodeKind::Period:
      if (e.builtin == lang::Builtin::CohortRetention && !e.args.empty() && e.args[0].kind == NodeKind::AggResult) {
        in.kind = JoinInput::Cohort;
        in.index = e.args[0].pass;
        break;
      }
      if (e.builtin != lang::Builtin::Trailing || e.args.empty() || e.args[0].kind != NodeKind::AggResult) {
        for (const Node& a : e.args) join_inputs(plan, a, metric);
        return;
      }
      in.kind = JoinInput::Trailing;
      in.index = e.args[0].pass;
      in.time_dim = e.index;
      break;
    case NodeKind::Metric:
      in.kind = JoinInput::Metric;
      in.index = e.index;
      in.broadcast = plan.metrics[e.index].dims.empty() || plan.metrics[e.index].dims.size() != metric.dims.size();
      break;
    default:
      for (const Node& a : e.args) join_inputs(plan, a, metric);
      return;
  }
  for (const JoinInput& j : metric.inputs)
    if (j.kind == in.kind && j.index == in.index) return;
  metric.inputs.push_back(in);
}

void lower_metrics(const sema::Program& p, const Planning& t, Plan& plan) {
  plan.metrics.clear();
  for (const sema::Metric& m : p.metrics) {
    MetricOp op;
    op.name = m.name;
    op.type = m.type;
    for (const auto& d : m.dims) op.dims.push_back({d.name, d.type, d.time_bucket, d.bucket});
    plan.metrics.push_back(std::move(op));
  }
  MetricLowering low(t, plan.pers);
  for (int m : plan.metric_order) {
    plan.metrics[m].planned = true;
    plan.metrics[m].expr = low.lower(*p.metrics[m].expr);
  }
  for (const Expr* e : t.param_order) plan.params.push_back(low.lower(*e));
  for (int m : plan.metric_order) join_inputs(plan, plan.metrics[m].expr, plan.metrics[m]);
}

}  // namespace kpic::plan
