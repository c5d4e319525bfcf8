// The SQL of a metric `cohort_retention(ENTITY, BUCKET(TIME)[, START[, ACTIVE]])` (issue #16), as the
// local engine computes it (compiler/engine/cohort.cc; language.md, "Cohort retention"): its pass is
// grouped by (ENTITY, BUCKET) with two counts, the rows where START holds and where ACTIVE holds. An
// entity's cohort is its earliest bucket with a START row (rows without an entity or a bucket count for
// no one); a period's value is 100 × the entities of the cohort with an ACTIVE row in that bucket ÷ the
// cohort's entities; every cohort has every period from 0 to the last bucket of the pass (0 where no one
// is active), and activity before an entity's cohort counts in no period.
//
// CTEs, the same on every dialect: the cohort of each entity, the size of each cohort, the periods of each
// cohort (its buckets from the cohort to the last one, Dialect::date_series stepping by the bucket's unit
// — 7 days a week, 3 months a quarter — so calendar weeks, fiscal years and time zones, already in the
// pass's bucket keys, need nothing more; the period is the bucket's rank in that series, from 0), and the
// active entities per cohort and bucket; the metric LEFT JOINs the last to the periods.
//
// Split by `by` (the pass's keys go on with the dimensions, k2.., and a third aggregate is min(TIME) where
// START): an entity's cohort and dimensions are those of its group with the earliest START row, at the same
// time the group whose dimensions sort first (nulls last), picked by ROW_NUMBER as a funnel's start is
// (compiler/sql/funnel.cc); sizes, periods and active counts are per (dimensions, cohort), and an entity
// active in one bucket in several groups counts once (COUNT(DISTINCT)), as the engine counts it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/ir.h"
#include "compiler/sql/dialect.h"

namespace kpic::sql {

// What the lowering of a metric hands to cohort_metric_sql.
struct CohortMetric {
  const Dialect& dialect;
  std::string base;       // the metric's name, a base for the CTEs' names
  std::string pass;       // the pass's CTE (columns k0 the entity, k1 the bucket's first day, a0.. the counts)
  int start = 0;          // the aggregate of the pass counting START rows
  int active = 0;         // the aggregate counting ACTIVE rows
  int first = -1;         // with `by`: the aggregate min(TIME) where START (else -1)
  size_t ndims = 0;       // with `by`: how many dimensions (the pass's keys k2.., the result's leading columns)
  TimeUnit unit = TimeUnit::month;  // one bucket's step
  std::vector<std::string> dim_cols;   // the names of the result's columns: the dimensions' (with `by`),
  std::string cohort_col, period_col;  // then these, then `value`
  // Adds (once per `id`) a CTE named after `base` whose body `body()` gives; returns its name.
  std::function<std::string(const std::string& id, const std::string& base,
                            const std::function<std::string()>& body)>
      add_cte;
};

// Whether `e` (a metric's expression) is a cohort_retention.
bool is_cohort(const plan::Node& e);

// SELECT cohort, period, value FROM … of the metric (the CTEs it reads are added through `add_cte`).
std::string cohort_metric_sql(const CohortMetric& in);

}  // namespace kpic::sql
