// The plan phase's entry points: build_plan lowers a typed Program into the plan IR (ir.h), which
// codegen, the engine and `kpic explain` read without the Program.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/plan/ir.h"
#include "compiler/sema/program.h"

namespace kpic::plan {

// Builds the plan of the metrics in `wanted` (indices into p.metrics; empty = all). The program is one
// sema accepted without errors: every construct it allows has a plan, so a construct the planner
// cannot lower is a kpic bug (an InternalError, runtime/base/check.h), never a user diagnostic.
Plan build_plan(const sema::Program& p, const std::vector<int>& wanted);

// Canonical text of a row- or aggregate-level expression (used for merging, cache keys and explain).
std::string expr_text(const sema::Program& p, const sema::Expr& e);

// A literal as the plan's texts write it (floats with an `f`, strings quoted, dates as day numbers).
std::string value_text(const Value& v);

// The plan IR as text for `kpic explain`: sources and their column slots, lag columns, passes (keys,
// wheres, aggregate states), kernel parameters, `per` operations and metrics.
std::string plan_text(const Plan& plan);

}  // namespace kpic::plan
