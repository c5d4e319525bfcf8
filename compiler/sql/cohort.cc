// cohort_metric_sql: see cohort.h.
#include "compiler/sql/cohort.h"

#include <fmt/format.h>

namespace kpic::sql {

bool is_cohort(const plan::Node& e) {
  return e.kind == plan::NodeKind::Period && e.builtin == lang::Builtin::CohortRetention && e.args.size() == 2 &&
         e.args[0].kind == plan::NodeKind::AggResult && e.args[1].kind == plan::NodeKind::AggResult &&
         e.args[0].pass == e.args[1].pass;
}

std::string cohort_metric_sql(const CohortMetric& in) {
  const Dialect& d = in.dialect;
  const std::string id = "cohort " + in.pass + " " + std::to_string(in.start) + " " + std::to_string(in.active);
  // Each entity's cohort: its earliest bucket with a START row.
  std::string cohorts = in.add_cte(id + " cohorts", in.base + "_cohorts", [&] {
    return fmt::format(
        "SELECT\n  k0 AS e,\n  MIN(k1) AS cohort\nFROM {}\nWHERE a{} > 0\n  AND k0 IS NOT NULL\n  AND k1 IS NOT NULL\n"
        "GROUP BY k0",
        in.pass, in.start);
  });
  std::string sizes = in.add_cte(id + " sizes", in.base + "_sizes", [&] {
    return fmt::format("SELECT\n  cohort,\n  COUNT(*) AS size\nFROM {}\nGROUP BY cohort", cohorts);
  });
  // Every bucket from the cohort to the last bucket of the pass (rows without an entity too), numbered
  // from 0.
  std::string periods = in.add_cte(id + " periods", in.base + "_periods", [&] {
    Dialect::Series series = d.date_series("s.lo", "s.hi", in.unit);
    std::string bounds = fmt::format(
        "SELECT\n  z.cohort AS lo,\n  l.hi AS hi,\n  z.size AS size\nFROM {} AS z\nCROSS JOIN (SELECT MAX(k1) AS hi "
        "FROM {}) AS l",
        sizes, in.pass);
    std::string indented = "  ";
    for (char c : bounds) {
      indented += c;
      if (c == '\n') indented += "  ";
    }
    return fmt::format(
        "SELECT\n  s.lo AS cohort,\n  s.size AS size,\n  {0} AS b,\n  ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY "
        "{0}) - 1 AS period\nFROM (\n{1}\n) AS s\n{2}",
        series.value, indented, series.join);
  });
  // The entities of a cohort with an ACTIVE row in a bucket no earlier than the cohort (the pass has one
  // row per entity and bucket).
  std::string active = in.add_cte(id + " active", in.base + "_active", [&] {
    return fmt::format(
        "SELECT\n  c.cohort AS cohort,\n  p.k1 AS b,\n  COUNT(*) AS n\nFROM {} AS p\nJOIN {} AS c\n  ON p.k0 = c.e\n"
        "WHERE p.a{} > 0\n  AND p.k1 >= c.cohort\nGROUP BY c.cohort, p.k1",
        in.pass, cohorts, in.active);
  });
  return fmt::format(
      "SELECT\n  p.cohort AS {},\n  p.period AS {},\n  {} / p.size AS value\nFROM {} AS p\nLEFT JOIN {} AS a\n"
      "  ON a.cohort = p.cohort\n  AND a.b = p.b",
      in.cohort_col, in.period_col, d.cast_double("100 * COALESCE(a.n, 0)"), periods, active);
}

}  // namespace kpic::sql
