// cohort_metric_sql: see cohort.h.
#include "compiler/sql/cohort.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace kpic::sql {
namespace {

// The dimensions' columns `prefix`k2, `prefix`k3, ..., each followed by `sep`; empty without `by`.
std::string dims(size_t n, const std::string& prefix, const std::string& sep) {
  std::string out;
  for (size_t j = 0; j < n; ++j) out += prefix + "k" + std::to_string(j + 2) + sep;
  return out;
}

// `text` two spaces further in, every line (a subquery inside FROM ( … )).
std::string indent(const std::string& text) {
  std::string out = "  ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

}  // namespace

bool is_cohort(const plan::Node& e) {
  if (e.kind != plan::NodeKind::Period || e.builtin != lang::Builtin::CohortRetention) return false;
  if (e.args.size() != 2 && e.args.size() != 3) return false;
  for (const auto& a : e.args)
    if (a.kind != plan::NodeKind::AggResult || a.pass != e.args[0].pass) return false;
  return true;
}

std::string cohort_metric_sql(const CohortMetric& in) {
  const Dialect& d = in.dialect;
  const size_t n = in.ndims;
  const std::string id = "cohort " + in.pass + " " + std::to_string(in.start) + " " + std::to_string(in.active);
  // Each entity's cohort: its earliest bucket with a START row; with `by`, the bucket and dimensions of its
  // group with the earliest START row (at the same time, the dimensions that sort first, nulls last).
  std::string cohorts = in.add_cte(id + " cohorts", in.base + "_cohorts", [&] {
    const std::string starts = fmt::format("WHERE a{} > 0\n  AND k0 IS NOT NULL\n  AND k1 IS NOT NULL", in.start);
    if (n == 0)
      return fmt::format("SELECT\n  k0 AS e,\n  MIN(k1) AS cohort\nFROM {}\n{}\nGROUP BY k0", in.pass, starts);
    std::vector<std::string> order{"a" + std::to_string(in.first)};
    for (size_t j = 0; j < n; ++j) order.push_back("k" + std::to_string(j + 2) + " NULLS LAST");
    std::string ranked = in.add_cte(id + " starts", in.base + "_starts", [&] {
      return fmt::format(
          "SELECT\n  k0 AS e,\n  k1 AS cohort,\n  {}ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY {}) AS n\nFROM {}\n{}",
          dims(n, "", ",\n  "), fmt::join(order, ", "), in.pass, starts);
    });
    return fmt::format("SELECT\n  e,\n  {}cohort\nFROM {}\nWHERE n = 1", dims(n, "", ",\n  "), ranked);
  });
  std::string sizes = in.add_cte(id + " sizes", in.base + "_sizes", [&] {
    return fmt::format("SELECT\n  {0}cohort,\n  COUNT(*) AS size\nFROM {1}\nGROUP BY {2}cohort", dims(n, "", ",\n  "),
                       cohorts, dims(n, "", ", "));
  });
  // Every bucket from the cohort to the last bucket of the pass (rows without an entity too), numbered
  // from 0.
  std::string periods = in.add_cte(id + " periods", in.base + "_periods", [&] {
    Dialect::Series series = d.date_series("s.lo", "s.hi", in.unit);
    std::string bounds = fmt::format(
        "SELECT\n  {}z.cohort AS lo,\n  l.hi AS hi,\n  z.size AS size\nFROM {} AS z\nCROSS JOIN (SELECT MAX(k1) AS hi "
        "FROM {}) AS l",
        dims(n, "z.", ",\n  "), sizes, in.pass);
    return fmt::format(
        "SELECT\n  {3}s.lo AS cohort,\n  s.size AS size,\n  {0} AS b,\n  ROW_NUMBER() OVER (PARTITION BY {4}s.lo ORDER BY "
        "{0}) - 1 AS period\nFROM (\n{1}\n) AS s\n{2}",
        series.value, indent(bounds), series.join, dims(n, "s.", ",\n  "), dims(n, "s.", ", "));
  });
  // The entities of a cohort with an ACTIVE row in a bucket no earlier than the cohort (the pass has one
  // row per entity and bucket; with `by` one per entity, bucket and dimensions, so an entity is counted
  // once per bucket).
  std::string active = in.add_cte(id + " active", in.base + "_active", [&] {
    return fmt::format(
        "SELECT\n  {4}c.cohort AS cohort,\n  p.k1 AS b,\n  {3} AS n\nFROM {0} AS p\nJOIN {1} AS c\n  ON p.k0 = c.e\n"
        "WHERE p.a{2} > 0\n  AND p.k1 >= c.cohort\nGROUP BY {5}c.cohort, p.k1",
        in.pass, cohorts, in.active, n ? "COUNT(DISTINCT p.k0)" : "COUNT(*)", dims(n, "c.", ",\n  "),
        dims(n, "c.", ", "));
  });
  std::string cols, on;
  for (size_t j = 0; j < n; ++j) {
    const std::string k = "k" + std::to_string(j + 2);
    cols += fmt::format("p.{} AS {},\n  ", k, in.dim_cols.at(j));
    on += "\n  AND " + d.null_safe_equal("a." + k, "p." + k);
  }
  return fmt::format(
      "SELECT\n  {}p.cohort AS {},\n  p.period AS {},\n  {} / p.size AS value\nFROM {} AS p\nLEFT JOIN {} AS a\n"
      "  ON a.cohort = p.cohort\n  AND a.b = p.b{}",
      cols, in.cohort_col, in.period_col, d.cast_double("100 * COALESCE(a.n, 0)"), periods, active, on);
}

}  // namespace kpic::sql
