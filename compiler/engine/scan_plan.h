// The runtime's view of a plan: sources with the columns their kernels read, passes with their state
// layouts and the prune terms derived from their `where`, lag columns (runtime/exec/scanner.h).
#pragma once

#include "compiler/plan/plan.h"
#include "runtime/exec/scanner.h"

namespace kpic::engine {

exec::ScanPlan scan_plan(const sema::Program& p, const plan::Plan& plan);

// Per pass: whether its groups are read only by `per`s that walk them one by one (the pass grouped by
// exactly the inner keys, the inner expression reading only that pass's aggregates): under the memory
// limit such a pass's parts are reduced into those `per`s and dropped (ScanPass::streamed).
std::vector<bool> streamed_passes(const plan::Plan& plan);

// The conjuncts of a pass's `where` that chunk statistics can refute (`column OP constant`,
// `constant OP column`, `column in [constants]`; `and` is split); others are left out.
std::vector<exec::PruneTerm> prune_terms(const plan::Plan& plan, const plan::Pass& pass);

}  // namespace kpic::engine
