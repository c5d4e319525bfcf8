// Prints, one JSON object a line, a SELECT using every expression form each dialect emits, for
// check_sqlglot.py to parse with sqlglot in that dialect (a smoke test of the syntax only).
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/sql/dialect.h"

using kpic::sql::Dialect;
using kpic::sql::TimeUnit;

int main() {
  for (std::string_view name : kpic::sql::dialect_names()) {
    const Dialect& d = *kpic::sql::find_dialect(name);
    std::string col = d.identifier("order id"), ts = d.identifier("ts"), day = d.identifier("day");
    std::string from = " FROM " + d.table_reference("analytics.select");
    auto emit = [&](const std::string& sql) {
      std::cout << nlohmann::json{{"dialect", name}, {"sql", sql}}.dump() << '\n';
    };
    emit("SELECT " + d.identifier("a\"b`c") + ", " + d.identifier("Total") + from);
    emit("SELECT " + d.string_literal("it's a \\ back\"slash\nnew line") + ", " +
         d.date_literal("2024-01-31") + ", " + d.timestamp_literal("2024-01-31 12:30:00") + from);
    for (TimeUnit unit :
         {TimeUnit::day, TimeUnit::week, TimeUnit::month, TimeUnit::quarter, TimeUnit::year}) {
      emit("SELECT " + d.truncate(unit, ts, true) + ", " + d.truncate(unit, day, false) + ", COUNT(*)" +
           from + " GROUP BY 1, 2");
    }
    emit("SELECT " + d.safe_divide("SUM(" + col + ")", "COUNT(*)") + from);
    emit("SELECT a.k, b.k FROM a FULL OUTER JOIN b ON " + d.null_safe_equal("a.k", "b.k"));
    if (auto exact = d.exact_percentile(col, 0.5)) emit("SELECT " + *exact + from);
    emit("SELECT " + d.approx_percentile(col, 0.9) + ", " + d.approx_count_distinct(col) + from);
    // A time zone's local time (a bucket of it), and a series of bucket starts per row of bounds.
    emit("SELECT " + d.truncate(TimeUnit::day, d.utc_to_local(ts, "America/New_York"), true) + ", " +
         d.utc_to_local(ts, "Europe/Berlin") + from);
    for (TimeUnit unit : {TimeUnit::day, TimeUnit::week, TimeUnit::month, TimeUnit::quarter, TimeUnit::year}) {
      Dialect::Series series = d.date_series("s.lo", "s.hi", unit);
      emit("SELECT s.k, " + series.value + " AS b FROM (SELECT k, MIN(" + day + ") AS lo, MAX(" + day + ") AS hi" +
           from + " GROUP BY k) AS s\n" + series.join + "\nWHERE s.lo IS NOT NULL");
    }
    if (auto file = d.file_table("data/it's.parquet", kpic::sql::FileFormat::parquet))
      emit("SELECT COUNT(*) FROM " + *file);
  }
}
