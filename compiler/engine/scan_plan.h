// The runtime's view of a plan: sources with the columns their kernels read, passes with their state
// layouts and the prune terms derived from their `where`, lag columns (runtime/exec/scanner.h).
#pragma once

#include "compiler/plan/plan.h"
#include "runtime/exec/scanner.h"

namespace kpic::engine {

exec::ScanPlan scan_plan(const sema::Program& p, const plan::Plan& plan);

// The conjuncts of a pass's `where` that chunk statistics can refute (`column OP constant`,
// `constant OP column`, `column in [constants]`; `and` is split); others are left out.
std::vector<exec::PruneTerm> prune_terms(const plan::Plan& plan, const plan::Pass& pass);

}  // namespace kpic::engine
