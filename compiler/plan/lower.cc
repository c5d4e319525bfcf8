// lower_row_exprs: the row-level expressions of every pass (where, group keys, aggregate arguments and
// filters) as IR nodes over column slots and kernel parameters (ir.h). Runs once slots are assigned.
#include <algorithm>

#include "compiler/plan/plan.h"

namespace kpic::plan {
namespace {

using sema::Expr;
using sema::ExprKind;

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
      case ExprKind::Unary: n.kind = NodeKind::Unary; break;
      case ExprKind::Binary: n.kind = NodeKind::Binary; break;
      case ExprKind::If: n.kind = NodeKind::If; break;
      case ExprKind::In: n.kind = NodeKind::In; break;
      case ExprKind::IsNull: n.kind = NodeKind::IsNull; break;
      case ExprKind::Call: n.kind = NodeKind::Call; break;
      case ExprKind::Period: errors_.push_back("unsupported expression in a row-level position"); return n;
    }
    n.op = e.op;
    n.negated = e.negated;
    n.builtin = e.builtin;
    n.values = e.values;
    for (const auto& a : e.args) n.args.push_back(lower(*a));
    return n;
  }

 private:
  const sema::Program& p_;
  const Plan& plan_;
  std::vector<std::string>& errors_;
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
