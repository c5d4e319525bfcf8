#include "tests/sql/dialect_checks.h"

#include <functional>
#include <tuple>

#include <fmt/format.h>

namespace kpic::sql::testing {

std::vector<DialectCheck> dialect_checks(const Dialect& d) {
  std::vector<DialectCheck> out;
  auto setup = [&](std::string sql) { out.push_back({"", std::move(sql)}); };
  auto check = [&](std::string what, std::string sql) { out.push_back({std::move(what), std::move(sql)}); };

  std::string t = d.identifier("Order"), sel = d.identifier("select"), oid = d.identifier("order id"),
              ab = d.identifier("a\"b");
  setup("CREATE TEMP TABLE " + t + " (" + sel + " INTEGER, " + oid + " INTEGER, " + ab + " VARCHAR)");
  setup("INSERT INTO " + t + " VALUES (1, 2, 'x'), (3, 4, NULL)");
  check("quoted names", "SELECT SUM(" + sel + " + " + oid + ") = 10 AND COUNT(" + ab + ") = 1 FROM " + t);

  // chr(39) is a quote, chr(92) a backslash, chr(10) a newline.
  check("a quote", "SELECT " + d.string_literal("it's") + " = 'it' || chr(39) || 's'");
  check("a backslash", "SELECT " + d.string_literal("a\\b") + " = 'a' || chr(92) || 'b'");
  check("a backslash before a quote",
        "SELECT " + d.string_literal("\\'; SELECT 1; --") + " = chr(92) || chr(39) || '; SELECT 1; --'");
  check("a newline", "SELECT " + d.string_literal("a\nb") + " = 'a' || chr(10) || 'b'");

  // 2024-01-01 is a Monday.
  auto day = [&](const char* iso) { return d.date_literal(iso); };
  auto ts = [&](const char* iso) { return d.timestamp_literal(iso); };
  auto week = [&](const char* iso) { return d.truncate(TimeUnit::week, day(iso), false); };
  check("ISO week of a Wednesday", "SELECT " + week("2024-01-03") + " = " + day("2024-01-01"));
  check("ISO week of a Sunday", "SELECT " + week("2024-01-07") + " = " + day("2024-01-01"));
  check("ISO week of a Monday", "SELECT " + week("2024-01-08") + " = " + day("2024-01-08"));
  check("ISO week across a year", "SELECT " + week("2021-01-02") + " = " + day("2020-12-28"));
  check("ISO week of a timestamp", "SELECT " + d.truncate(TimeUnit::week, ts("2024-01-07 23:59:59"), true) +
                                       " = " + ts("2024-01-01 00:00:00"));
  check("month",
        "SELECT " + d.truncate(TimeUnit::month, day("2024-02-29"), false) + " = " + day("2024-02-01"));
  check("quarter",
        "SELECT " + d.truncate(TimeUnit::quarter, day("2024-06-30"), false) + " = " + day("2024-04-01"));
  check("year", "SELECT " + d.truncate(TimeUnit::year, day("2024-12-31"), false) + " = " + day("2024-01-01"));
  check("day of a timestamp", "SELECT " + d.truncate(TimeUnit::day, ts("2024-03-05 13:14:15"), true) + " = " +
                                  ts("2024-03-05 00:00:00"));
  // A UTC instant's local time (calendar time_zone): New York is EST (-5) until 2024-03-10 07:00 UTC, EDT
  // (-4) after, and EDT until 2024-11-03 06:00 UTC; Berlin is CEST (+2) in July. In 2999 a double of the
  // epoch's seconds would round the last one up to midnight. Each from a timestamp (holding UTC) and from
  // a timestamp with time zone (PostgreSQL timestamptz, DuckDB TIMESTAMPTZ, as read_csv reads `…Z`), the
  // latter under a session time zone that is not UTC, and the former again under it.
  struct Local {
    const char *what, *utc, *zone, *local;
  };
  const Local locals[] = {
      {"before a spring change", "2024-03-10 06:59:59.999999", "America/New_York", "2024-03-10 01:59:59.999999"},
      {"after a spring change", "2024-03-10 07:00:00", "America/New_York", "2024-03-10 03:00:00"},
      {"before an autumn change", "2024-11-03 05:30:00", "America/New_York", "2024-11-03 01:30:00"},
      {"after an autumn change", "2024-11-03 06:30:00.000001", "America/New_York", "2024-11-03 01:30:00.000001"},
      {"east of UTC", "2024-07-01 23:00:00", "Europe/Berlin", "2024-07-02 01:00:00"},
      {"in 2999 to the microsecond", "2999-07-01 03:59:59.999999", "America/New_York", "2999-06-30 23:59:59.999999"},
  };
  auto check_locals = [&](const char* kind, const std::function<std::string(const char*)>& instant) {
    for (const Local& l : locals)
      check(fmt::format("local time of {} {}", kind, l.what),
            "SELECT " + d.utc_to_local(instant(l.utc), l.zone) + " = " + ts(l.local));
  };
  check_locals("a timestamp", ts);
  setup("SET TimeZone = 'Asia/Tokyo'");
  check_locals("a timestamptz", [](const char* utc) {
    return fmt::format("CAST('{}+00' AS TIMESTAMP WITH TIME ZONE)", utc);
  });
  check_locals("a timestamp in another session zone", ts);
  setup("RESET TimeZone");
  // Bucket starts from lo to hi: 3 months from 2024-01-01 to 2024-03-01, 5 weeks over 28 days.
  for (auto [unit, hi, n] : {std::tuple{TimeUnit::month, "2024-03-01", 3}, std::tuple{TimeUnit::week, "2024-01-29", 5},
                             std::tuple{TimeUnit::quarter, "2024-10-01", 4}, std::tuple{TimeUnit::day, "2024-01-01", 1}}) {
    Dialect::Series series = d.date_series("s.lo", "s.hi", unit);
    check(std::string("a series of buckets to ") + hi,
          "SELECT COUNT(*) = " + std::to_string(n) + " AND MIN(b) = " + day("2024-01-01") + " AND MAX(b) = " + day(hi) +
              " FROM (SELECT " + series.value + " AS b FROM (SELECT " + day("2024-01-01") + " AS lo, " + day(hi) +
              " AS hi) AS s\n" + series.join + ") AS g");
  }

  // A funnel's window compares whole microseconds: 2024-03-10 07:00:00.123456 UTC is 1710054000123456 µs,
  // 2024-01-01 is 19723 days (1704067200000000 µs); 1969-12-31 23:59:59.5 is -500000.
  check("whole microseconds of a timestamp",
        "SELECT " + d.epoch_micros_int(ts("2024-03-10 07:00:00.123456")) + " = 1710054000123456");
  check("whole microseconds of a date", "SELECT " + d.epoch_micros_int(day("2024-01-01")) + " = 1704067200000000");
  check("whole microseconds before 1970", "SELECT " + d.epoch_micros_int(ts("1969-12-31 23:59:59.5")) + " = -500000");
  check("whole microseconds are an integer", "SELECT " + d.epoch_micros_int(ts("2024-03-10 07:00:00.123456")) +
                                                 " + 1 - " + d.epoch_micros_int(ts("2024-03-10 07:00:00.123456")) +
                                                 " = 1");
  check("division by zero is null", "SELECT " + d.safe_divide("1", "0") + " IS NULL");
  check("integer division is exact", "SELECT " + d.safe_divide("1", "4") + " = 0.25");
  check("nulls are equal", "SELECT " + d.null_safe_equal("CAST(NULL AS INTEGER)", "CAST(NULL AS INTEGER)"));
  check("null is not a value", "SELECT NOT (" + d.null_safe_equal("1", "CAST(NULL AS INTEGER)") + ")");
  check("a value is not null", "SELECT NOT (" + d.null_safe_equal("CAST(NULL AS INTEGER)", "1") + ")");
  check("equal values are equal", "SELECT " + d.null_safe_equal("7", "7"));
  check("different values differ", "SELECT NOT (" + d.null_safe_equal("7", "8") + ")");
  check("an empty string is not null", "SELECT NOT (" + d.null_safe_equal("''", "CAST(NULL AS VARCHAR)") + ")");
  // The form must be usable as a FULL OUTER JOIN condition (PostgreSQL accepts only hash- or
  // merge-joinable ones): keys 1, 2, null on one side, 2, 3, null on the other give four rows.
  check("a full outer join on it", "SELECT COUNT(*) = 4 FROM (VALUES (1), (2), (NULL)) AS a(k) FULL OUTER JOIN "
                                   "(VALUES (2), (3), (NULL)) AS b(k) ON " + d.null_safe_equal("a.k", "b.k"));

  // The interpolated median of 1, 2, 3, 10 is 2.5, its 0.9 quantile 3 + 0.7 * 7 = 7.9.
  std::string four = " FROM (VALUES (1), (2), (3), (10), (NULL)) AS v(x)";
  if (auto median = d.exact_percentile("x", 0.5))
    check("interpolated median", "SELECT " + *median + " = 2.5" + four);
  if (auto p90 = d.exact_percentile("x", 0.9))
    check("interpolated 0.9 quantile", "SELECT ABS(" + *p90 + " - 7.9) < 1e-12" + four);
  // 1..1000 from three digits.
  std::string digits = "(VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))";
  std::string thousand = " FROM (SELECT a.i * 100 + b.i * 10 + c.i + 1 AS x FROM " + digits + " AS a(i), " +
                         digits + " AS b(i), " + digits + " AS c(i)) AS v";
  check("approximate median", "SELECT " + d.approx_percentile("x", 0.5) + " BETWEEN 490 AND 510" + thousand);
  check("approximate count distinct",
        "SELECT " + d.approx_count_distinct("x") + " BETWEEN 950 AND 1050" + thousand);

  if (auto file = d.file_table("it's.parquet", FileFormat::parquet)) {
    setup("COPY (SELECT * FROM " + t + ") TO 'it''s.parquet' (FORMAT PARQUET)");
    check("a data file whose name holds a quote", "SELECT COUNT(*) = 2 FROM " + *file);
  }
  return out;
}

}  // namespace kpic::sql::testing
