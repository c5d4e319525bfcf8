// The SQL of a pass with `funnel(ENTITY, TIME, WINDOW, STEP1, ..., STEPn)` aggregates (issue #16), as
// the local engine computes them (runtime/exec/funnel.h): an entity starts at its earliest STEP1 row (t1)
// and is counted in the group of that row (ties: the group whose keys sort first, nulls last); step k is
// its earliest row where step k holds at a time no earlier than step k-1's, reached when that time is at
// most t1 + WINDOW; rows with a null entity or time are skipped, a null step does not hold.
//
// Per-entity subqueries, the same on every dialect: the pass's rows with each funnel's entity, time (whole
// microseconds since 1970, Dialect::epoch_micros_int: the window is integer arithmetic, never a dialect's
// interval) and a 0/1 flag per step; one CTE per step with the entities that reached it (the first by
// ROW_NUMBER over the entity's STEP1 rows, each next one a join on the entity within the window); a count
// per group of the last step's CTE, LEFT JOINed to the pass's groups (every group its rows form, 0 where
// no one started). Funnels of a pass with the same entity, time, window and `where` whose steps lead
// another's read the count of their step from its CTEs (the local engine shares their state likewise).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/ir.h"
#include "compiler/sql/dialect.h"

namespace kpic::sql {

// What the lowering of one pass hands to funnel_pass_sql: the pass and the SQL it renders.
struct FunnelPass {
  const plan::Pass& pass;
  const Dialect& dialect;
  std::string base;                 // the pass's CTE name, a base for the funnel CTEs' names
  std::string table;                // what the pass scans (FROM)
  std::vector<std::string> wheres;  // the pass's row conditions, rendered
  std::function<std::string(const plan::Node&)> row;      // a row expression of the pass's source
  std::function<std::string(const plan::AggState&)> agg;  // an aggregate that is no funnel
  // Adds (once per `id`) a CTE named after `base` whose body `body()` gives; returns its name.
  std::function<std::string(const std::string& id, const std::string& base,
                            const std::function<std::string()>& body)>
      add_cte;
};

bool has_funnel(const plan::Pass& pass);

// The body of the pass's CTE (columns k0.., a0..: the keys and every aggregate, as for any pass); the
// funnel CTEs it reads are added through `add_cte`.
std::string funnel_pass_sql(const FunnelPass& in);

}  // namespace kpic::sql
