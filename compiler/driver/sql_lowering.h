// The metrics of a session lowered to SQL, written once for `kpic sql` (which prints the queries) and
// `kpic run --engine` (which runs them): the plan of the wanted metrics, the lowering (compiler/sql), and
// a metric the dialect or the lowering cannot express as a KP0823/KP0824 error at the metric's name.
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/session.h"
#include "compiler/plan/ir.h"
#include "compiler/sql/lower.h"

namespace kpic::driver {

// `wanted` are indices into l.program.metrics (they index `plan`'s metrics too); `tables[s]` is the SQL of
// l.program.sources[s]'s table. Errors go to l.diags (not printed); the queries of the others are returned.
sql::Lowered lower_session_metrics(Session& l, const plan::Plan& plan, const std::vector<int>& wanted,
                                   const std::vector<std::string>& tables, const sql::Dialect& dialect);

}  // namespace kpic::driver
