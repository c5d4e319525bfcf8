// scan_plan, prune_terms: see scan_plan.h.
#include "compiler/engine/scan_plan.h"

#include <optional>

namespace kpic::engine {
namespace {

using sema::Expr;
using sema::ExprKind;

std::optional<exec::PruneOp> prune_op(ast::Op op, bool flipped) {
  switch (op) {
    case ast::Op::Eq: return exec::PruneOp::Eq;
    case ast::Op::Lt: return flipped ? exec::PruneOp::Gt : exec::PruneOp::Lt;
    case ast::Op::Le: return flipped ? exec::PruneOp::Ge : exec::PruneOp::Le;
    case ast::Op::Gt: return flipped ? exec::PruneOp::Lt : exec::PruneOp::Gt;
    case ast::Op::Ge: return flipped ? exec::PruneOp::Le : exec::PruneOp::Ge;
    default: return std::nullopt;
  }
}

void add_terms(const Expr& e, std::vector<exec::PruneTerm>& out) {
  if (e.kind == ExprKind::Binary && e.op == ast::Op::And) {
    add_terms(*e.args[0], out);
    add_terms(*e.args[1], out);
    return;
  }
  if (e.kind == ExprKind::Binary) {
    const Expr& a = *e.args[0];
    const Expr& b = *e.args[1];
    bool flipped = b.kind == ExprKind::Column && a.kind == ExprKind::Literal;
    if (!flipped && !(a.kind == ExprKind::Column && b.kind == ExprKind::Literal)) return;
    auto op = prune_op(e.op, flipped);
    if (!op) return;
    const Expr& column = flipped ? b : a;
    out.push_back({column.column, *op, {(flipped ? a : b).value}});
  } else if (e.kind == ExprKind::In && !e.negated && e.args[0]->kind == ExprKind::Column) {
    out.push_back({e.args[0]->column, exec::PruneOp::Eq, e.values});
  }
}

}  // namespace

std::vector<exec::PruneTerm> prune_terms(const plan::Pass& pass) {
  std::vector<exec::PruneTerm> out;
  for (const Expr* w : pass.wheres) add_terms(*w, out);
  return out;
}

exec::ScanPlan scan_plan(const sema::Program& p, const plan::Plan& plan) {
  exec::ScanPlan sp;
  for (size_t s = 0; s < p.sources.size(); ++s) {
    exec::ScanSource src;
    src.name = p.sources[s].name;
    src.schema = p.sources[s].schema;
    if (s < plan.source_columns.size()) src.columns = plan.source_columns[s];
    if (s < plan.source_slots.size()) src.slots = plan.source_slots[s];
    sp.sources.push_back(std::move(src));
  }
  for (const plan::Pass& pass : plan.passes) {
    exec::ScanPass x;
    x.id = pass.id;
    x.stage = pass.stage;
    x.source = pass.source;
    x.layout.keys = static_cast<int>(pass.keys.size());
    x.layout.state_bytes = pass.state_bytes;
    x.layout.aggs.assign(pass.aggs.begin(), pass.aggs.end());
    x.prune = prune_terms(pass);
    x.metrics = pass.metrics;
    sp.passes.push_back(std::move(x));
  }
  for (const plan::LagSpec& l : plan.lags) sp.lags.push_back({l.source, l.slot, l.value_col, l.key_col, l.order_col});
  return sp;
}

}  // namespace kpic::engine
