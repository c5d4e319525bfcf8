// What the planner records about the typed program while it builds a Plan: the sema nodes behind each
// pass, aggregate state, lag column and parameter, which lowering (lower.cc) turns into IR. Private to
// compiler/plan: it never leaves build_plan.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/plan/ir.h"
#include "compiler/sema/program.h"

namespace kpic::plan {

// Where a post-aggregate expression finds an aggregate's value.
struct AggRef {
  int pass = -1;
  int agg = -1;
};

// A nested `AGG(INNER per KEY)` while planning (see PerOp).
struct PerRef {
  std::vector<int> passes;
  int outer_dims = 0;
  int inner_dims = 0;
};

struct Planning {
  std::vector<std::vector<const sema::Expr*>> pass_keys;    // by pass id
  std::vector<std::vector<const sema::Expr*>> pass_wheres;  // by pass id
  std::vector<std::vector<const sema::Expr*>> agg_exprs;    // [pass][agg]: the Aggregate nodes
  std::vector<const sema::Expr*> lag_exprs;                 // by lag
  std::map<const sema::Expr*, int> lag_index;               // Lag nodes -> lag (equal lags shared)
  std::map<std::string, int> lookup_by_text;                // lookup_text -> lookup (equal lookups shared)
  std::map<const sema::Expr*, int> lookup_index;            // Lookup nodes -> lookup
  std::map<const sema::Expr*, AggRef> aggs;                 // Aggregate nodes (grouped, or inner of a per)
  std::map<const sema::Expr*, AggRef> params;               // ungrouped aggregates used in rows
  std::vector<const sema::Expr*> param_order;               // kernel parameters, by index
  std::map<const sema::Expr*, PerRef> pers;                 // Aggregate nodes with `per`
  std::map<const sema::Expr*, const sema::Expr*> cohort_first;  // cohort_retention with `by` -> min(TIME) where START
};

// A Lookup node (lookup.cc): its plan::Lookup (shared by equal lookups) and the referencing columns
// its source's kernels must read.
void add_lookup(const sema::Program& p, const sema::Expr& e, Plan& plan, Planning& t);
std::string lookup_slot_name(const sema::Program& p, const Lookup& lookup);

// The row-level expressions of every pass (Pass::keys, wheres, AggState::args, filter), once column
// slots are known.
void lower_row_exprs(const sema::Program& p, const Planning& t, Plan& plan);
// The metrics' aggregate-level expressions, their `per`s and the kernel parameters.
void lower_metrics(const sema::Program& p, const Planning& t, Plan& plan);

}  // namespace kpic::plan
