// lower_row_exprs, lower_metrics: the typed program's expressions as plan IR (ir.h). Row level: every
// pass's where, group keys, aggregate arguments and filters over column slots and kernel parameters
// (runs once slots are assigned). Aggregate level: metrics, pers and kernel parameters.
#include <algorithm>
#include <optional>

#include "compiler/plan/plan.h"

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
  RowLowering(const sema::Program& p, const Plan& plan, std::vector<std::string>& errors)
      : p_(p), plan_(plan), errors_(errors) {}

  Node lower(const Expr& e) {
    Node n;
    n.type = e.type;
    switch (e.kind) {
      case ExprKind::Literal: n.value = e.value; return n;
      case ExprKind::Column: {
        const auto& cols = plan_.source_columns[e.source];
        n.kind = NodeKind::Slot;
        n.index = static_cast<int>(std::find(cols.begin(), cols.end(), e.column) - cols.begin());
        n.type = p_.sources[e.source].schema.fields[e.column].type;
        return n;
      }
      case ExprKind::Lag: {
        auto it = plan_.lag_index.find(&e);
        if (it == plan_.lag_index.end()) break;
        n.kind = NodeKind::Slot;
        n.index = plan_.lags[it->second].slot;
        n.wide = true;
        n.type = e.args[0]->type;
        return n;
      }
      case ExprKind::MetricRef:
      case ExprKind::Aggregate: {
        auto it = std::find(plan_.param_order.begin(), plan_.param_order.end(), &e);
        if ((e.kind == ExprKind::Aggregate && !e.ungrouped) || it == plan_.param_order.end()) {
          errors_.push_back("an aggregate in a row-level position");
          return n;
        }
        n.kind = NodeKind::Param;
        n.index = static_cast<int>(it - plan_.param_order.begin());
        return n;
      }
      case ExprKind::Period: errors_.push_back("unsupported expression in a row-level position"); return n;
      default: break;
    }
    return lower_operator(e, *operator_kind(e.kind), [&](const Expr& x) { return lower(x); });
  }

 private:
  const sema::Program& p_;
  const Plan& plan_;
  std::vector<std::string>& errors_;
};

// Aggregate-level expressions: aggregates become AggResult (or PerResult) leaves.
class MetricLowering {
 public:
  MetricLowering(const Plan& plan, std::vector<PerOp>& pers) : plan_(plan), pers_(pers) {}

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
      case ExprKind::Column:
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
      auto it = plan_.pers.find(&e);
      if (it == plan_.pers.end()) return null_of(e.type);
      PerOp op;
      op.passes = it->second.passes;
      op.outer_dims = it->second.outer_dims;
      op.inner_dims = it->second.inner_dims;
      op.agg.builtin = e.builtin;
      op.agg.type = e.type;
      op.agg.count_rows = e.args.empty();
      if (e.builtin == sema::Builtin::Quantile && e.args.size() > 1) op.agg.q = as_number(e.args[1]->value);
      if (!e.args.empty()) op.inner = lower(*e.args[0]);
      n.kind = NodeKind::PerResult;
      n.index = static_cast<int>(pers_.size());
      n.builtin = e.builtin;
      pers_.push_back(std::move(op));
      return n;
    }
    const AggRef* ref = nullptr;
    if (auto a = plan_.aggs.find(&e); a != plan_.aggs.end()) ref = &a->second;
    else if (auto p = plan_.params.find(&e); p != plan_.params.end()) ref = &p->second;
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

  const Plan& plan_;
  std::vector<PerOp>& pers_;
};

}  // namespace

void lower_row_exprs(const sema::Program& p, Plan& plan, std::vector<std::string>& errors) {
  RowLowering low(p, plan, errors);
  for (Pass& pass : plan.passes) {
    for (const Expr* w : pass.wheres) pass.where_nodes.push_back(low.lower(*w));
    for (const Expr* k : pass.keys) pass.key_nodes.push_back(low.lower(*k));
    for (AggState& a : pass.aggs) {
      for (const auto& arg : a.expr->args) a.arg_nodes.push_back(low.lower(*arg));
      if (a.expr->filter) a.filter_nodes.push_back(low.lower(*a.expr->filter));
    }
  }
}

}  // namespace kpic::plan

namespace kpic::plan {

void lower_metrics(const sema::Program& p, Plan& plan, std::vector<std::string>&) {
  plan.metrics.clear();
  for (const sema::Metric& m : p.metrics) {
    MetricOp op;
    op.name = m.name;
    op.type = m.type;
    for (const auto& d : m.dims) op.dims.push_back({d.name, d.type, d.time_bucket, d.bucket});
    plan.metrics.push_back(std::move(op));
  }
  MetricLowering low(plan, plan.per_ops);
  for (int m : plan.metric_order) {
    plan.metrics[m].planned = true;
    plan.metrics[m].expr = low.lower(*p.metrics[m].expr);
  }
  for (const Expr* e : plan.param_order) plan.param_nodes.push_back(low.lower(*e));
}

}  // namespace kpic::plan
