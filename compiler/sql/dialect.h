// SQL dialects: how one expression form is spelled in each engine kpic compiles to.
//
// The SQL lowering (issue #14) builds queries from these pieces; every dialect difference lives here, so
// the lowering itself is dialect-free. Every function takes already-rendered SQL operands (strings the
// lowering produced) and returns SQL text; only `identifier`, `table_reference` and `string_literal`
// take raw user text, and they escape it so that no name or string can end its token early (no
// injection through a column name, a table reference or a string constant).
//
// Dialects: duckdb, postgres, spark, trino, bigquery, snowflake (docs/sql.md says which are executed in
// tests and which only parsed).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kpic::sql {

// The time buckets of the language (`day(t)`, `week(t)`, ...). Weeks are ISO weeks starting on Monday
// on every dialect.
enum class TimeUnit { day, week, month, quarter, year };

// What a dialect can express; the lowering asks before emitting and reports a located error naming the
// dialect when a definition needs what the dialect lacks.
enum class Capability {
  exact_percentile,       // an interpolated (continuous) percentile aggregate
  native_approx_percentile,  // an approximate percentile of its own (else the exact one stands in)
  native_approx_count_distinct,  // an approximate count distinct of its own (else COUNT(DISTINCT))
  file_scan,              // data files as tables (DuckDB's read_parquet / read_csv)
};

enum class FileFormat { parquet, csv };

class Dialect {
 public:
  virtual ~Dialect() = default;

  // The name used by `--dialect` (and by sqlglot).
  virtual std::string_view name() const = 0;
  virtual bool supports(Capability capability) const = 0;

  // A column, table or CTE name: written bare when it is a plain lower-case name that is no keyword of
  // any dialect, quoted otherwise (so `select`, `order id`, `a"b`, `Total` all survive).
  std::string identifier(std::string_view name) const;
  // A table reference from the command line or the project file, `schema.table` or
  // `project.dataset.table`: each dot-separated part an identifier.
  std::string table_reference(std::string_view dotted) const;
  // A string constant holding exactly `text` (bytes as they are; the lowering rejects NUL first).
  virtual std::string string_literal(std::string_view text) const;
  // A date from its ISO text `YYYY-MM-DD`, a timestamp without time zone from `YYYY-MM-DD HH:MM:SS[.f]`.
  virtual std::string date_literal(std::string_view iso) const;
  virtual std::string timestamp_literal(std::string_view iso) const;

  // The start of the bucket holding `expr`, of the same type as `expr` (a date stays a date).
  virtual std::string truncate(TimeUnit unit, std::string_view expr, bool is_timestamp) const = 0;
  // `n / d` as a double, null when `d` is 0 (language.md: division by zero is null).
  std::string safe_divide(std::string_view n, std::string_view d) const;
  // True when both are equal or both null (the join condition of composed metrics).
  virtual std::string null_safe_equal(std::string_view a, std::string_view b) const;
  // The exact interpolated percentile `p` (0..1) of `expr` as an aggregate, or nothing when the
  // dialect has none (Trino; BigQuery has it only as a window function).
  virtual std::optional<std::string> exact_percentile(std::string_view expr, double p) const = 0;
  // An approximate percentile; dialects without one use the exact percentile (an error bound of 0).
  virtual std::string approx_percentile(std::string_view expr, double p) const = 0;
  // An approximate count of distinct non-null values (COUNT(DISTINCT) where there is none).
  virtual std::string approx_count_distinct(std::string_view expr) const = 0;
  // A data file as a table, where the dialect reads files (`supports(Capability::file_scan)`).
  virtual std::optional<std::string> file_table(std::string_view path, FileFormat format) const;
  // The date `n` units after the date `expr` (n < 0: before; a week is 7 days, a quarter 3 months).
  virtual std::string add_to_date(TimeUnit unit, int n, std::string_view expr) const = 0;
  // Microseconds since 1970-01-01 00:00:00 of a date or a timestamp without time zone, as a number.
  virtual std::string epoch_micros(std::string_view expr) const = 0;
  // The wall-clock time in the IANA zone `zone` (raw text; quoted here) of `expr`, a timestamp without
  // time zone that holds a UTC instant (kpic's timestamps), as a timestamp without time zone; across
  // daylight-saving changes (the `calendar` statement's `time_zone`).
  virtual std::string utc_to_local(std::string_view expr, std::string_view zone) const = 0;
  // One row per bucket start from the date `lo` to the date `hi` (both bucket starts, `hi` ≥ `lo`),
  // stepping by one `unit`: `join` follows a FROM item that has `lo` and `hi` (e.g. `CROSS JOIN …`), and
  // `value` is the bucket start (a date) in the select list. Trailing windows step along these.
  struct Series {
    std::string join;
    std::string value;
  };
  virtual Series date_series(std::string_view lo, std::string_view hi, TimeUnit unit) const = 0;
  // `expr` as the dialect's double type.
  std::string cast_double(std::string_view expr) const;
  // A date (a truncated timestamp is one) as a date.
  std::string cast_date(std::string_view expr) const;

 protected:
  // The double type of CAST(... AS T).
  virtual std::string_view double_type() const = 0;
  // `name` inside the dialect's identifier quotes, escaped.
  virtual std::string quote_identifier(std::string_view name) const;
};

// The dialect called `name` (as `--dialect` spells it), or nullptr.
const Dialect* find_dialect(std::string_view name);
// Every dialect name, duckdb first (the default).
std::span<const std::string_view> dialect_names();

}  // namespace kpic::sql
