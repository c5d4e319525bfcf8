// The plan: how a typed Program is evaluated. compiler/plan builds it; compiler/codegen turns every pass
// into one fused kernel; runtime/exec runs the kernels over the sources and evaluates the post-aggregate
// steps (composition, `per`, period functions) with the plan's lookup tables.
//
// A Pass scans one source with one grouping and one metric-level `where`: every aggregate of every metric
// that shares those is one AggState of the pass, updated by the same kernel loop. Passes of stage 0 compute
// values that later passes read as constants (ungrouped aggregates used inside row expressions); `lag`
// columns are computed between stage 0 and stage 1 (LagSpec) and read by kernels as extra columns.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/plan/ir.h"
#include "compiler/sema/program.h"
#include "runtime/exec/state_layout.h"

namespace kpic::plan {

// How an aggregate's state is kept: the runtime's layouts (runtime/exec/kernel_abi.h).
using exec::StateKind;
using exec::state_size;

// An aggregate state of a pass: its layout (kind, offset, how it finalises) and what it aggregates.
struct AggState : exec::AggLayout {
  const sema::Expr* expr = nullptr;  // the Aggregate node (args, filter)
  sema::Builtin builtin = sema::Builtin::Count;
  std::string text;                  // canonical text (identical aggregates are shared)
  std::vector<Node> arg_nodes;       // the row-level arguments (none for count(*))
  std::vector<Node> filter_nodes;    // the inner `where` (Bool), when there is one
};

struct Pass {
  int id = 0;
  int stage = 1;  // 0: ungrouped aggregates used in rows; >1 when it reads ungrouped metrics as values
  int source = -1;
  std::vector<int> after_metrics;       // metrics whose values its rows read (they run in earlier stages)
  std::vector<const sema::Expr*> keys;  // group key expressions (the metric's dims, then `per` keys)
  std::vector<ValueType> key_types;
  std::vector<std::string> key_names;
  std::vector<const sema::Expr*> wheres;  // conjuncts of the metric-level where (Row level)
  std::vector<Node> key_nodes;    // keys as IR (same order)
  std::vector<Node> where_nodes;  // wheres as IR (same order)
  std::vector<AggState> aggs;
  int state_bytes = 0;
  std::vector<std::string> metrics;     // names of the metrics that use this pass (explain)
  std::string text;                     // canonical text: identifies the pass (merging, cache key)
};

// A lag(e, KEY, ORDER) expression: computed per source before stage 1 by reading the value, key and
// order columns (each must be a column) and sorting rows by (key, order, position); kernels read it
// as column `slot` of the source's column list.
struct LagSpec {
  const sema::Expr* expr = nullptr;
  int source = -1;
  int slot = 0;
  int value_col = -1, key_col = -1, order_col = -1;  // schema indices
};

// Where a post-aggregate expression finds an aggregate's value.
struct AggRef {
  int pass = -1;
  int agg = -1;
};

// A nested `AGG(INNER per KEY)`: INNER is evaluated once per distinct key tuple of length `inner_dims`
// (the metric's dims, the keys of enclosing `per`s, then this one's keys) found among the groups of
// `passes`, then reduced by AGG per prefix of length `outer_dims`. `per` may nest.
struct PerRef {
  std::vector<int> passes;
  int outer_dims = 0;
  int inner_dims = 0;
};

struct Plan {
  std::vector<Pass> passes;
  std::vector<LagSpec> lags;
  std::map<const sema::Expr*, int> lag_index;  // Lag nodes -> index into lags (equal lags shared)
  // Columns read from each source (schema indices) in kernel slot order; lag columns follow.
  std::vector<std::vector<int>> source_columns;
  std::vector<int> source_slots;  // total slots per source (columns + lag columns)
  std::map<const sema::Expr*, AggRef> aggs;   // Aggregate nodes (grouped, or inner of a per)
  std::map<const sema::Expr*, AggRef> params; // ungrouped aggregates used in row expressions
  // Kernel parameters, by index: ungrouped aggregates used in rows (stage 0) and ungrouped metrics used
  // as values inside aggregates (MetricRef nodes of Row level). param_stage[i] = the stage after which
  // parameter i is known.
  std::vector<const sema::Expr*> param_order;
  std::vector<int> param_stage;
  int max_stage = 1;
  std::map<const sema::Expr*, PerRef> pers;   // Aggregate nodes with `per`
  std::vector<std::string> strings;           // string literals: their ids are their indices
  std::map<std::string, int> string_ids;
  std::vector<int> metric_order;              // metrics to evaluate, dependencies first
};

// Builds the plan of the metrics in `wanted` (indices into p.metrics; empty = all). Unsupported
// constructs are returned as messages in `errors` (the plan is then unusable).
Plan build_plan(const sema::Program& p, const std::vector<int>& wanted, std::vector<std::string>& errors);

// Lowers every pass's row-level expressions into IR nodes (Pass::key_nodes, where_nodes, AggState::
// arg_nodes, filter_nodes); build_plan calls it once column slots are known.
void lower_row_exprs(const sema::Program& p, Plan& plan, std::vector<std::string>& errors);

// Canonical text of a row- or aggregate-level expression (used for merging, cache keys and explain).
std::string expr_text(const sema::Program& p, const sema::Expr& e);

// The plan as text for `kpic explain`.
std::string plan_text(const sema::Program& p, const Plan& plan);

}  // namespace kpic::plan
