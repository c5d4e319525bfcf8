// Each dialect difference, spelled as the engine's documentation spells it.
#include "compiler/sql/dialect.h"

#include <doctest/doctest.h>

using kpic::sql::Capability;
using kpic::sql::Dialect;
using kpic::sql::FileFormat;
using kpic::sql::TimeUnit;

namespace {
const Dialect& d(std::string_view name) {
  const Dialect* dialect = kpic::sql::find_dialect(name);
  REQUIRE(dialect != nullptr);
  return *dialect;
}
}  // namespace

TEST_CASE("dialects are found by their --dialect name") {
  CHECK(kpic::sql::dialect_names().size() == 6);
  CHECK(kpic::sql::dialect_names()[0] == "duckdb");
  for (std::string_view name : kpic::sql::dialect_names()) CHECK(d(name).name() == name);
  CHECK(kpic::sql::find_dialect("mysql") == nullptr);
  CHECK(kpic::sql::find_dialect("") == nullptr);
}

TEST_CASE("plain lower-case names stay bare; keywords, spaces, capitals and quotes are quoted") {
  for (std::string_view name : {"duckdb", "postgres", "trino", "snowflake"}) {
    CAPTURE(name);
    CHECK(d(name).identifier("events") == "events");
    CHECK(d(name).identifier("user_id2") == "user_id2");
    CHECK(d(name).identifier("select") == "\"select\"");
    CHECK(d(name).identifier("order id") == "\"order id\"");
    CHECK(d(name).identifier("a\"b") == "\"a\"\"b\"");
    CHECK(d(name).identifier("Total") == "\"Total\"");
    CHECK(d(name).identifier("2x") == "\"2x\"");
    CHECK(d(name).identifier("") == "\"\"");
  }
  CHECK(d("spark").identifier("select") == "`select`");
  CHECK(d("spark").identifier("a`b") == "`a``b`");
  CHECK(d("spark").identifier("a\"b") == "`a\"b`");
  CHECK(d("bigquery").identifier("order id") == "`order id`");
  CHECK(d("bigquery").identifier("a`b") == "`a\\x60b`");
  CHECK(d("bigquery").identifier("a\\b") == "`a\\\\b`");
}

TEST_CASE("table references quote each dotted part") {
  CHECK(d("postgres").table_reference("analytics.events") == "analytics.events");
  CHECK(d("postgres").table_reference("crm.Customers") == "crm.\"Customers\"");
  CHECK(d("bigquery").table_reference("my-project.ds.table") == "`my-project`.ds.`table`");
  CHECK(d("duckdb").table_reference("x\".y") == "\"x\"\"\".y");
}

TEST_CASE("string literals: doubling where backslashes are plain, escapes where they are not") {
  std::string_view nasty = "it's a\\b";
  CHECK(d("duckdb").string_literal(nasty) == "'it''s a\\b'");
  CHECK(d("trino").string_literal(nasty) == "'it''s a\\b'");
  CHECK(d("postgres").string_literal("it's") == "'it''s'");
  CHECK(d("postgres").string_literal(nasty) == "E'it''s a\\\\b'");
  CHECK(d("spark").string_literal(nasty) == "'it\\'s a\\\\b'");
  CHECK(d("bigquery").string_literal(nasty) == "'it\\'s a\\\\b'");
  CHECK(d("snowflake").string_literal(nasty) == "'it\\'s a\\\\b'");
  // BigQuery's quoted strings cannot hold a raw newline.
  CHECK(d("bigquery").string_literal("a\nb\x01") == "'a\\nb\\u0001'");
  // An injection attempt stays one literal.
  CHECK(d("duckdb").string_literal("'; DROP TABLE t; --") == "'''; DROP TABLE t; --'");
  CHECK(d("spark").string_literal("\\'; DROP TABLE t; --") == "'\\\\\\'; DROP TABLE t; --'");
}

TEST_CASE("date and timestamp literals") {
  CHECK(d("postgres").date_literal("2024-01-31") == "DATE '2024-01-31'");
  CHECK(d("bigquery").date_literal("2024-01-31") == "DATE '2024-01-31'");
  CHECK(d("trino").timestamp_literal("2024-01-31 12:00:00") == "TIMESTAMP '2024-01-31 12:00:00'");
  CHECK(d("bigquery").timestamp_literal("2024-01-31 12:00:00") == "DATETIME '2024-01-31 12:00:00'");
  CHECK(d("snowflake").timestamp_literal("2024-01-31 12:00:00") ==
        "CAST('2024-01-31 12:00:00' AS TIMESTAMP_NTZ)");
}

TEST_CASE("truncation to ISO weeks and other buckets keeps the operand's type") {
  CHECK(d("postgres").truncate(TimeUnit::week, "t", true) == "date_trunc('week', t)");
  CHECK(d("postgres").truncate(TimeUnit::month, "d", false) == "CAST(date_trunc('month', d) AS DATE)");
  CHECK(d("postgres").truncate(TimeUnit::day, "d", false) == "d");
  CHECK(d("duckdb").truncate(TimeUnit::quarter, "d", false) == "CAST(date_trunc('quarter', d) AS DATE)");
  CHECK(d("trino").truncate(TimeUnit::week, "d", false) == "date_trunc('week', d)");
  CHECK(d("spark").truncate(TimeUnit::week, "d", false) == "trunc(d, 'WEEK')");
  CHECK(d("spark").truncate(TimeUnit::year, "t", true) == "date_trunc('YEAR', t)");
  CHECK(d("bigquery").truncate(TimeUnit::week, "d", false) == "DATE_TRUNC(d, ISOWEEK)");
  CHECK(d("bigquery").truncate(TimeUnit::month, "t", true) == "DATETIME_TRUNC(t, MONTH)");
  CHECK(d("bigquery").truncate(TimeUnit::day, "t", true) == "DATETIME_TRUNC(t, DAY)");
  // Snowflake's DATE_TRUNC('WEEK') follows WEEK_START; DAYOFWEEKISO does not.
  CHECK(d("snowflake").truncate(TimeUnit::week, "d", false) == "DATEADD(DAY, 1 - DAYOFWEEKISO(d), d)");
  CHECK(d("snowflake").truncate(TimeUnit::week, "t", true) ==
        "DATEADD(DAY, 1 - DAYOFWEEKISO(t), DATE_TRUNC('DAY', t))");
  CHECK(d("snowflake").truncate(TimeUnit::month, "d", false) == "DATE_TRUNC('MONTH', d)");
}

TEST_CASE("safe division and null-safe equality") {
  CHECK(d("postgres").safe_divide("n", "d") == "CAST(n AS DOUBLE PRECISION) / NULLIF(d, 0)");
  CHECK(d("duckdb").safe_divide("n", "d") == "CAST(n AS DOUBLE) / NULLIF(d, 0)");
  CHECK(d("bigquery").safe_divide("n", "d") == "CAST(n AS FLOAT64) / NULLIF(d, 0)");
  CHECK(d("postgres").null_safe_equal("a.k", "b.k") ==
        "((a.k IS NULL) = (b.k IS NULL) AND COALESCE(CAST(a.k AS TEXT), '') = COALESCE(CAST(b.k AS TEXT), ''))");
  CHECK(d("snowflake").null_safe_equal("a.k", "b.k") == "a.k IS NOT DISTINCT FROM b.k");
  CHECK(d("spark").null_safe_equal("a.k", "b.k") == "a.k <=> b.k");
  CHECK(d("bigquery").null_safe_equal("a.k", "b.k") == "(a.k = b.k OR (a.k IS NULL AND b.k IS NULL))");
}

TEST_CASE("exact percentiles exist where the dialect has one; approximations everywhere") {
  CHECK(d("postgres").exact_percentile("x", 0.5) == "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)");
  CHECK(d("duckdb").exact_percentile("x", 0.9) == "quantile_cont(x, 0.9)");
  CHECK(d("spark").exact_percentile("x", 0.25) == "percentile(x, 0.25)");
  CHECK(d("snowflake").exact_percentile("x", 0.5) == "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x)");
  CHECK_FALSE(d("trino").exact_percentile("x", 0.5).has_value());
  CHECK_FALSE(d("bigquery").exact_percentile("x", 0.5).has_value());
  CHECK_FALSE(d("trino").supports(Capability::exact_percentile));
  CHECK(d("spark").supports(Capability::exact_percentile));

  CHECK(d("trino").approx_percentile("x", 0.5) == "approx_percentile(CAST(x AS DOUBLE), 0.5)");
  CHECK(d("bigquery").approx_percentile("x", 0.95) ==
        "APPROX_QUANTILES(CAST(x AS FLOAT64), 1000)[SAFE_OFFSET(950)]");
  CHECK(d("spark").approx_percentile("x", 0.5) == "percentile_approx(CAST(x AS DOUBLE), 0.5)");
  CHECK(d("snowflake").approx_percentile("x", 0.5) == "APPROX_PERCENTILE(CAST(x AS DOUBLE), 0.5)");
  CHECK(d("duckdb").approx_percentile("x", 0.5) == "approx_quantile(CAST(x AS DOUBLE), 0.5)");
  // PostgreSQL has no approximation: the exact percentile stands in (an error bound of 0).
  CHECK(d("postgres").approx_percentile("x", 0.5) == *d("postgres").exact_percentile("x", 0.5));
  CHECK_FALSE(d("postgres").supports(Capability::native_approx_percentile));

  CHECK(d("trino").approx_count_distinct("u") == "approx_distinct(u)");
  CHECK(d("postgres").approx_count_distinct("u") == "COUNT(DISTINCT u)");
  CHECK(d("duckdb").approx_count_distinct("u") == "COUNT(DISTINCT u)");  // its own is too far off
  CHECK_FALSE(d("duckdb").supports(Capability::native_approx_count_distinct));
  CHECK(d("duckdb").supports(Capability::native_approx_percentile));
  CHECK(d("bigquery").approx_count_distinct("u") == "APPROX_COUNT_DISTINCT(u)");
}

TEST_CASE("only DuckDB reads data files as tables") {
  CHECK(d("duckdb").file_table("e.parquet", FileFormat::parquet) == "read_parquet('e.parquet')");
  CHECK(d("duckdb").file_table("it's.csv", FileFormat::csv) == "read_csv('it''s.csv')");
  CHECK(d("duckdb").supports(Capability::file_scan));
  for (std::string_view name : {"postgres", "spark", "trino", "bigquery", "snowflake"}) {
    CAPTURE(name);
    CHECK_FALSE(d(name).file_table("e.parquet", FileFormat::parquet).has_value());
    CHECK_FALSE(d(name).supports(Capability::file_scan));
  }
}

TEST_CASE("the bucket before: whole days and months on every dialect (prev, growth)") {
  CHECK(d("duckdb").add_to_date(TimeUnit::month, -1, "m") == "CAST(m + INTERVAL '-1 month' AS DATE)");
  CHECK(d("postgres").add_to_date(TimeUnit::quarter, -1, "m") == "CAST(m + INTERVAL '-3 month' AS DATE)");
  CHECK(d("postgres").add_to_date(TimeUnit::week, -1, "m") == "CAST(m + INTERVAL '-7 day' AS DATE)");
  CHECK(d("spark").add_to_date(TimeUnit::year, -1, "m") == "add_months(m, -12)");
  CHECK(d("spark").add_to_date(TimeUnit::day, -1, "m") == "date_add(m, -1)");
  CHECK(d("trino").add_to_date(TimeUnit::week, -1, "m") == "date_add('week', -1, m)");
  CHECK(d("bigquery").add_to_date(TimeUnit::month, -1, "m") == "DATE_ADD(m, INTERVAL -1 MONTH)");
  CHECK(d("snowflake").add_to_date(TimeUnit::quarter, -1, "m") == "DATEADD(QUARTER, -1, m)");
}

TEST_CASE("microseconds since the epoch, for days_between and co.") {
  CHECK(d("duckdb").epoch_micros("t") == "epoch_us(CAST(t AS TIMESTAMP))");
  CHECK(d("postgres").epoch_micros("t") == "(EXTRACT(EPOCH FROM CAST(t AS TIMESTAMP)) * 1000000)");
  CHECK(d("bigquery").epoch_micros("t") == "UNIX_MICROS(TIMESTAMP(CAST(t AS DATETIME)))");
  CHECK(d("snowflake").epoch_micros("t") == "DATE_PART(EPOCH_MICROSECOND, CAST(t AS TIMESTAMP_NTZ))");
  CHECK(d("bigquery").cast_double("x") == "CAST(x AS FLOAT64)");
  // As integers (funnel windows): cast where the dialect's own is not one; Trino's double rounded, read as UTC.
  CHECK(d("duckdb").epoch_micros_int("t") == "epoch_us(CAST(t AS TIMESTAMP))");
  CHECK(d("postgres").epoch_micros_int("t") == "CAST((EXTRACT(EPOCH FROM CAST(t AS TIMESTAMP)) * 1000000) AS BIGINT)");
  CHECK(d("spark").epoch_micros_int("t") == "unix_micros(CAST(t AS TIMESTAMP))");
  CHECK(d("trino").epoch_micros_int("t") ==
        "CAST(round(to_unixtime(with_timezone(CAST(t AS TIMESTAMP(6)), 'UTC')) * 1000000) AS BIGINT)");
  CHECK(d("bigquery").epoch_micros_int("t") == "UNIX_MICROS(TIMESTAMP(CAST(t AS DATETIME)))");
  CHECK(d("snowflake").epoch_micros_int("t") == "CAST(DATE_PART(EPOCH_MICROSECOND, CAST(t AS TIMESTAMP_NTZ)) AS BIGINT)");
}
