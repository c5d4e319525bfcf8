#include "compiler/sql/dialect.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <utility>

namespace kpic::sql {
namespace {

// Words some dialect reserves (SQL:2016, PostgreSQL, Trino, Spark ANSI mode, BigQuery, Snowflake,
// DuckDB), sorted. A name in this list is always quoted, on every dialect, so one .kpi gives the same
// SQL shape everywhere; quoting a word that one dialect would accept bare is harmless.
constexpr std::string_view kKeywords[] = {
    "all",          "alter",        "analyse",      "analyze",      "and",          "any",
    "array",        "as",           "asc",          "asymmetric",   "at",           "authorization",
    "between",      "both",         "by",           "case",         "cast",         "check",
    "collate",      "column",       "connect",      "constraint",   "create",       "cross",
    "cube",         "current",      "current_date", "current_time", "current_timestamp",
    "current_user", "default",      "deferrable",   "delete",       "desc",         "describe",
    "distinct",     "do",           "drop",         "else",         "end",          "enum",
    "escape",       "except",       "exclude",      "exists",       "extract",      "false",
    "fetch",        "following",    "for",          "foreign",      "from",         "full",
    "function",     "grant",        "group",        "grouping",     "groups",       "having",
    "if",           "ignore",       "ilike",        "in",           "inner",        "insert",
    "intersect",    "interval",     "into",         "is",           "join",         "lateral",
    "leading",      "left",         "like",         "limit",        "localtime",    "localtimestamp",
    "lookup",       "merge",        "natural",      "new",          "no",           "not",
    "null",         "nulls",        "of",           "offset",       "on",           "only",
    "or",           "order",        "outer",        "over",         "partition",    "pivot",
    "preceding",    "primary",      "qualify",      "range",        "recursive",    "references",
    "regexp",       "respect",      "returning",    "revoke",       "right",        "rlike",
    "rollup",       "row",          "rows",         "sample",       "select",       "set",
    "similar",      "some",         "struct",       "symmetric",    "table",        "tablesample",
    "then",         "to",           "trailing",     "treat",        "trigger",      "true",
    "unbounded",    "union",        "unique",       "unknown",      "unnest",       "unpivot",
    "update",       "user",         "using",        "values",       "when",         "where",
    "window",       "with",         "within"};
static_assert(std::is_sorted(std::begin(kKeywords), std::end(kKeywords)), "binary_search needs sorted keywords");

bool is_keyword(std::string_view name) {
  return std::binary_search(std::begin(kKeywords), std::end(kKeywords), name);
}

bool is_plain_name(std::string_view name) {
  if (name.empty() || !(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  for (char c : name)
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return !is_keyword(name);
}

// `text` between `quote`s, each `quote` inside doubled (the SQL standard's escaping).
std::string quote_doubling(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

// `text` between `quote`s with C-style backslash escapes (BigQuery, Spark, Snowflake strings):
// the quote, the backslash and every control character are escaped, so the token ends at its closing
// quote and holds exactly `text` whatever the session's settings. With `quote_as_hex` the quote is
// written `\xhh`, so that not even a tool that ignores escapes sees a quote inside the token.
std::string quote_backslash(std::string_view text, char quote, bool quote_as_hex = false) {
  std::string out(1, quote);
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c == quote && quote_as_hex) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else if (c == quote) {
          out += '\\';
          out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  out += quote;
  return out;
}

// The shortest text that reads back as `p`.
std::string number(double p) { return fmt::format("{}", p); }

std::string_view unit_word(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::day: return "day";
    case TimeUnit::week: return "week";
    case TimeUnit::month: return "month";
    case TimeUnit::quarter: return "quarter";
    case TimeUnit::year: return "year";
  }
  return "day";
}

// `n` units as a count of days (day, week) or months (month, quarter, year): the units every
// interval syntax knows.
std::pair<int, std::string_view> days_or_months(TimeUnit unit, int n) {
  switch (unit) {
    case TimeUnit::day: return {n, "day"};
    case TimeUnit::week: return {7 * n, "day"};
    case TimeUnit::month: return {n, "month"};
    case TimeUnit::quarter: return {3 * n, "month"};
    case TimeUnit::year: return {12 * n, "month"};
  }
  return {n, "day"};
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// One step of `unit` as an interval: `INTERVAL '1 month'` (quoted) or `INTERVAL 1 MONTH`.
std::string interval_step(TimeUnit unit, bool quoted, bool upper_word) {
  auto [count, word] = days_or_months(unit, 1);
  std::string w = upper_word ? upper(word) : std::string(word);
  return quoted ? fmt::format("INTERVAL '{} {}'", count, w) : fmt::format("INTERVAL {} {}", count, w);
}

// PostgreSQL 15. date_trunc weeks are ISO weeks; date_trunc of a date gives a timestamp with time zone,
// cast back to a date. Strings with a backslash use the E'' form (backslashes doubled, quotes doubled),
// which means the same whatever standard_conforming_strings says.
class Postgres : public Dialect {
 public:
  std::string_view name() const override { return "postgres"; }
  bool supports(Capability c) const override {
    return c == Capability::exact_percentile || c == Capability::aggregate_filter;
  }
  std::string string_literal(std::string_view text) const override {
    if (text.find('\\') == std::string_view::npos) return quote_doubling(text, '\'');
    std::string doubled_backslashes;
    for (char c : text) doubled_backslashes += c == '\\' ? std::string_view("\\\\") : std::string_view(&c, 1);
    return "E" + quote_doubling(doubled_backslashes, '\'');
  }
  std::string truncate(TimeUnit unit, std::string_view expr, bool is_timestamp) const override {
    if (unit == TimeUnit::day && !is_timestamp) return std::string(expr);
    std::string call = fmt::format("date_trunc('{}', {})", unit_word(unit), expr);
    return is_timestamp ? call : fmt::format("CAST({} AS DATE)", call);
  }
  // PostgreSQL runs a FULL JOIN only on hash- or merge-joinable conditions, which `IS NOT DISTINCT FROM`
  // is not ("FULL JOIN is only supported with merge-joinable or hash-joinable join conditions"): two plain
  // equalities instead, on null-ness and on the text of the value (equal values of one type have equal
  // text; a null is equal to a null only).
  std::string null_safe_equal(std::string_view a, std::string_view b) const override {
    return fmt::format("(({0} IS NULL) = ({1} IS NULL) AND COALESCE(CAST({0} AS TEXT), '') = COALESCE(CAST({1} AS TEXT), ''))",
                       a, b);
  }
  std::optional<std::string> exact_percentile(std::string_view expr, double p) const override {
    return fmt::format("percentile_cont({}) WITHIN GROUP (ORDER BY {})", number(p), expr);
  }
  std::string approx_percentile(std::string_view expr, double p) const override {
    return *exact_percentile(expr, p);
  }
  std::string approx_count_distinct(std::string_view expr) const override {
    return fmt::format("COUNT(DISTINCT {})", expr);
  }
  std::string add_to_date(TimeUnit unit, int n, std::string_view expr) const override {
    auto [count, word] = days_or_months(unit, n);
    return fmt::format("CAST({} + INTERVAL '{} {}' AS DATE)", expr, count, word);
  }
  std::string epoch_micros(std::string_view expr) const override {
    return fmt::format("(EXTRACT(EPOCH FROM CAST({} AS TIMESTAMP)) * 1000000)", expr);
  }
  // The UTC wall time through the epoch, for a timestamp and a timestamptz column alike and whatever the
  // session's TimeZone: `ts - 'epoch'` is an interval of whole microseconds (the literal takes the
  // column's type: a timestamptz 'epoch' is the instant 1970-01-01 00:00 UTC), added to the timestamp
  // 'epoch' with no time zone rule; that AT TIME ZONE 'UTC' is the instant, AT TIME ZONE zone its local
  // time. (`ts AT TIME ZONE 'UTC'` alone would turn a timestamptz into its UTC wall time;
  // to_timestamp(EXTRACT(EPOCH …)) goes through a double, off by a microsecond after about 2100.)
  std::string utc_to_local(std::string_view expr, std::string_view zone) const override {
    return fmt::format("(((TIMESTAMP 'epoch' + ({} - 'epoch')) AT TIME ZONE 'UTC') AT TIME ZONE {})", expr,
                       string_literal(zone));
  }
  // generate_series over timestamps without time zone (a date would resolve to timestamptz, stepping
  // months in the session's zone).
  Series date_series(std::string_view lo, std::string_view hi, TimeUnit unit) const override {
    return {fmt::format("CROSS JOIN LATERAL generate_series(CAST({} AS TIMESTAMP), CAST({} AS TIMESTAMP), {}) AS "
                        "kpic_series(b)",
                        lo, hi, interval_step(unit, true, false)),
            "CAST(kpic_series.b AS DATE)"};
  }

 protected:
  std::string_view double_type() const override { return "DOUBLE PRECISION"; }
};

// DuckDB: PostgreSQL's spelling of most things; its strings never treat a backslash specially.
class DuckDb : public Postgres {
 public:
  std::string_view name() const override { return "duckdb"; }
  bool supports(Capability c) const override { return c != Capability::native_approx_count_distinct; }
  std::string string_literal(std::string_view text) const override { return quote_doubling(text, '\''); }
  // A week, month or year as the date minus the days since its first day: DuckDB's date_trunc makes a
  // timestamp of the date and truncates that, which costs about as much as the rest of a month's scan.
  std::string bucket_date(TimeUnit unit, std::string_view expr, bool is_timestamp) const override {
    const char* days_in = unit == TimeUnit::week ? "isodow" : unit == TimeUnit::month ? "dayofmonth"
                          : unit == TimeUnit::year ? "dayofyear" : nullptr;
    if (!days_in) return Dialect::bucket_date(unit, expr, is_timestamp);
    std::string date = is_timestamp ? cast_date(expr) : std::string(expr);
    return fmt::format("({0} - CAST({1}({0}) - 1 AS INTEGER))", date, days_in);
  }
  // DuckDB joins on `IS NOT DISTINCT FROM` (PostgreSQL's form is for its FULL JOIN's limits).
  std::string null_safe_equal(std::string_view a, std::string_view b) const override {
    return Dialect::null_safe_equal(a, b);
  }
  std::optional<std::string> exact_percentile(std::string_view expr, double p) const override {
    return fmt::format("quantile_cont({}, {})", expr, number(p));
  }
  // approx_quantile keeps an integer input's type (rounding the estimate): cast to DOUBLE first.
  std::string approx_percentile(std::string_view expr, double p) const override {
    return fmt::format("approx_quantile(CAST({} AS DOUBLE), {})", expr, number(p));
  }
  // DuckDB's approx_count_distinct (1.5.6) gives 1232 and 1490 for two sets of 1000 distinct values:
  // no useful bound, so the exact count stands in (tests/sql/check_duckdb.mjs).
  std::optional<std::string> file_table(std::string_view path, FileFormat format) const override {
    return fmt::format("{}({})", format == FileFormat::parquet ? "read_parquet" : "read_csv",
                       string_literal(path));
  }
  std::string epoch_micros(std::string_view expr) const override {
    return fmt::format("epoch_us(CAST({} AS TIMESTAMP))", expr);
  }
  std::string epoch_micros_int(std::string_view expr) const override { return epoch_micros(expr); }
  // make_timestamptz(epoch_us(ts)) is the instant for a TIMESTAMP (read as UTC) and a TIMESTAMPTZ alike
  // (read_csv gives one for `…Z` text), in whole microseconds; timezone(zone, that) is its local time
  // (`timezone('UTC', ts)` would give a TIMESTAMPTZ's UTC wall time instead). No cheaper than the old form.
  std::string utc_to_local(std::string_view expr, std::string_view zone) const override {
    return fmt::format("timezone({}, make_timestamptz(epoch_us({})))", string_literal(zone), expr);
  }

 protected:
  std::string_view double_type() const override { return "DOUBLE"; }
};

// Trino: date_trunc keeps the type and its weeks are ISO weeks; no exact percentile aggregate.
class Trino : public Dialect {
 public:
  std::string_view name() const override { return "trino"; }
  bool supports(Capability c) const override {
    return c == Capability::native_approx_percentile || c == Capability::native_approx_count_distinct;
  }
  std::string truncate(TimeUnit unit, std::string_view expr, bool is_timestamp) const override {
    if (unit == TimeUnit::day && !is_timestamp) return std::string(expr);
    return fmt::format("date_trunc('{}', {})", unit_word(unit), expr);
  }
  std::optional<std::string> exact_percentile(std::string_view, double) const override {
    return std::nullopt;
  }
  std::string approx_percentile(std::string_view expr, double p) const override {
    return fmt::format("approx_percentile(CAST({} AS DOUBLE), {})", expr, number(p));
  }
  std::string approx_count_distinct(std::string_view expr) const override {
    return fmt::format("approx_distinct({})", expr);
  }
  std::string add_to_date(TimeUnit unit, int n, std::string_view expr) const override {
    return fmt::format("date_add('{}', {}, {})", unit_word(unit), n, expr);
  }
  std::string epoch_micros(std::string_view expr) const override {
    return fmt::format("(to_unixtime(CAST({} AS TIMESTAMP)) * 1000000)", expr);
  }
  // to_unixtime reads a timestamp without time zone in the session's zone and gives a double: read it
  // as UTC (with_timezone) and round the microseconds the double holds to the nearest integer.
  std::string epoch_micros_int(std::string_view expr) const override {
    return fmt::format("CAST(round(to_unixtime(with_timezone(CAST({} AS TIMESTAMP(6)), 'UTC')) * 1000000) AS BIGINT)",
                       expr);
  }
  // with_timezone reads a timestamp as UTC; a timestamp with time zone is first cast to its wall time in
  // its own zone, which is UTC for the columns of Trino's connectors (Iceberg, PostgreSQL, Delta).
  std::string utc_to_local(std::string_view expr, std::string_view zone) const override {
    return fmt::format("CAST(with_timezone(CAST({} AS TIMESTAMP(6)), 'UTC') AT TIME ZONE {} AS TIMESTAMP(6))", expr,
                       string_literal(zone));
  }
  Series date_series(std::string_view lo, std::string_view hi, TimeUnit unit) const override {
    auto [count, word] = days_or_months(unit, 1);
    return {fmt::format("CROSS JOIN UNNEST(sequence({}, {}, INTERVAL '{}' {})) AS kpic_series(b)", lo, hi, count,
                        upper(word)),
            "kpic_series.b"};
  }

 protected:
  std::string_view double_type() const override { return "DOUBLE"; }
};

// Spark SQL 3: backquoted names, C-style escapes in strings, `trunc` for dates (weeks start on Monday),
// `date_trunc` for timestamps, `percentile` is exact with linear interpolation.
class Spark : public Dialect {
 public:
  std::string_view name() const override { return "spark"; }
  bool supports(Capability c) const override {
    return c != Capability::file_scan && c != Capability::aggregate_filter;
  }
  std::string string_literal(std::string_view text) const override { return quote_backslash(text, '\''); }
  std::string truncate(TimeUnit unit, std::string_view expr, bool is_timestamp) const override {
    if (is_timestamp) return fmt::format("date_trunc('{}', {})", upper(unit_word(unit)), expr);
    if (unit == TimeUnit::day) return std::string(expr);
    return fmt::format("trunc({}, '{}')", expr, upper(unit_word(unit)));
  }
  std::string null_safe_equal(std::string_view a, std::string_view b) const override {
    return fmt::format("{} <=> {}", a, b);
  }
  std::optional<std::string> exact_percentile(std::string_view expr, double p) const override {
    return fmt::format("percentile({}, {})", expr, number(p));
  }
  std::string approx_percentile(std::string_view expr, double p) const override {
    return fmt::format("percentile_approx(CAST({} AS DOUBLE), {})", expr, number(p));
  }
  std::string approx_count_distinct(std::string_view expr) const override {
    return fmt::format("approx_count_distinct({})", expr);
  }
  std::string add_to_date(TimeUnit unit, int n, std::string_view expr) const override {
    auto [count, word] = days_or_months(unit, n);
    return fmt::format("{}({}, {})", word == "day" ? "date_add" : "add_months", expr, count);
  }
  std::string epoch_micros(std::string_view expr) const override {
    return fmt::format("unix_micros(CAST({} AS TIMESTAMP))", expr);
  }
  std::string epoch_micros_int(std::string_view expr) const override { return epoch_micros(expr); }
  // Spark's TIMESTAMP is an instant already (TIMESTAMP_LTZ); like its day buckets, this expects the
  // session time zone to be UTC (a TIMESTAMP_NTZ column is read in it).
  std::string utc_to_local(std::string_view expr, std::string_view zone) const override {
    return fmt::format("from_utc_timestamp({}, {})", expr, string_literal(zone));
  }
  Series date_series(std::string_view lo, std::string_view hi, TimeUnit unit) const override {
    return {fmt::format("LATERAL VIEW explode(sequence({}, {}, {})) kpic_series AS b", lo, hi,
                        interval_step(unit, false, true)),
            "kpic_series.b"};
  }

 protected:
  std::string_view double_type() const override { return "DOUBLE"; }
  std::string quote_identifier(std::string_view name) const override { return quote_doubling(name, '`'); }
};

// BigQuery (GoogleSQL): backquoted names and strings share C-style escapes; kpic's timestamps (no time
// zone) are DATETIME; ISOWEEK starts on Monday. PERCENTILE_CONT exists only as a window function.
class BigQuery : public Dialect {
 public:
  std::string_view name() const override { return "bigquery"; }
  bool supports(Capability c) const override {
    return c == Capability::native_approx_percentile || c == Capability::native_approx_count_distinct;
  }
  std::string string_literal(std::string_view text) const override { return quote_backslash(text, '\''); }
  std::string timestamp_literal(std::string_view iso) const override {
    return "DATETIME " + string_literal(iso);
  }
  std::string truncate(TimeUnit unit, std::string_view expr, bool is_timestamp) const override {
    if (unit == TimeUnit::day && !is_timestamp) return std::string(expr);
    std::string part = unit == TimeUnit::week ? "ISOWEEK" : upper(unit_word(unit));
    return fmt::format("{}({}, {})", is_timestamp ? "DATETIME_TRUNC" : "DATE_TRUNC", expr, part);
  }
  std::string null_safe_equal(std::string_view a, std::string_view b) const override {
    return fmt::format("({0} = {1} OR ({0} IS NULL AND {1} IS NULL))", a, b);
  }
  std::optional<std::string> exact_percentile(std::string_view, double) const override {
    return std::nullopt;
  }
  // APPROX_QUANTILES(x, 1000) holds 1001 boundaries, min to max; SAFE_OFFSET gives null over no rows.
  std::string approx_percentile(std::string_view expr, double p) const override {
    long offset = std::lround(std::clamp(p, 0.0, 1.0) * 1000);
    return fmt::format("APPROX_QUANTILES(CAST({} AS FLOAT64), 1000)[SAFE_OFFSET({})]", expr, offset);
  }
  std::string approx_count_distinct(std::string_view expr) const override {
    return fmt::format("APPROX_COUNT_DISTINCT({})", expr);
  }
  std::string add_to_date(TimeUnit unit, int n, std::string_view expr) const override {
    return fmt::format("DATE_ADD({}, INTERVAL {} {})", expr, n, upper(unit_word(unit)));
  }
  std::string epoch_micros(std::string_view expr) const override {
    return fmt::format("UNIX_MICROS(TIMESTAMP(CAST({} AS DATETIME)))", expr);
  }
  std::string epoch_micros_int(std::string_view expr) const override { return epoch_micros(expr); }
  // CAST(… AS TIMESTAMP) reads a DATETIME in UTC and keeps a TIMESTAMP column's instant;
  // DATETIME(timestamp, zone) is its local time.
  std::string utc_to_local(std::string_view expr, std::string_view zone) const override {
    return fmt::format("DATETIME(CAST({} AS TIMESTAMP), {})", expr, string_literal(zone));
  }
  Series date_series(std::string_view lo, std::string_view hi, TimeUnit unit) const override {
    return {fmt::format("CROSS JOIN UNNEST(GENERATE_DATE_ARRAY({}, {}, {})) AS kpic_series_b", lo, hi,
                        interval_step(unit, false, true)),
            "kpic_series_b"};
  }

 protected:
  std::string_view double_type() const override { return "FLOAT64"; }
  std::string quote_identifier(std::string_view name) const override {
    return quote_backslash(name, '`', true);
  }
};

// Snowflake: strings take C-style escapes; DATE_TRUNC('WEEK') follows the session's WEEK_START, so weeks
// are computed from DAYOFWEEKISO, which ignores it. Timestamps are TIMESTAMP_NTZ.
class Snowflake : public Dialect {
 public:
  std::string_view name() const override { return "snowflake"; }
  bool supports(Capability c) const override {
    return c != Capability::file_scan && c != Capability::aggregate_filter;
  }
  std::string string_literal(std::string_view text) const override { return quote_backslash(text, '\''); }
  std::string timestamp_literal(std::string_view iso) const override {
    return fmt::format("CAST({} AS TIMESTAMP_NTZ)", string_literal(iso));
  }
  std::string truncate(TimeUnit unit, std::string_view expr, bool is_timestamp) const override {
    if (unit == TimeUnit::day && !is_timestamp) return std::string(expr);
    if (unit != TimeUnit::week) return fmt::format("DATE_TRUNC('{}', {})", upper(unit_word(unit)), expr);
    std::string day = is_timestamp ? fmt::format("DATE_TRUNC('DAY', {})", expr) : std::string(expr);
    return fmt::format("DATEADD(DAY, 1 - DAYOFWEEKISO({}), {})", expr, day);
  }
  std::optional<std::string> exact_percentile(std::string_view expr, double p) const override {
    return fmt::format("PERCENTILE_CONT({}) WITHIN GROUP (ORDER BY {})", number(p), expr);
  }
  std::string approx_percentile(std::string_view expr, double p) const override {
    return fmt::format("APPROX_PERCENTILE(CAST({} AS DOUBLE), {})", expr, number(p));
  }
  std::string approx_count_distinct(std::string_view expr) const override {
    return fmt::format("APPROX_COUNT_DISTINCT({})", expr);
  }
  std::string add_to_date(TimeUnit unit, int n, std::string_view expr) const override {
    return fmt::format("DATEADD({}, {}, {})", upper(unit_word(unit)), n, expr);
  }
  std::string epoch_micros(std::string_view expr) const override {
    return fmt::format("DATE_PART(EPOCH_MICROSECOND, CAST({} AS TIMESTAMP_NTZ))", expr);
  }
  // The three-argument form reads a TIMESTAMP_NTZ in the source zone and gives one in the target zone.
  // Its argument goes through the epoch first: DATE_PART(EPOCH_MICROSECOND) of a TIMESTAMP_NTZ counts it
  // as UTC, of a TIMESTAMP_TZ or _LTZ its instant, and TO_TIMESTAMP_NTZ(µs, 6) is that UTC wall time
  // (a TIMESTAMP_TZ given as it is would be read at its own offset's wall time).
  std::string utc_to_local(std::string_view expr, std::string_view zone) const override {
    return fmt::format("CONVERT_TIMEZONE('UTC', {}, TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, {}), 6))",
                       string_literal(zone), expr);
  }
  // No date series of its own: offsets 0..n from ARRAY_GENERATE_RANGE, flattened, added to `lo`.
  Series date_series(std::string_view lo, std::string_view hi, TimeUnit unit) const override {
    auto [count, word] = days_or_months(unit, 1);
    std::string steps = fmt::format("DATEDIFF({}, {}, {})", upper(word), lo, hi);
    if (count != 1) steps = fmt::format("CAST({} / {} AS INTEGER)", steps, count);
    std::string offset = "CAST(kpic_series.value AS INTEGER)";
    if (count != 1) offset = fmt::format("{} * {}", offset, count);
    return {fmt::format("CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, {} + 1))) AS kpic_series", steps),
            fmt::format("CAST(DATEADD({}, {}, {}) AS DATE)", upper(word), offset, lo)};
  }

 protected:
  std::string_view double_type() const override { return "DOUBLE"; }
};

const DuckDb kDuckDb;
const Postgres kPostgres;
const Spark kSpark;
const Trino kTrino;
const BigQuery kBigQuery;
const Snowflake kSnowflake;
constexpr std::array<std::string_view, 6> kNames = {"duckdb", "postgres", "spark",
                                                    "trino",  "bigquery", "snowflake"};

}  // namespace

std::string Dialect::identifier(std::string_view name) const {
  return is_plain_name(name) ? std::string(name) : quote_identifier(name);
}

std::string Dialect::table_reference(std::string_view dotted) const {
  std::string out;
  for (size_t start = 0;;) {
    size_t dot = dotted.find('.', start);
    if (!out.empty()) out += '.';
    out += identifier(dotted.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

std::string Dialect::string_literal(std::string_view text) const { return quote_doubling(text, '\''); }

std::string Dialect::date_literal(std::string_view iso) const { return "DATE " + string_literal(iso); }

std::string Dialect::timestamp_literal(std::string_view iso) const {
  return "TIMESTAMP " + string_literal(iso);
}

std::string Dialect::safe_divide(std::string_view n, std::string_view d) const {
  return fmt::format("CAST({} AS {}) / NULLIF({}, 0)", n, double_type(), d);
}

std::string Dialect::bucket_date(TimeUnit unit, std::string_view expr, bool is_timestamp) const {
  if (unit == TimeUnit::day && is_timestamp) return cast_date(expr);
  std::string t = truncate(unit, expr, is_timestamp);
  return is_timestamp ? cast_date(t) : t;
}

std::string Dialect::cast_double(std::string_view expr) const {
  return fmt::format("CAST({} AS {})", expr, double_type());
}
std::string Dialect::cast_date(std::string_view expr) const { return fmt::format("CAST({} AS DATE)", expr); }

std::string Dialect::epoch_micros_int(std::string_view expr) const {
  return fmt::format("CAST({} AS BIGINT)", epoch_micros(expr));
}
std::string Dialect::null_safe_equal(std::string_view a, std::string_view b) const {
  return fmt::format("{} IS NOT DISTINCT FROM {}", a, b);
}

std::optional<std::string> Dialect::file_table(std::string_view, FileFormat) const { return std::nullopt; }

std::string Dialect::quote_identifier(std::string_view name) const { return quote_doubling(name, '"'); }

const Dialect* find_dialect(std::string_view name) {
  const Dialect* all[] = {&kDuckDb, &kPostgres, &kSpark, &kTrino, &kBigQuery, &kSnowflake};
  for (const Dialect* d : all)
    if (d->name() == name) return d;
  return nullptr;
}

std::span<const std::string_view> dialect_names() { return kNames; }

}  // namespace kpic::sql
