// scan_plan, prune_terms: see scan_plan.h.
#include "compiler/engine/scan_plan.h"

#include <algorithm>
#include <optional>

namespace kpic::engine {
namespace {

std::optional<exec::PruneOp> prune_op(ast::Op op, bool flipped) {
  switch (op) {
    case ast::Op::Eq: return exec::PruneOp::Eq;
    case ast::Op::Ne: return exec::PruneOp::Ne;
    case ast::Op::Lt: return flipped ? exec::PruneOp::Gt : exec::PruneOp::Lt;
    case ast::Op::Le: return flipped ? exec::PruneOp::Ge : exec::PruneOp::Le;
    case ast::Op::Gt: return flipped ? exec::PruneOp::Lt : exec::PruneOp::Gt;
    case ast::Op::Ge: return flipped ? exec::PruneOp::Le : exec::PruneOp::Ge;
    default: return std::nullopt;
  }
}

// The terms a row passing `e` satisfies (a conjunction); what cannot be expressed adds nothing.
void add_terms(const plan::PlanSource& src, const plan::Node& e, std::vector<exec::PruneTerm>& out) {
  using plan::NodeKind;
  if (e.kind == NodeKind::Binary && e.op == ast::Op::And) {
    add_terms(src, e.args[0], out);
    add_terms(src, e.args[1], out);
    return;
  }
  auto column_of = [&](const plan::Node& n) {  // the schema index a narrow slot reads, or -1
    return n.kind == NodeKind::Slot && !n.wide && n.index < static_cast<int>(src.columns.size()) ? src.columns[n.index]
                                                                                                 : -1;
  };
  if (e.kind == NodeKind::Binary && e.op == ast::Op::Or) {
    // A row passing `a or b` satisfies the terms of a or those of b: a chunk both exclude is skipped.
    exec::PruneTerm any{-1, exec::PruneOp::Any, {}, {}};
    for (const plan::Node& side : e.args) {
      std::vector<exec::PruneTerm> alt;
      add_terms(src, side, alt);
      if (alt.empty()) return;  // that side may hold anywhere
      any.any.push_back(std::move(alt));
    }
    out.push_back(std::move(any));
    return;
  }
  if (e.kind == NodeKind::Binary) {
    const plan::Node& a = e.args[0];
    const plan::Node& b = e.args[1];
    bool flipped = column_of(b) >= 0 && a.kind == NodeKind::Literal;
    if (!flipped && !(column_of(a) >= 0 && b.kind == NodeKind::Literal)) return;
    auto op = prune_op(e.op, flipped);
    if (!op) return;
    out.push_back({column_of(flipped ? b : a), *op, {(flipped ? a : b).value}, {}});
  } else if (e.kind == NodeKind::In && column_of(e.args[0]) >= 0) {
    out.push_back({column_of(e.args[0]), e.negated ? exec::PruneOp::Ne : exec::PruneOp::Eq, e.values, {}});
  } else if (e.kind == NodeKind::IsNull && column_of(e.args[0]) >= 0) {
    out.push_back({column_of(e.args[0]), e.negated ? exec::PruneOp::NotNull : exec::PruneOp::IsNull, {}, {}});
  } else if (e.type == ValueType::Bool && column_of(e) >= 0) {  // `where flag`
    out.push_back({column_of(e), exec::PruneOp::Eq, {Value::of_bool(true)}, {}});
  } else if (e.kind == NodeKind::Unary && e.op == ast::Op::Not && e.args[0].type == ValueType::Bool &&
             column_of(e.args[0]) >= 0) {  // `where not flag`
    out.push_back({column_of(e.args[0]), exec::PruneOp::Eq, {Value::of_bool(false)}, {}});
  }
}

}  // namespace

std::vector<exec::PruneTerm> prune_terms(const plan::Plan& plan, const plan::Pass& pass) {
  std::vector<exec::PruneTerm> out;
  for (const plan::Node& w : pass.wheres) add_terms(plan.sources[pass.source], w, out);
  return out;
}

namespace {

// Whether `n` reads only aggregates of pass `pass` at the current group, literals and scalar operations.
bool reads_only_pass(const plan::Node& n, int pass) {
  using plan::NodeKind;
  if (n.kind == NodeKind::AggResult && n.pass != pass) return false;
  if (n.kind == NodeKind::PerResult || n.kind == NodeKind::Metric || n.kind == NodeKind::Period ||
      n.kind == NodeKind::Param || n.kind == NodeKind::Slot)
    return false;
  return std::all_of(n.args.begin(), n.args.end(), [&](const plan::Node& a) { return reads_only_pass(a, pass); });
}

void count_pass_reads(const plan::Node& n, std::vector<int>& reads) {
  if (n.kind == plan::NodeKind::AggResult && n.pass >= 0) ++reads[static_cast<size_t>(n.pass)];
  for (const plan::Node& a : n.args) count_pass_reads(a, reads);
}

}  // namespace

std::vector<bool> streamed_passes(const plan::Plan& plan) {
  // Reads of each pass's aggregates outside the `per`s that could take its groups part by part.
  std::vector<int> other(plan.passes.size(), 0);
  std::vector<bool> fed(plan.passes.size(), false);
  for (const auto& m : plan.metrics) {
    count_pass_reads(m.expr, other);
    for (const auto& in : m.inputs)
      if (in.kind != plan::JoinInput::Per && in.index >= 0 && static_cast<size_t>(in.index) < other.size() &&
          in.kind != plan::JoinInput::Metric)
        ++other[static_cast<size_t>(in.index)];
  }
  for (const auto& param : plan.params) count_pass_reads(param, other);
  for (const auto& per : plan.pers) {
    bool walks = per.passes.size() == 1 &&
                 static_cast<int>(plan.passes[static_cast<size_t>(per.passes[0])].keys.size()) == per.inner_dims &&
                 reads_only_pass(per.inner, per.passes[0]);
    if (walks) fed[static_cast<size_t>(per.passes[0])] = true;
    else {
      count_pass_reads(per.inner, other);
      for (int p : per.passes) ++other[static_cast<size_t>(p)];
    }
  }
  std::vector<bool> out(plan.passes.size(), false);
  for (size_t p = 0; p < out.size(); ++p) out[p] = fed[p] && other[p] == 0;
  return out;
}

exec::ScanPlan scan_plan(const sema::Program& p, const plan::Plan& plan) {
  exec::ScanPlan sp;
  for (size_t s = 0; s < p.sources.size(); ++s) {
    exec::ScanSource src;
    src.name = p.sources[s].name;
    src.schema = p.sources[s].schema;
    if (s < plan.sources.size()) {
      src.columns = plan.sources[s].columns;
      src.slots = plan.sources[s].slots;
    }
    sp.sources.push_back(std::move(src));
  }
  // Passes whose whole states are read after the scan (trailing windows combine daily states, a cohort
  // reads its groups' first times): never split by the memory limit.
  std::vector<bool> needs_whole(plan.passes.size(), false);
  auto mark = [&](const plan::Node& n, auto&& self) -> void {
    if (n.kind == plan::NodeKind::Period &&
        (n.builtin == lang::Builtin::Trailing || n.builtin == lang::Builtin::CohortRetention))
      for (const plan::Node& a : n.args)
        if (a.kind == plan::NodeKind::AggResult && a.pass >= 0) needs_whole[static_cast<size_t>(a.pass)] = true;
    for (const plan::Node& a : n.args) self(a, self);
  };
  for (const auto& m : plan.metrics) mark(m.expr, mark);
  for (const auto& per : plan.pers) mark(per.inner, mark);
  const std::vector<bool> streamed = streamed_passes(plan);
  for (const plan::Pass& pass : plan.passes) {
    exec::ScanPass x;
    x.id = pass.id;
    x.stage = pass.stage;
    x.source = pass.source;
    x.layout.keys = static_cast<int>(pass.keys.size());
    x.layout.state_bytes = pass.state_bytes;
    x.layout.key_types = pass.key_types;
    x.layout.aggs.assign(pass.aggs.begin(), pass.aggs.end());
    x.prune = prune_terms(plan, pass);
    x.metrics = pass.metrics;
    // A funnel's sets are resolved across groups and stay in the part's state: never reduced or split.
    x.reducible = !needs_whole[static_cast<size_t>(pass.id)] &&
                  std::none_of(pass.aggs.begin(), pass.aggs.end(),
                               [](const plan::AggState& a) { return a.kind == exec::StateKind::Funnel; });
    x.splittable = !pass.keys.empty() && x.reducible;
    x.streamed = x.splittable && streamed[static_cast<size_t>(pass.id)];
    x.value_split = pass.keys.empty() && x.reducible &&
                    std::any_of(pass.aggs.begin(), pass.aggs.end(),
                                [](const plan::AggState& a) { return a.kind == exec::StateKind::Distinct; });
    sp.passes.push_back(std::move(x));
  }
  for (const plan::Lag& l : plan.lags) sp.lags.push_back({l.source, l.slot, l.value_col, l.key_col, l.order_col});
  for (const plan::Lookup& l : plan.lookups) {
    exec::ScanLookup x{l.source, l.slot, {}, l.value_col};
    for (const plan::LookupHop& h : l.hops) x.hops.push_back({h.from, h.column, h.to, h.key});
    sp.lookups.push_back(std::move(x));
  }
  return sp;
}

}  // namespace kpic::engine
