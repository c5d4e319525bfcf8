// The SQL lowering of the plan IR (issue #14): a sibling of codegen that reads only the plan
// (compiler/plan/ir.h), the SQL text of each source's table and a Dialect, and writes one standalone
// SELECT per metric. The query's columns are the metric's dimensions (named as `kpic run` names them),
// then `value`; rows are ordered by the dimensions, nulls last (as `kpic run` orders them).
//
// Shape (docs/sql.md): one CTE per pass (`SELECT keys, aggregates FROM table WHERE … GROUP BY keys`),
// one per `per` and per metric used as a value; the pre-aggregated sides of a metric are combined by a
// null-safe FULL OUTER JOIN with the keys coalesced, never by a join of raw rows. What the lowering
// cannot express yet, or the dialect cannot express at all, is an error for that metric, never SQL that
// would give other numbers than kpic's own engine.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/ir.h"
#include "compiler/sql/dialect.h"

namespace kpic::sql {

struct MetricQuery {
  int metric = -1;               // index into Plan::metrics
  std::string name;
  std::vector<std::string> by;   // the dimension columns, in order
  std::string sql;
};

enum class LowerErrorKind {
  dialect_lacks,  // the dialect has no way to express it (e.g. an exact median on Trino)
  not_lowered,    // the SQL lowering does not handle this construct yet
};

struct LowerError {
  int metric = -1;  // the metric whose query needed it
  LowerErrorKind kind = LowerErrorKind::not_lowered;
  std::string message;  // names the construct and the dialect
};

struct Lowered {
  std::vector<MetricQuery> queries;  // in the order of `metrics`, those without errors
  std::vector<LowerError> errors;
};

// `tables[s]` is the SQL of Plan::sources[s]'s table (a dialect table reference, or a file table),
// empty for a source no metric reads; `metrics` are indices into plan.metrics (planned ones).
Lowered lower_to_sql(const plan::Plan& plan, const std::vector<int>& metrics, const std::vector<std::string>& tables,
                     const Dialect& dialect);

}  // namespace kpic::sql
