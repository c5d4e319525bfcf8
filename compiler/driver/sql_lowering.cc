#include "compiler/driver/sql_lowering.h"

namespace kpic::driver {

sql::Lowered lower_session_metrics(Session& l, const plan::Plan& plan, const std::vector<int>& wanted,
                                   const std::vector<std::string>& tables, const sql::Dialect& dialect) {
  sql::Lowered lowered = sql::lower_to_sql(plan, wanted, tables, dialect);
  for (const auto& e : lowered.errors) {
    const sema::Metric& m = l.program.metrics[e.metric];
    l.diags.error(e.kind == sql::LowerErrorKind::dialect_lacks ? DiagCode::sql_dialect_lacks : DiagCode::sql_not_lowered,
                  m.name_range, "metric `" + m.name + "`: " + e.message);
  }
  return lowered;
}

}  // namespace kpic::driver
