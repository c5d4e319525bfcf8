// lower_to_sql: see lower.h. One QueryBuilder per metric collects the CTEs the metric needs (passes,
// `per`s, metrics used as values, the rows of metrics with period functions), each once, in dependency
// order, then writes `WITH … SELECT`.
//
// Evaluation follows compiler/engine/metric_eval.cc: a metric's rows are the union of the groups of the
// sides it reads at its own dimensions (grouped passes, `per` results, metrics with as many dimensions,
// whose expressions are inlined); a side without a row evaluates as an aggregate over no rows (counts 0,
// the rest null); metrics and ungrouped passes with fewer dimensions are broadcast; prev/growth look up
// the calendar bucket before among the metric's own rows, running_sum adds up the earlier ones.
#include "compiler/sql/lower.h"

#include "compiler/sql/cohort.h"
#include "compiler/sql/funnel.h"

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "runtime/exec/time_bucket.h"

namespace kpic::sql {
namespace {

using plan::Node;
using plan::NodeKind;
using plan::Builtin;
using plan::Op;

struct Unsupported {
  LowerErrorKind kind;
  std::string message;
};

[[noreturn]] void not_lowered(const Dialect& d, const std::string& what) {
  throw Unsupported{LowerErrorKind::not_lowered,
                    what + " is not lowered to SQL yet (dialect " + std::string(d.name()) + ")"};
}

bool counts(Builtin b) {
  return b == Builtin::Count || b == Builtin::CountDistinct || b == Builtin::ApproxCountDistinct || b == Builtin::Funnel;
}

std::optional<TimeUnit> time_unit(Builtin b) {
  switch (b) {
    case Builtin::Day: return TimeUnit::day;
    case Builtin::Week: return TimeUnit::week;
    case Builtin::Month: return TimeUnit::month;
    case Builtin::Quarter: return TimeUnit::quarter;
    case Builtin::Year: return TimeUnit::year;
    default: return std::nullopt;
  }
}

// The unit a bucket steps by (prev, growth, running_sum, trailing): a fiscal quarter is 3 months, a
// fiscal year 12, a week (whatever day it starts on) 7 days.
TimeUnit step_unit(Builtin b) {
  if (b == Builtin::FiscalQuarter) return TimeUnit::quarter;
  if (b == Builtin::FiscalYear) return TimeUnit::year;
  return time_unit(b).value_or(TimeUnit::day);
}

bool is_bucket(Builtin b) { return time_unit(b) || b == Builtin::FiscalQuarter || b == Builtin::FiscalYear; }

// The first day (a date) of bucket `b` holding `x` under the program's calendar: a timestamp's day is
// taken in the calendar's time zone (a date is not shifted); weeks starting on another day than Monday
// are ISO weeks of the date moved forward to that Monday, then moved back; fiscal buckets are quarters
// and years of the date moved back by the months the fiscal year starts late, then moved forward.
std::string bucket_sql(const Dialect& d, const exec::Calendar& cal, Builtin b, std::string x, bool is_timestamp) {
  if (is_timestamp && !cal.time_zone.empty()) x = d.utc_to_local(x, cal.time_zone);
  auto date_of = [&](TimeUnit u) { return d.bucket_date(u, x, is_timestamp); };
  if (b == Builtin::Week && cal.week_start != 1) {
    int k = (8 - cal.week_start) % 7;  // days from a week's first day to the next Monday
    return d.add_to_date(TimeUnit::day, -k,
                         d.truncate(TimeUnit::week, d.add_to_date(TimeUnit::day, k, date_of(TimeUnit::day)), false));
  }
  if (b == Builtin::FiscalQuarter || b == Builtin::FiscalYear) {
    TimeUnit u = step_unit(b);
    int late = cal.fiscal_month - 1;
    if (!late) return date_of(u);
    return d.add_to_date(TimeUnit::month, late,
                         d.truncate(u, d.add_to_date(TimeUnit::month, -late, date_of(TimeUnit::day)), false));
  }
  return date_of(*time_unit(b));
}

std::string iso_date(int64_t days) {
  exec::CivilDate c = exec::civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string iso_timestamp(int64_t us) {
  int64_t days = exec::days_of_us(us);
  int64_t rest = us - days * exec::kUsPerDay;
  int64_t secs = rest / exec::kUsPerSecond, micros = rest % exec::kUsPerSecond;
  std::string out = fmt::format("{} {:02}:{:02}:{:02}", iso_date(days), secs / 3600, secs / 60 % 60, secs % 60);
  if (micros) out += fmt::format(".{:06}", micros);
  return out;
}

std::string builtin_name(Builtin b) { return std::string(lang::builtin_info(b).name); }
// The N of prev(X, N) / growth(X, N): its second argument, a positive Int literal (1 when absent).
int period_offset(const Node& p) { return p.args.size() > 1 ? static_cast<int>(p.args[1].value.i) : 1; }

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

std::string key_col(size_t i) { return "k" + std::to_string(i); }

bool has_period(const Node& e) {
  if (e.kind == NodeKind::Period) return true;
  for (const auto& a : e.args)
    if (has_period(a)) return true;
  return false;
}

// Operators, literals and scalar builtins: the same at row and aggregate level. `leaf` renders the
// nodes that depend on the level (slots, parameters, aggregate results, metrics, periods).
class ExprSql {
 public:
  ExprSql(const Dialect& d, const exec::Calendar& cal, std::function<std::string(const Node&)> leaf)
      : d_(d), cal_(cal), leaf_(std::move(leaf)) {}

  std::string operator()(const Node& e) const {
    switch (e.kind) {
      case NodeKind::Literal: return literal(e.value);
      case NodeKind::Unary: {
        std::string a = (*this)(e.args[0]);
        return e.op == Op::Not ? "(NOT " + a + ")" : "(-" + a + ")";
      }
      case NodeKind::Binary: return binary(e);
      case NodeKind::If:
        return fmt::format("CASE WHEN {} THEN {} ELSE {} END", (*this)(e.args[0]), (*this)(e.args[1]),
                           (*this)(e.args[2]));
      case NodeKind::In: {
        // A null in the list matches nothing (as locally), so it is left out; a null `x` gives null.
        std::vector<std::string> values;
        for (const auto& v : e.values)
          if (!v.is_null) values.push_back(literal(v));
        std::string x = (*this)(e.args[0]);
        if (values.empty()) return fmt::format("(CASE WHEN {} IS NULL THEN NULL ELSE {} END)", x, e.negated ? "TRUE" : "FALSE");
        return fmt::format("({} {}IN ({}))", x, e.negated ? "NOT " : "", join(values, ", "));
      }
      case NodeKind::IsNull: return fmt::format("({} IS {}NULL)", (*this)(e.args[0]), e.negated ? "NOT " : "");
      case NodeKind::Call: return call(e);
      default: return leaf_(e);
    }
  }

  std::string literal(const Value& v) const {
    if (v.is_null) return "NULL";
    switch (v.type) {
      case ValueType::Int: return v.i < 0 ? "(" + std::to_string(v.i) + ")" : std::to_string(v.i);
      case ValueType::Float: {
        if (!std::isfinite(v.f)) not_lowered(d_, "a non-finite number literal");
        std::string s = fmt::format("{}", v.f);
        if (s.find_first_of(".e") == std::string::npos) s += ".0";
        return v.f < 0 ? "(" + s + ")" : s;
      }
      case ValueType::Bool: return v.i ? "TRUE" : "FALSE";
      case ValueType::String:
        if (v.s.find('\0') != std::string::npos) not_lowered(d_, "a string holding a NUL character");
        return d_.string_literal(v.s);
      case ValueType::Date: return d_.date_literal(iso_date(v.i));
      case ValueType::Timestamp: return d_.timestamp_literal(iso_timestamp(v.i));
      default: return "NULL";
    }
  }

 private:
  std::string binary(const Node& e) const {
    std::string a = (*this)(e.args[0]), b = (*this)(e.args[1]);
    const char* op = nullptr;
    switch (e.op) {
      case Op::Or: op = "OR"; break;
      case Op::And: op = "AND"; break;
      case Op::Eq: op = "="; break;
      case Op::Ne: op = "<>"; break;
      case Op::Lt: op = "<"; break;
      case Op::Le: op = "<="; break;
      case Op::Gt: op = ">"; break;
      case Op::Ge: op = ">="; break;
      case Op::Add: op = "+"; break;
      case Op::Sub: op = "-"; break;
      case Op::Mul: op = "*"; break;
      case Op::Div: return "(" + d_.safe_divide(a, b) + ")";
      case Op::Mod:
        if (e.type == ValueType::Float) not_lowered(d_, "`%` of fractional numbers");
        return fmt::format("({} % NULLIF({}, 0))", a, b);
      default: not_lowered(d_, "this operator");
    }
    if (e.type == ValueType::Float && e.args[0].type != ValueType::Float && e.args[1].type != ValueType::Float &&
        (e.op == Op::Add || e.op == Op::Sub || e.op == Op::Mul))
      a = d_.cast_double(a);
    return fmt::format("({} {} {})", a, op, b);
  }

  std::string call(const Node& e) const {
    std::vector<std::string> args;
    for (const auto& a : e.args) args.push_back((*this)(a));
    if (is_bucket(e.builtin)) return bucket_sql(d_, cal_, e.builtin, args[0], e.args[0].type == ValueType::Timestamp);
    // day_of_week and hour of a timestamp read its local time in the calendar's zone.
    if ((e.builtin == Builtin::DayOfWeek || e.builtin == Builtin::Hour) && e.args[0].type == ValueType::Timestamp &&
        !cal_.time_zone.empty())
      args[0] = d_.utc_to_local(args[0], cal_.time_zone);
    switch (e.builtin) {
      case Builtin::Ratio: return "(" + d_.safe_divide(args[0], args[1]) + ")";
      case Builtin::DaysBetween:
      case Builtin::HoursBetween:
      case Builtin::SecondsBetween:
        return fmt::format("({} / {})", d_.cast_double(fmt::format("({} - {})", d_.epoch_micros(args[1]),
                                                                   d_.epoch_micros(args[0]))),
                           fmt::format("{}.0", static_cast<int64_t>(plan::us_per_unit(e.builtin))));
      case Builtin::Coalesce: return args.size() == 1 ? args[0] : "COALESCE(" + join(args, ", ") + ")";
      case Builtin::Least:
      case Builtin::Greatest: {
        if (args.size() == 1) return args[0];
        // Nulls are skipped (language.md), which not every dialect's LEAST does: each argument is
        // replaced by the first non-null one when it is null, so a null never wins and all-null is null.
        std::vector<std::string> filled;
        for (size_t i = 0; i < args.size(); ++i) {
          std::vector<std::string> order{args[i]};
          for (size_t j = 0; j < args.size(); ++j)
            if (j != i) order.push_back(args[j]);
          filled.push_back("COALESCE(" + join(order, ", ") + ")");
        }
        return (e.builtin == Builtin::Least ? "LEAST(" : "GREATEST(") + join(filled, ", ") + ")";
      }
      case Builtin::DayOfWeek:  // days since 1970-01-01 (a Thursday), Monday = 1
        return "(" + positive_mod(whole_units(args[0], "86400000000") + " + 3", 7) + " + 1)";
      case Builtin::Hour: return positive_mod(whole_units(args[0], "3600000000"), 24);
      case Builtin::Abs: return "ABS(" + args[0] + ")";
      case Builtin::Floor: return "FLOOR(" + d_.cast_double(args[0]) + ")";
      case Builtin::Ceil: return "CEIL(" + d_.cast_double(args[0]) + ")";
      case Builtin::Round: {
        // Half away from zero on every dialect (PostgreSQL rounds doubles half to even).
        std::string scale = args.size() > 1 ? "POWER(10.0, " + args[1] + ")" : "";
        std::string x = d_.cast_double(args[0]);
        if (!scale.empty()) x = "(" + x + " * " + scale + ")";
        std::string r = fmt::format("(SIGN({0}) * FLOOR(ABS({0}) + 0.5))", x);
        return scale.empty() ? r : "(" + r + " / " + scale + ")";
      }
      default: not_lowered(d_, "the builtin `" + builtin_name(e.builtin) + "`");
    }
  }

  // Whole `micros_per_unit`s since 1970-01-01 of a date or timestamp, floored (an integer).
  std::string whole_units(const std::string& x, const char* micros_per_unit) const {
    return fmt::format("CAST(FLOOR({} / {}) AS BIGINT)", d_.epoch_micros(x), micros_per_unit);
  }
  // `x` modulo `n` in [0, n) also for a negative `x` (SQL's MOD takes the sign of `x`).
  static std::string positive_mod(const std::string& x, int n) {
    return fmt::format("MOD(MOD({}, {}) + {}, {})", x, n, n, n);
  }

  const Dialect& d_;
  const exec::Calendar& cal_;
  std::function<std::string(const Node&)> leaf_;
};

// A side of a join: a CTE with one column per dimension of the frame it is joined into (`cols[j]`,
// empty when it lacks dimension j: then it is broadcast along it).
struct Side {
  std::string cte;
  std::string alias;
  std::vector<std::string> cols;
  bool keyed = false;  // has every dimension: its rows are rows of the frame
};

// The rows a metric (or a `per`'s inner expression) is evaluated over: the union of its keyed sides'
// keys (FULL OUTER JOIN, keys coalesced), broadcast sides joined on the dimensions they have.
struct Frame {
  size_t ndims = 0;
  std::vector<Side> sides;
  std::map<std::string, size_t> by_id;  // "pass 3", "per 1", "metric 2" -> sides[]
  std::vector<std::string> keys;        // per dimension: its SQL in the frame

  const Side& side(const std::string& id) const { return sides.at(by_id.at(id)); }
};

class QueryBuilder {
 public:
  QueryBuilder(const plan::Plan& plan, const std::vector<std::string>& tables, const Dialect& d)
      : plan_(plan), tables_(tables), d_(d) {
    for (const auto& s : plan.sources) used_names_.insert(s.name);
    for (const auto& t : tables) used_names_.insert(t);
  }

  std::string query(int m) {
    const plan::MetricOp& metric = plan_.metrics[m];
    std::string body = metric_select(m, true);
    std::string out;
    if (!ctes_.empty()) {
      out = "WITH\n";
      for (size_t i = 0; i < ctes_.size(); ++i)
        out += ctes_[i].first + " AS (\n" + indent(ctes_[i].second) + "\n)" + (i + 1 < ctes_.size() ? "," : "") + "\n";
    }
    out += body;
    if (!metric.dims.empty()) {
      std::vector<std::string> order;
      for (size_t j = 0; j < metric.dims.size(); ++j) order.push_back(std::to_string(j + 1) + " NULLS LAST");
      out += "\nORDER BY " + join(order, ", ");
    }
    return out;
  }

 private:
  static std::string indent(const std::string& text) {
    std::string out = "  ";
    for (char c : text) {
      out += c;
      if (c == '\n') out += "  ";
    }
    return out;
  }

  // A fresh CTE name from `base` (never a table's name, never used twice).
  std::string cte_name(std::string base) {
    for (char& c : base)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) c = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : '_';
    std::string name = base;
    for (int n = 2; used_names_.count(name); ++n) name = base + "_" + std::to_string(n);
    used_names_.insert(name);
    return d_.identifier(name);
  }

  std::string add_cte(const std::string& id, const std::string& base, const std::function<std::string()>& body) {
    auto it = cte_by_id_.find(id);
    if (it != cte_by_id_.end()) return it->second;
    std::string text = body();  // its own CTEs come first
    std::string name = cte_name(base);
    ctes_.emplace_back(name, text);
    cte_by_id_[id] = name;
    return name;
  }

  // ---- Row level: passes -------------------------------------------------------------------------

  std::string row_sql(const Node& e, int source) {
    ExprSql sql(d_, plan_.calendar, [&](const Node& n) -> std::string {
      if (n.kind == NodeKind::Slot) {
        const plan::PlanSource& src = plan_.sources[source];
        if (n.wide) {
          int lag = lag_of_slot(source, n.index);
          return lag >= 0 ? "lag_" + std::to_string(lag) : "lookup_" + std::to_string(lookup_of_slot(source, n.index));
        }
        return d_.identifier(src.slot_names.at(n.index));
      }
      if (n.kind == NodeKind::Param) return param_sql(n.index);
      not_lowered(d_, "an aggregate-level value inside a row expression");
    });
    return sql(e);
  }

  int lag_of_slot(int source, int slot) const {
    for (size_t l = 0; l < plan_.lags.size(); ++l)
      if (plan_.lags[l].source == source && plan_.lags[l].slot == slot) return static_cast<int>(l);
    return -1;
  }

  int lookup_of_slot(int source, int slot) const {
    for (size_t l = 0; l < plan_.lookups.size(); ++l)
      if (plan_.lookups[l].source == source && plan_.lookups[l].slot == slot) return static_cast<int>(l);
    not_lowered(d_, "a wide column that is neither a lag nor a lookup");
  }

  // An ungrouped aggregate or metric used inside rows: a scalar subquery of its one-row CTE.
  std::string param_sql(int i) {
    const Node& p = plan_.params.at(i);
    if (p.kind == NodeKind::AggResult) {
      std::string cte = pass_cte(p.pass);
      return fmt::format("(SELECT a{} FROM {})", p.index, cte);
    }
    if (p.kind == NodeKind::Metric) return fmt::format("(SELECT value FROM {})", metric_cte(p.index));
    not_lowered(d_, "this kind of value inside rows");
  }

  std::string column_name(int source, int schema_col) const {
    const plan::PlanSource& src = plan_.sources[source];
    for (size_t i = 0; i < src.columns.size(); ++i)
      if (src.columns[i] == schema_col) return d_.identifier(src.slot_names[i]);
    not_lowered(d_, "a lag of a column the plan does not read");
  }

  // The table a pass scans: the source's table, or a CTE adding its lag columns (computed over all
  // of the source's rows, before any `where`, as the local engine does).
  std::string source_table(int source) {
    const std::string& table = tables_.at(source);
    if (table.empty()) not_lowered(d_, "a source without a table");
    bool lags = false, lookups = false;
    for (const auto& l : plan_.lags) lags |= l.source == source;
    for (const auto& l : plan_.lookups) lookups |= l.source == source;
    if (!lags && !lookups) return table;
    if (lookups) return lookup_table(source, table);
    return add_cte("lags " + std::to_string(source), plan_.sources[source].name + "_with_lags", [&] {
      std::string cols = "  *";
      for (size_t l = 0; l < plan_.lags.size(); ++l) {
        const plan::Lag& lag = plan_.lags[l];
        if (lag.source != source) continue;
        cols += fmt::format(",\n  LAG({}) OVER (PARTITION BY {} ORDER BY {} NULLS LAST) AS lag_{}",
                            column_name(source, lag.value_col), column_name(source, lag.key_col),
                            column_name(source, lag.order_col), l);
      }
      return "SELECT\n" + cols + "\nFROM " + table;
    });
  }

  // The source's rows with their lookup columns (and lag columns): one LEFT JOIN per hop of references
  // (shared by the lookups that follow it) on the referenced source's rows with a unique key. The key is
  // checked, not trusted: `keyed_table` fails the query when a key repeats, so the join can never add rows.
  std::string lookup_table(int source, const std::string& table) {
    return add_cte("lookups " + std::to_string(source), plan_.sources[source].name + "_with_lookups", [&] {
      const std::string base = "kpic_s";
      std::string cols = "  " + base + ".*", joins;
      for (size_t l = 0; l < plan_.lags.size(); ++l) {
        const plan::Lag& lag = plan_.lags[l];
        if (lag.source != source) continue;
        cols += fmt::format(",\n  LAG({0}.{1}) OVER (PARTITION BY {0}.{2} ORDER BY {0}.{3} NULLS LAST) AS lag_{4}", base,
                            column_name(source, lag.value_col), column_name(source, lag.key_col),
                            column_name(source, lag.order_col), l);
      }
      std::map<std::string, std::string> alias_of;  // the hops so far -> the alias of their last join
      for (size_t l = 0; l < plan_.lookups.size(); ++l) {
        const plan::Lookup& lookup = plan_.lookups[l];
        if (lookup.source != source) continue;
        std::string path, prev = base;
        for (const plan::LookupHop& hop : lookup.hops) {
          path += std::to_string(hop.from) + "." + std::to_string(hop.column) + ">" + std::to_string(hop.to) + ";";
          auto it = alias_of.find(path);
          if (it == alias_of.end()) {
            std::string alias = "kpic_j" + std::to_string(alias_of.size());
            joins += fmt::format("\nLEFT JOIN {} AS {} ON {}.{} = {}.{}", keyed_table(hop), alias, prev,
                                 d_.identifier(hop.column_name), alias, d_.identifier(hop.key_name));
            it = alias_of.emplace(path, alias).first;
          }
          prev = it->second;
        }
        cols += fmt::format(",\n  {}.{} AS lookup_{}", prev, d_.identifier(lookup.value_name), l);
      }
      return "SELECT\n" + cols + "\nFROM " + table + " AS " + base + joins;
    });
  }

  // The rows of a referenced source whose key is not null, the query failing (a cast error naming the
  // source) when a key value repeats.
  std::string keyed_table(const plan::LookupHop& hop) {
    const std::string& table = tables_.at(hop.to);
    if (table.empty()) not_lowered(d_, "a referenced source without a table");
    const std::string& name = plan_.sources[hop.to].name;
    return add_cte("keyed " + std::to_string(hop.to), name + "_keyed", [&] {
      std::string key = d_.identifier(hop.key_name);
      std::string fail = d_.string_literal("kpic: the key " + hop.key_name + " of source " + name + " is not unique");
      return fmt::format("SELECT *\nFROM {0}\nWHERE {1} IN (\n  SELECT {1} FROM {0} WHERE {1} IS NOT NULL GROUP BY {1}\n"
                         "  HAVING {2} = 1)",
                         table, key, d_.cast_double(fmt::format("CASE WHEN COUNT(*) > 1 THEN {} ELSE '1' END", fail)));
    });
  }

  // The aggregate `a` of a pass over `source`. Its inner `where` is a FILTER clause where the dialect has
  // one, else a CASE that turns the rows it rejects into nulls (which every aggregate skips).
  std::string agg_sql(const plan::AggState& a, int source) {
    std::string where = a.filter.empty() ? "" : row_sql(a.filter[0], source);
    bool clause = !where.empty() && d_.supports(Capability::aggregate_filter);
    auto filtered = [&](const std::string& x) {
      return where.empty() || clause ? x : fmt::format("CASE WHEN {} THEN {} END", where, x);
    };
    if (a.builtin == Builtin::Funnel) not_lowered(d_, "`funnel` outside the aggregates of a pass");
    if (a.builtin == Builtin::Count && a.args.empty())
      return count_rows(clause ? "" : where, clause ? where : "");
    std::string x = filtered(row_sql(a.args.at(0), source));
    std::string y = a.builtin == Builtin::Ratio ? filtered(row_sql(a.args.at(1), source)) : "";
    if (a.builtin == Builtin::Pct) return pct_sql(x, filtered(null_probe(a.args[0], source)), clause ? where : "");
    return agg_over(a, x, y, clause ? where : "");
  }

  // COUNT of the rows where `when` is true (all rows when empty) among those `where` keeps (a FILTER).
  std::string count_rows(const std::string& when, const std::string& where) {
    if (d_.supports(Capability::aggregate_filter)) {
      std::string p = when.empty() ? where : where.empty() ? when : when + " AND " + where;
      return "COUNT(*)" + filter_clause(p);
    }
    return when.empty() ? "COUNT(*)" : "COUNT(CASE WHEN " + when + " THEN 1 END)";
  }

  static std::string filter_clause(const std::string& where) {
    return where.empty() ? "" : " FILTER (WHERE " + where + ")";
  }

  // A row expression that is null exactly where `e` is, and cheaper: the column of a comparison with a
  // constant (`nps_score >= 9` is null where nps_score is), or `e` itself.
  std::string null_probe(const Node& e, int source) {
    auto constant = [](const Node& n) { return n.kind == NodeKind::Literal && !n.value.is_null; };
    if (e.kind == NodeKind::Unary) return null_probe(e.args[0], source);
    if (e.kind == NodeKind::Binary && (e.op == Op::Eq || e.op == Op::Ne || e.op == Op::Lt || e.op == Op::Le ||
                                       e.op == Op::Gt || e.op == Op::Ge)) {
      if (constant(e.args[1])) return null_probe(e.args[0], source);
      if (constant(e.args[0])) return null_probe(e.args[1], source);
    }
    return row_sql(e, source);
  }

  // The aggregate `a` over its arguments `x` (and `y`, ratio's second), already rendered (and filtered,
  // or `where` is the FILTER clause each aggregate call takes); count() counts the non-null `x` (a 1 where
  // the row counts).
  std::string agg_over(const plan::AggState& a, const std::string& x, const std::string& y,
                       const std::string& where = "") {
    std::string f = filter_clause(where);
    switch (a.builtin) {
      case Builtin::Count: return "COUNT(" + x + ")" + f;
      case Builtin::CountDistinct: return "COUNT(DISTINCT " + x + ")" + f;
      case Builtin::ApproxCountDistinct: return d_.approx_count_distinct(x) + f;
      case Builtin::Sum: return "SUM(" + x + ")" + f;
      case Builtin::Avg: return "AVG(" + d_.cast_double(x) + ")" + f;
      case Builtin::Min: return "MIN(" + x + ")" + f;
      case Builtin::Max: return "MAX(" + x + ")" + f;
      case Builtin::Median:
      case Builtin::Quantile:
      case Builtin::ApproxMedian:
      case Builtin::ApproxQuantile: return percentile_sql(a.builtin, x, a.q) + f;
      case Builtin::Pct: return pct_sql(x, x, where);
      case Builtin::Ratio: return d_.safe_divide("SUM(" + x + ")" + f, "SUM(" + y + ")" + f);
      default: not_lowered(d_, "the aggregate `" + builtin_name(a.builtin) + "`");
    }
  }

  // Per key of `pass`: empty, or the SQL of the key computed from another key after grouping. A time
  // bucket of a value whose day is also a key (month(ts) beside day(ts), as in
  // `avg(count_distinct(user) per day(ts)) by month(ts)`) is the same bucket of that day (a date, already
  // in the calendar's time zone), so the scan groups by the day alone: the same groups, one key less.
  std::vector<std::string> derived_keys(const plan::Pass& pass) {
    size_t n = pass.keys.size();
    std::vector<std::string> out(n);
    std::vector<bool> kept(n, false);
    auto bucket = [](const Node& k) { return k.kind == NodeKind::Call && is_bucket(k.builtin) && k.args.size() == 1; };
    for (size_t day = 0; day < n; ++day) {
      const Node& d = pass.keys[day];
      if (!out[day].empty() || !bucket(d) || d.builtin != Builtin::Day) continue;
      std::string value = row_sql(d.args[0], pass.source);
      for (size_t k = 0; k < n; ++k) {
        const Node& b = pass.keys[k];
        if (k == day || kept[k] || !out[k].empty() || !bucket(b) || row_sql(b.args[0], pass.source) != value) continue;
        out[k] = bucket_sql(d_, plan_.calendar, b.builtin, key_col(day), false);
        kept[day] = true;
      }
    }
    return out;
  }

  std::string pass_cte(int id) {
    const plan::Pass& pass = plan_.passes.at(id);
    std::string base = plan_.sources[pass.source].name;
    std::vector<std::string> named;
    for (const auto& n : pass.key_names) named.push_back(n.empty() ? "per" : n);
    base += named.empty() ? "_total" : "_by_" + join(named, "_");
    return add_cte("pass " + std::to_string(id), base, [&] {
      if (has_funnel(pass)) return funnel_pass(pass, base);  // compiler/sql/funnel.h
      std::vector<std::string> cols, group;
      std::vector<std::string> derived = derived_keys(pass), outer;
      for (size_t k = 0; k < pass.keys.size(); ++k) {
        outer.push_back(derived[k].empty() ? key_col(k) : derived[k] + " AS " + key_col(k));
        if (!derived[k].empty()) continue;
        cols.push_back(row_sql(pass.keys[k], pass.source) + " AS " + key_col(k));
        group.push_back(std::to_string(group.size() + 1));
      }
      for (size_t a = 0; a < pass.aggs.size(); ++a) {
        cols.push_back(agg_sql(pass.aggs[a], pass.source) + " AS a" + std::to_string(a));
        outer.push_back("a" + std::to_string(a));
      }
      if (cols.empty()) cols.push_back("1 AS present");  // no key is derived then
      std::string out = "SELECT\n  " + join(cols, ",\n  ") + "\nFROM " + source_table(pass.source);
      std::vector<std::string> wheres;
      for (const auto& w : pass.wheres) wheres.push_back(row_sql(w, pass.source));
      if (!wheres.empty()) out += "\nWHERE " + join(wheres, "\n  AND ");
      if (!group.empty()) out += "\nGROUP BY " + join(group, ", ");
      if (group.size() == pass.keys.size()) return out;
      return "SELECT\n  " + join(outer, ",\n  ") + "\nFROM (\n" + indent(out) + "\n) AS g";
    });
  }

  std::string funnel_pass(const plan::Pass& pass, const std::string& base) {
    std::vector<std::string> wheres;
    for (const auto& w : pass.wheres) wheres.push_back(row_sql(w, pass.source));
    return funnel_pass_sql({pass, d_, base, source_table(pass.source), wheres,
                            [&](const Node& n) { return row_sql(n, pass.source); },
                            [&](const plan::AggState& a) { return agg_sql(a, pass.source); },
                            [&](const std::string& id, const std::string& name, const std::function<std::string()>& body) {
                              return add_cte(id, name, body);
                            }});
  }

  // ---- Aggregate level: frames ---------------------------------------------------------------------

  // Where dimension `name` of a side sits among `dims` (by name, as metric_eval's project does).
  static int dim_index(const std::vector<plan::MetricDim>& dims, const std::string& name) {
    for (size_t j = 0; j < dims.size(); ++j)
      if (dims[j].name == name) return static_cast<int>(j);
    return -1;
  }

  // Adds a side whose CTE has columns k0..: `names[i]` is the dimension column i holds (empty in a
  // `per` frame, where columns are matched by position).
  void add_side(Frame& f, const std::string& id, const std::string& cte, const std::vector<std::string>& names,
                const std::vector<plan::MetricDim>* dims) {
    if (f.by_id.count(id)) return;
    Side s;
    s.cte = cte;
    s.alias = "s" + std::to_string(f.sides.size() + 1);
    s.cols.assign(f.ndims, "");
    for (size_t i = 0; i < names.size(); ++i) {
      int j = dims ? dim_index(*dims, names[i]) : static_cast<int>(i);
      if (j < 0 || j >= static_cast<int>(f.ndims)) not_lowered(d_, "a value whose dimension `" + names[i] + "` the metric lacks");
      s.cols[j] = key_col(i);
    }
    s.keyed = f.ndims > 0 && names.size() == f.ndims;
    f.by_id[id] = f.sides.size();
    f.sides.push_back(std::move(s));
  }

  // The sides of expression `e` evaluated in frame `f` (of metric `owner`'s dimensions, or of a
  // `per`'s inner keys when dims is null).
  void collect(const Node& e, Frame& f, const std::vector<plan::MetricDim>* dims) {
    switch (e.kind) {
      case NodeKind::AggResult: {
        const plan::Pass& pass = plan_.passes.at(e.pass);
        std::vector<std::string> names;
        for (size_t k = 0; k < pass.keys.size(); ++k) names.push_back(dims ? pass.key_names[k] : key_col(k));
        if (!pass.keys.empty() && pass.keys.size() != f.ndims)
          not_lowered(d_, "an aggregate grouped by other dimensions than its metric");
        add_side(f, "pass " + std::to_string(e.pass), pass_cte(e.pass), names, dims);
        return;
      }
      case NodeKind::PerResult: {
        const plan::PerOp& per = plan_.pers.at(e.index);
        std::vector<std::string> names;
        for (int k = 0; k < per.outer_dims; ++k)
          names.push_back(dims ? plan_.passes.at(per.passes.at(0)).key_names.at(k) : key_col(k));
        if (per.outer_dims && static_cast<size_t>(per.outer_dims) != f.ndims)
          not_lowered(d_, "a `per` grouped by other dimensions than its metric");
        add_side(f, "per " + std::to_string(e.index), per_cte(e.index), names, dims);
        return;
      }
      case NodeKind::Period:
        if (e.builtin == Builtin::CohortRetention)
          not_lowered(d_, "`cohort_retention` inside another value (only a metric of its own is lowered)");
        if (e.builtin == Builtin::Trailing) {
          // Its rows are the buckets from the first to the last its pass's days fall in; its value is
          // joined to the metric's rows afterwards (period_joins).
          if (!dims) not_lowered(d_, "`trailing` inside `per`");
          const Node& agg = e.args.at(0);
          if (agg.kind != NodeKind::AggResult) not_lowered(d_, "`trailing` of something else than an aggregate");
          add_side(f, "spine " + std::to_string(agg.pass), spine_cte(agg.pass, e.index, (*dims).at(e.index).bucket),
                   plan_.passes.at(agg.pass).key_names, dims);
          return;
        }
        for (const auto& a : e.args) collect(a, f, dims);
        return;
      case NodeKind::Metric: {
        if (!dims) not_lowered(d_, "a metric inside `per`");
        const plan::MetricOp& x = plan_.metrics.at(e.index);
        if (inlined(e.index, f)) {
          collect(x.expr, f, dims);
          return;
        }
        std::vector<std::string> names;
        for (const auto& d : x.dims) names.push_back(d.name);
        add_side(f, "metric " + std::to_string(e.index), metric_cte(e.index), names, dims);
        return;
      }
      default:
        for (const auto& a : e.args) collect(a, f, dims);
    }
  }

  // A metric with the frame's dimensions is evaluated in the frame itself (its sides join the frame),
  // so that a row it lacks evaluates as over no rows, as metric_eval does; unless it has period
  // functions, which step along its own rows: then it is a CTE of its own.
  bool inlined(int m, const Frame& f) const {
    const plan::MetricOp& x = plan_.metrics[m];
    return !x.dims.empty() && x.dims.size() == f.ndims && !has_period(x.expr);
  }

  // The FROM clause of a frame and its keys.
  std::string from_sql(Frame& f) {
    std::string out;
    std::vector<std::vector<std::string>> have(f.ndims);  // per dimension: keyed sides' columns so far
    auto key = [&](size_t j) {
      return have[j].size() == 1 ? have[j][0] : "COALESCE(" + join(have[j], ", ") + ")";
    };
    bool first = true;
    for (const Side& s : f.sides) {
      if (!s.keyed) continue;
      std::string ref = s.cte + " AS " + s.alias;
      if (first) {
        out = "FROM " + ref;
      } else {
        std::vector<std::string> on;
        for (size_t j = 0; j < f.ndims; ++j) on.push_back(d_.null_safe_equal(key(j), s.alias + "." + s.cols[j]));
        out += "\nFULL OUTER JOIN " + ref + "\n  ON " + join(on, "\n  AND ");
      }
      for (size_t j = 0; j < f.ndims; ++j) have[j].push_back(s.alias + "." + s.cols[j]);
      first = false;
    }
    if (f.ndims > 0 && first) not_lowered(d_, "a grouped metric without an aggregate of its own");
    f.keys.clear();
    for (size_t j = 0; j < f.ndims; ++j) f.keys.push_back(key(j));
    for (const Side& s : f.sides) {
      if (s.keyed) continue;
      std::string ref = s.cte + " AS " + s.alias;
      std::vector<std::string> on;
      for (size_t j = 0; j < f.ndims; ++j)
        if (!s.cols[j].empty()) on.push_back(d_.null_safe_equal(f.keys[j], s.alias + "." + s.cols[j]));
      if (first) out = "FROM " + ref;
      else if (on.empty()) out += "\nCROSS JOIN " + ref;
      else out += "\nLEFT JOIN " + ref + "\n  ON " + join(on, "\n  AND ");
      first = false;
    }
    return out;
  }

  // The value of an aggregate-level expression in frame `f`; `periods` renders period functions.
  std::string value_sql(const Node& e, const Frame& f, const std::function<std::string(const Node&)>& periods) {
    ExprSql sql(d_, plan_.calendar, [&](const Node& n) -> std::string {
      switch (n.kind) {
        case NodeKind::AggResult: {
          const Side& s = f.side("pass " + std::to_string(n.pass));
          std::string v = s.alias + ".a" + std::to_string(n.index);
          return counts(plan_.passes[n.pass].aggs[n.index].builtin) ? "COALESCE(" + v + ", 0)" : v;
        }
        case NodeKind::PerResult: {
          const Side& s = f.side("per " + std::to_string(n.index));
          std::string v = s.alias + ".value";
          return counts(plan_.pers[n.index].agg.builtin) ? "COALESCE(" + v + ", 0)" : v;
        }
        case NodeKind::Metric: {
          const plan::MetricOp& x = plan_.metrics[n.index];
          if (inlined(n.index, f)) {
            std::string v = value_sql(x.expr, f, periods);
            return x.type == ValueType::Float && x.expr.type != ValueType::Float ? d_.cast_double(v) : v;
          }
          return f.side("metric " + std::to_string(n.index)).alias + ".value";
        }
        case NodeKind::Period: return periods(n);
        default: not_lowered(d_, "this value at aggregate level");
      }
    });
    return sql(e);
  }

  // ---- `per` ----------------------------------------------------------------------------------------

  std::string per_cte(int i) {
    const plan::PerOp& per = plan_.pers.at(i);
    std::string base = plan_.metrics.at(metric_).name + "_per";
    return add_cte("per " + std::to_string(i), base, [&] {
      Frame f;
      f.ndims = per.inner_dims;
      for (int p : per.passes)
        if (plan_.passes[p].keys.size() == f.ndims) {
          std::vector<std::string> names;
          for (size_t k = 0; k < f.ndims; ++k) names.push_back(key_col(k));
          add_side(f, "pass " + std::to_string(p), pass_cte(p), names, nullptr);
        }
      if (!per.agg.count_rows) collect(per.inner, f, nullptr);
      std::string from = from_sql(f);
      std::string v = per.agg.count_rows ? "1" : value_sql(per.inner, f, [&](const Node&) -> std::string {
        not_lowered(d_, "a period function inside `per`");
      });
      std::vector<std::string> cols;
      for (size_t j = 0; j < f.ndims; ++j) cols.push_back(f.keys[j] + " AS " + key_col(j));
      cols.push_back(v + " AS v");
      std::string inner = add_cte("per inner " + std::to_string(i), base + "_inner", [&] {
        return "SELECT\n  " + join(cols, ",\n  ") + "\n" + from;
      });
      std::vector<std::string> outer, group;
      for (int k = 0; k < per.outer_dims; ++k) {
        outer.push_back(key_col(k));
        group.push_back(std::to_string(k + 1));
      }
      outer.push_back(per_agg_sql(per.agg) + " AS value");
      std::string out = "SELECT\n  " + join(outer, ",\n  ") + "\nFROM " + inner;
      if (!group.empty()) out += "\nGROUP BY " + join(group, ", ");
      return out;
    });
  }

  // pct(p): 100 × rows where p is true ÷ rows where p is not null (`probe`: null where p is), among the
  // rows `where` keeps (a FILTER clause; empty: all).
  std::string pct_sql(const std::string& p, const std::string& probe, const std::string& where = "") {
    return d_.cast_double("100 * " + count_rows(p, where)) + " / NULLIF(COUNT(" + probe + ")" +
           filter_clause(where) + ", 0)";
  }

  // median / quantile (exact, an error where the dialect has none) and their approximate forms.
  std::string percentile_sql(Builtin b, const std::string& x, double q) {
    if (b == Builtin::ApproxMedian || b == Builtin::ApproxQuantile) return d_.approx_percentile(x, q);
    auto p = d_.exact_percentile(d_.cast_double(x), q);
    if (!p)
      throw Unsupported{LowerErrorKind::dialect_lacks, "`" + builtin_name(b) +
                                                           "` needs an exact interpolated percentile, which dialect " +
                                                           std::string(d_.name()) + " does not have"};
    return *p;
  }

  std::string per_agg_sql(const plan::PerAgg& a) {
    switch (a.builtin) {
      case Builtin::Count: return a.count_rows ? "COUNT(*)" : "COUNT(v)";
      case Builtin::CountDistinct:
      case Builtin::ApproxCountDistinct: return "COUNT(DISTINCT v)";
      case Builtin::Sum: return "SUM(v)";
      case Builtin::Avg: return "AVG(" + d_.cast_double("v") + ")";
      case Builtin::Min: return "MIN(v)";
      case Builtin::Max: return "MAX(v)";
      case Builtin::Pct: return pct_sql("v", "v");
      case Builtin::Median:
      case Builtin::Quantile:
      case Builtin::ApproxMedian:
      case Builtin::ApproxQuantile: return percentile_sql(a.builtin, "v", a.q);
      default: not_lowered(d_, "`" + builtin_name(a.builtin) + "` over `per`");
    }
  }

  // ---- Metrics --------------------------------------------------------------------------------------

  std::string metric_cte(int m) {
    if (active_.count(m)) not_lowered(d_, "a metric that depends on itself");
    return add_cte("metric " + std::to_string(m), plan_.metrics.at(m).name, [&] { return metric_select(m, false); });
  }

  // SELECT keys, value FROM … for metric `m`: as the final query (`final`: dimension names, no ORDER BY
  // added here) or as a CTE (columns k0.., value).
  std::string metric_select(int m, bool final) {
    const plan::MetricOp& metric = plan_.metrics.at(m);
    if (!metric.planned) not_lowered(d_, "a metric the plan does not evaluate");
    if (is_cohort(metric.expr)) return cohort_select(m, final);
    if (metric.expr.kind == NodeKind::Period && metric.expr.builtin == Builtin::CohortRetention)
      not_lowered(d_, "`cohort_retention` whose counts are not those of one pass");
    active_.insert(m);
    int saved = metric_;
    metric_ = m;
    Frame f;
    f.ndims = metric.dims.size();
    collect(metric.expr, f, &metric.dims);
    std::string from = from_sql(f);
    std::vector<const Node*> periods;
    find_periods(metric.expr, f, periods);
    std::vector<std::string> joins;
    std::map<const Node*, std::string> period_sql;
    if (!periods.empty()) period_joins(m, f, from, periods, joins, period_sql);
    std::string value = value_sql(metric.expr, f, [&](const Node& n) { return period_sql.at(&n); });
    if (metric.type == ValueType::Float && metric.expr.type != ValueType::Float) value = d_.cast_double(value);
    std::vector<std::string> cols;
    for (size_t j = 0; j < f.ndims; ++j)
      cols.push_back(f.keys[j] + " AS " + (final ? d_.identifier(metric.dims[j].name) : key_col(j)));
    cols.push_back(value + " AS value");
    std::string out = "SELECT\n  " + join(cols, ",\n  ") + (from.empty() ? "" : "\n" + from);
    for (const auto& j : joins) out += "\n" + j;
    metric_ = saved;
    active_.erase(m);
    return out;
  }

  // A cohort_retention metric (compiler/sql/cohort.h): its pass, grouped by (ENTITY, BUCKET), read as a
  // matrix of (cohort, period).
  std::string cohort_select(int m, bool final) {
    const plan::MetricOp& metric = plan_.metrics.at(m);
    const Node& start = metric.expr.args[0];
    const plan::Pass& pass = plan_.passes.at(start.pass);
    // With `by`, the pass's keys after (ENTITY, BUCKET) are the dimensions, the result's leading ones, and
    // a third count is min(TIME) where START.
    const size_t split = metric.expr.args.size() == 3 ? metric.dims.size() - 2 : 0;
    if (metric.dims.size() < 2 || pass.keys.size() != metric.dims.size() || (split > 0) != (metric.dims.size() > 2) ||
        pass.keys[1].kind != NodeKind::Call || !is_bucket(pass.keys[1].builtin))
      not_lowered(d_, "`cohort_retention` of a pass not grouped by an entity and a time bucket");
    auto col = [&](size_t j) { return final ? d_.identifier(metric.dims[j].name) : key_col(j); };
    std::vector<std::string> dim_cols;
    for (size_t j = 0; j < split; ++j) dim_cols.push_back(col(j));
    return cohort_metric_sql({d_, metric.name, pass_cte(start.pass), start.index, metric.expr.args[1].index,
                              split ? metric.expr.args[2].index : -1, split, step_unit(pass.keys[1].builtin),
                              dim_cols, col(split), col(split + 1),
                              [&](const std::string& id, const std::string& name, const std::function<std::string()>& body) {
                                return add_cte(id, name, body);
                              }});
  }

  // The period functions of a metric's own expression (and of the metrics inlined into it).
  void find_periods(const Node& e, const Frame& f, std::vector<const Node*>& out) {
    if (e.kind == NodeKind::Period) {
      if (has_period(e.args.at(0))) not_lowered(d_, "a period function of a period function");
      out.push_back(&e);
      return;
    }
    if (e.kind == NodeKind::Metric) {
      if (inlined(e.index, f)) find_periods(plan_.metrics[e.index].expr, f, out);
      return;
    }
    for (const auto& a : e.args) find_periods(a, f, out);
  }

  // prev/growth/running_sum: a CTE of the metric's rows with each period function's argument, joined
  // back at the bucket before (prev, growth) or summed over the buckets up to this one (running_sum).
  void period_joins(int m, Frame& f, const std::string& from, const std::vector<const Node*>& periods,
                    std::vector<std::string>& joins, std::map<const Node*, std::string>& out) {
    const plan::MetricOp& metric = plan_.metrics[m];
    std::vector<std::string> cols;
    for (size_t j = 0; j < f.ndims; ++j) cols.push_back(f.keys[j] + " AS " + key_col(j));
    auto no_period = [&](const Node&) -> std::string { not_lowered(d_, "a period function of a period function"); };
    for (size_t i = 0; i < periods.size(); ++i)
      if (periods[i]->builtin != Builtin::Trailing)
        cols.push_back(value_sql(periods[i]->args[0], f, no_period) + " AS x" + std::to_string(i));
    std::string rows = add_cte("rows " + std::to_string(m), metric.name + "_rows",
                               [&] { return "SELECT\n  " + join(cols, ",\n  ") + "\n" + from; });
    for (size_t i = 0; i < periods.size(); ++i) {
      const Node& p = *periods[i];
      int t = p.index;
      if (t < 0 || t >= static_cast<int>(f.ndims) || metric.dims[t].type != ValueType::Date)
        not_lowered(d_, "`" + builtin_name(p.builtin) + "` along a dimension that is not a date");
      TimeUnit unit = metric.dims[t].time_bucket ? step_unit(metric.dims[t].bucket) : TimeUnit::day;
      std::string alias = "period" + std::to_string(i + 1);
      std::string x = "x" + std::to_string(i);
      if (p.builtin == Builtin::Prev || p.builtin == Builtin::Growth) {
        std::vector<std::string> on{alias + "." + key_col(t) + " = " + d_.add_to_date(unit, -period_offset(p), f.keys[t])};
        for (size_t j = 0; j < f.ndims; ++j)
          if (static_cast<int>(j) != t) on.push_back(d_.null_safe_equal(alias + "." + key_col(j), f.keys[j]));
        joins.push_back("LEFT JOIN " + rows + " AS " + alias + "\n  ON " + join(on, "\n  AND "));
        std::string before = alias + "." + x;
        if (p.builtin == Builtin::Prev) {
          out[&p] = before;
        } else {
          std::string now = value_sql(p.args[0], f, no_period);
          out[&p] = "(" + d_.safe_divide("(" + now + " - " + before + ")", before) + " * 100)";
        }
      } else if (p.builtin == Builtin::RunningSum) {
        std::string run = add_cte("running " + std::to_string(m) + " " + std::to_string(i), metric.name + "_running", [&] {
          std::vector<std::string> keys, on{"b." + key_col(t) + " <= a." + key_col(t)};
          for (size_t j = 0; j < f.ndims; ++j) {
            keys.push_back("a." + key_col(j));
            if (static_cast<int>(j) != t) on.push_back(d_.null_safe_equal("b." + key_col(j), "a." + key_col(j)));
          }
          std::string sum = "SUM(b." + x + ")";
          if (p.type == ValueType::Float && p.args[0].type != ValueType::Float) sum = d_.cast_double(sum);
          return "SELECT\n  " + join(keys, ",\n  ") + ",\n  " + sum + " AS value\nFROM " + rows + " AS a\nJOIN " + rows +
                 " AS b\n  ON " + join(on, "\n  AND ") + "\nGROUP BY " + join(keys, ", ");
        });
        std::vector<std::string> on;
        for (size_t j = 0; j < f.ndims; ++j) on.push_back(d_.null_safe_equal(alias + "." + key_col(j), f.keys[j]));
        joins.push_back("LEFT JOIN " + run + " AS " + alias + "\n  ON " + join(on, "\n  AND "));
        out[&p] = alias + ".value";
      } else if (p.builtin == Builtin::Trailing) {
        std::string window = trailing_cte(m, i, p, rows, t, unit);
        std::vector<std::string> on;
        for (size_t j = 0; j < f.ndims; ++j) on.push_back(d_.null_safe_equal(alias + "." + key_col(j), f.keys[j]));
        joins.push_back("LEFT JOIN " + window + " AS " + alias + "\n  ON " + join(on, "\n  AND "));
        const plan::Node& agg = p.args[0];
        std::string v = alias + ".value";
        out[&p] = counts(plan_.passes[agg.pass].aggs[agg.index].builtin) ? "COALESCE(" + v + ", 0)" : v;
      } else {
        not_lowered(d_, "the period function `" + builtin_name(p.builtin) + "`");
      }
    }
  }

  // ---- trailing --------------------------------------------------------------------------------------

  // The rows of trailing pass `id` (grouped by day in place of the time bucket): its keys (k0.., the day
  // at the time dimension) and, per aggregate, its filtered arguments (x0, y0 for ratio; count() a 1).
  // Raw rows, not daily states: a window's count_distinct or median is exact.
  std::string days_cte(int id) {
    const plan::Pass& pass = plan_.passes.at(id);
    return add_cte("days " + std::to_string(id), plan_.sources[pass.source].name + "_days", [&] {
      std::vector<std::string> cols;
      for (size_t k = 0; k < pass.keys.size(); ++k) cols.push_back(row_sql(pass.keys[k], pass.source) + " AS " + key_col(k));
      for (size_t a = 0; a < pass.aggs.size(); ++a) {
        const plan::AggState& agg = pass.aggs[a];
        auto filtered = [&](const std::string& x) {
          return agg.filter.empty() ? x : fmt::format("CASE WHEN {} THEN {} END", row_sql(agg.filter[0], pass.source), x);
        };
        cols.push_back(filtered(agg.args.empty() ? "1" : row_sql(agg.args[0], pass.source)) + " AS x" + std::to_string(a));
        if (agg.builtin == Builtin::Ratio)
          cols.push_back(filtered(row_sql(agg.args.at(1), pass.source)) + " AS y" + std::to_string(a));
      }
      std::string out = "SELECT\n  " + join(cols, ",\n  ") + "\nFROM " + source_table(pass.source);
      std::vector<std::string> wheres;
      for (const auto& w : pass.wheres) wheres.push_back(row_sql(w, pass.source));
      if (!wheres.empty()) out += "\nWHERE " + join(wheres, "\n  AND ");
      return out;
    });
  }

  // Every bucket (of `bucket` under the calendar) from the first to the last holding a day of trailing
  // pass `id`, per value of the other dimensions (rows without a day are in no window), as the local
  // engine adds them (engine/trailing.cc): columns k0.., the bucket start at `t`.
  std::string spine_cte(int id, int t, Builtin bucket) {
    const plan::Pass& pass = plan_.passes.at(id);
    std::string days = days_cte(id);
    return add_cte("spine " + std::to_string(id), plan_.sources[pass.source].name + "_buckets", [&] {
      std::string day = key_col(t);
      std::vector<std::string> others, inner, outer;
      for (size_t k = 0; k < pass.keys.size(); ++k) {
        if (static_cast<int>(k) == t) continue;
        others.push_back(key_col(k));
        inner.push_back(key_col(k));
      }
      inner.push_back(bucket_sql(d_, plan_.calendar, bucket, "MIN(" + day + ")", false) + " AS lo");
      inner.push_back(bucket_sql(d_, plan_.calendar, bucket, "MAX(" + day + ")", false) + " AS hi");
      Dialect::Series series = d_.date_series("s.lo", "s.hi", step_unit(bucket));
      for (size_t k = 0; k < pass.keys.size(); ++k)
        outer.push_back((static_cast<int>(k) == t ? series.value : "s." + key_col(k)) + " AS " + key_col(k));
      std::string bounds = "SELECT\n  " + join(inner, ",\n  ") + "\nFROM " + days + "\nWHERE " + day + " IS NOT NULL";
      if (!others.empty()) bounds += "\nGROUP BY " + join(others, ", ");
      return "SELECT\n  " + join(outer, ",\n  ") + "\nFROM (\n" + indent(bounds) + "\n) AS s\n" + series.join +
             "\nWHERE s.lo IS NOT NULL";
    });
  }

  // The value of trailing period `p` (the i-th period of metric `m`) at each distinct key of the metric's
  // rows `rows`: its aggregate over the rows of its pass whose day is in [end − window, end), where end is
  // the start of the bucket after the key's (bucket unit `unit` at dimension `t`), the other dimensions
  // equal (null-safe). A key without a bucket gets the aggregate over no rows.
  std::string trailing_cte(int m, size_t i, const Node& p, const std::string& rows, int t, TimeUnit unit) {
    const Node& agg = p.args.at(0);
    const plan::AggState& a = plan_.passes.at(agg.pass).aggs.at(agg.index);
    std::string days = days_cte(agg.pass);
    auto window = static_cast<int>(p.args.at(1).value.i);
    return add_cte("trailing " + std::to_string(m) + " " + std::to_string(i), plan_.metrics[m].name + "_trailing", [&] {
      std::vector<std::string> keys, on;
      size_t ndims = plan_.passes[agg.pass].keys.size();
      for (size_t j = 0; j < ndims; ++j) {
        keys.push_back("a." + key_col(j));
        if (static_cast<int>(j) != t) on.push_back(d_.null_safe_equal("r." + key_col(j), "a." + key_col(j)));
      }
      std::string end = d_.add_to_date(unit, 1, "a." + key_col(t));
      on.push_back("r." + key_col(t) + " >= " + d_.add_to_date(TimeUnit::day, -window, end));
      on.push_back("r." + key_col(t) + " < " + end);
      std::string x = "r.x" + std::to_string(agg.index), y = "r.y" + std::to_string(agg.index);
      std::vector<std::string> distinct;
      for (size_t j = 0; j < ndims; ++j) distinct.push_back(key_col(j));
      return "SELECT\n  " + join(keys, ",\n  ") + ",\n  " + agg_over(a, x, y) + " AS value\nFROM (SELECT DISTINCT " +
             join(distinct, ", ") + " FROM " + rows + ") AS a\nLEFT JOIN " + days + " AS r\n  ON " +
             join(on, "\n  AND ") + "\nGROUP BY " + join(keys, ", ");
    });
  }

  const plan::Plan& plan_;
  const std::vector<std::string>& tables_;
  const Dialect& d_;
  std::vector<std::pair<std::string, std::string>> ctes_;  // name, body, in dependency order
  std::map<std::string, std::string> cte_by_id_;
  std::set<std::string> used_names_;
  std::set<int> active_;
  int metric_ = -1;
};

}  // namespace

Lowered lower_to_sql(const plan::Plan& plan, const std::vector<int>& metrics, const std::vector<std::string>& tables,
                     const Dialect& dialect) {
  Lowered out;
  for (int m : metrics) {
    try {
      QueryBuilder b(plan, tables, dialect);
      MetricQuery q;
      q.metric = m;
      q.name = plan.metrics.at(m).name;
      for (const auto& d : plan.metrics[m].dims) q.by.push_back(d.name);
      q.sql = b.query(m);
      out.queries.push_back(std::move(q));
    } catch (const Unsupported& u) {
      out.errors.push_back({m, u.kind, u.message});
    }
  }
  return out;
}

}  // namespace kpic::sql
