// Computed dimensions: `by EXPR as NAME` for a row-level expression that is no column and no time
// bucket (`by (if amount >= 100 then "large" else "small") as size`, `by day_of_week(ts) as weekday`).
#include <fmt/format.h>

#include "compiler/sema/expr_checker.h"

namespace kpic::sema {

namespace {

// An aggregate or a metric's value inside a row-level expression (an ungrouped aggregate, a scalar use).
bool reads_aggregate(const Expr& e) { return e.kind == ExprKind::Aggregate || e.kind == ExprKind::MetricRef; }

}  // namespace

bool is_computed_dimension(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Name) return false;
  const BuiltinInfo* b = e.kind == ast::ExprKind::Call ? find_builtin(e.name) : nullptr;
  return !(b && b->kind == BuiltinKind::Bucket);
}

bool ExprChecker::check_computed_dimension(const Expr& x, const std::string& alias) {
  if (contains(x, reads_aggregate)) {
    auto& d = error(DiagCode::bad_dimension, x.range,
                    "a dimension is computed per row: it cannot use an aggregate or a metric", nullptr);
    d.help = "group by a row-level expression of the source's columns, e.g. `by day_of_week(ts) as weekday`";
    return false;
  }
  if (x.level != Level::Row || x.type == ValueType::Null) {
    auto& d = error(DiagCode::bad_dimension, x.range, "a dimension must read the row: this one is a constant", nullptr);
    d.help = "group by a column or an expression of columns, e.g. `by (if amount >= 100 then \"large\" else "
             "\"small\") as size`";
    return false;
  }
  if (alias.empty()) {
    auto& d = error(DiagCode::bad_dimension, x.range, "a computed dimension needs a name", nullptr);
    d.help = "name its output column with `as`, e.g. `by (if amount >= 100 then \"large\" else \"small\") as size`";
    return false;
  }
  return true;
}

}  // namespace kpic::sema
