// kpic run on a database engine: see engine_run.h.
#include "compiler/driver/engine_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <regex>

#include "compiler/driver/run_sources.h"
#include "compiler/driver/sql_lowering.h"
#include "compiler/engine/evaluate.h"
#include "compiler/plan/plan.h"
#include "runtime/exec/time_bucket.h"
#include "runtime/exec/value_ops.h"
#include "runtime/postgres/pg_client.h"

namespace kpic::driver {

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

const sql::Dialect& postgres() { return *sql::find_dialect("postgres"); }

// The server's message, then its DETAIL/HINT lines, for a diagnostic's help.
void add_server_detail(Diagnostic& d, const pg::PgError& e) {
  if (!e.detail.empty()) d.help = "the server says: " + e.detail;
}

// The connection whose query is running, for the SIGINT handler (PgConnection::cancel is
// async-signal-safe); null when no query runs.
std::atomic<pg::PgConnection*> g_running{nullptr};

extern "C" void cancel_on_sigint(int) {
  if (pg::PgConnection* c = g_running.load()) c->cancel();
}

// While alive, Ctrl-C cancels the query running on `conn` instead of ending kpic at once.
class CancelOnInterrupt {
 public:
  explicit CancelOnInterrupt(pg::PgConnection& conn) {
    g_running.store(&conn);
    struct sigaction sa {};
    sa.sa_handler = cancel_on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_);
  }
  ~CancelOnInterrupt() {
    sigaction(SIGINT, &old_, nullptr);
    g_running.store(nullptr);
  }
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

 private:
  struct sigaction old_ {};
};

Value cell(const Column& c, int64_t r) {
  if (!c.is_valid(r)) return Value::null(c.type);
  switch (c.type) {
    case ValueType::Int: return Value::of_int(c.data<int64_t>()[r]);
    case ValueType::Float: return Value::of_float(c.data<double>()[r]);
    case ValueType::Bool: return Value::of_bool(c.data<uint8_t>()[r] != 0);
    case ValueType::String: return Value::of_string(std::string(c.dict->at(c.data<int32_t>()[r])));
    case ValueType::Date: return Value::of_date(c.data<int32_t>()[r]);
    case ValueType::Timestamp: return Value::of_timestamp(c.data<int64_t>()[r]);
    case ValueType::Null: break;
  }
  return Value::null();
}

// `v` as a value of type `to`, as the local engine types it; nothing when it cannot be one (a fraction
// where an int is due, a string where a number is).
std::optional<Value> as_type(const Value& v, ValueType to) {
  if (v.is_null) return Value::null(to);
  if (v.type == to) return v;
  if (to == ValueType::Int && v.type == ValueType::Float) {  // numeric sums of ints
    if (std::nearbyint(v.f) != v.f || std::fabs(v.f) >= 9.2e18) return std::nullopt;
    return Value::of_int(static_cast<int64_t>(v.f));
  }
  if (to == ValueType::Date && v.type == ValueType::Timestamp) {  // a bucket read as midnight
    if (v.i % exec::kUsPerDay != 0) return std::nullopt;
    return Value::of_date(static_cast<int32_t>(v.i / exec::kUsPerDay));
  }
  Value out = exec::convert_value(v, to);
  if (out.type != to) return std::nullopt;
  return out;
}

std::string describe_value(const Value& v) {
  switch (v.type) {
    case ValueType::String: return "'" + v.s + "'";
    case ValueType::Float: return std::to_string(v.f);
    default: return std::to_string(v.i);
  }
}

// The rows of `q` read into a MetricResult typed as the plan types the metric; false (with a KP0827
// error at the metric) when a value is not of that type.
bool read_rows(const plan::MetricOp& metric, const sema::Metric& at, const pg::QueryResult& q, MetricResult& out,
               Diagnostics& diags) {
  out.name = metric.name;
  out.type = metric.type;
  for (const auto& d : metric.dims) {
    out.dim_names.push_back(d.name);
    out.dim_types.push_back(d.type);
  }
  size_t width = metric.dims.size() + 1;
  if (q.batch.columns.size() != width) {
    diags.error(DiagCode::engine_query_failed, at.name_range,
                "metric `" + metric.name + "`: the engine returned " + std::to_string(q.batch.columns.size()) +
                    " columns, " + std::to_string(width) + " were expected");
    return false;
  }
  for (int64_t r = 0; r < q.batch.num_rows; ++r) {
    MetricRow row;
    for (size_t c = 0; c < width; ++c) {
      Value raw = cell(q.batch.columns[c], r);
      ValueType want = c + 1 < width ? metric.dims[c].type : metric.type;
      std::optional<Value> v = as_type(raw, want);
      if (!v) {
        diags.error(DiagCode::engine_query_failed, at.name_range,
                    "metric `" + metric.name + "`: the engine returned " + describe_value(raw) + " in column `" +
                        q.names[c] + "`, which is not a " + std::string(type_name(want)) + " as the metric needs");
        return false;
      }
      if (c + 1 < width) row.dims.push_back(std::move(*v));
      else row.value = std::move(*v);
    }
    out.rows.push_back(std::move(row));
  }
  // Ordered as the local engine orders its groups (the server's collation may order strings otherwise).
  exec::KeyLess less;
  std::stable_sort(out.rows.begin(), out.rows.end(),
                   [&](const MetricRow& a, const MetricRow& b) { return less(a.dims, b.dims); });
  return true;
}

// A query that failed: a diagnostic at the metric; true when Ctrl-C cancelled it.
bool report_query_error(const sema::Metric& m, const pg::PgError& e, Diagnostics& diags) {
  std::string what;
  switch (e.kind) {
    case pg::PgErrorKind::timeout: what = "its query ran past the statement timeout and was stopped: "; break;
    case pg::PgErrorKind::cancelled: what = "its query was cancelled (Ctrl-C): "; break;
    case pg::PgErrorKind::connection_lost: what = "the connection to the engine was lost during its query: "; break;
    case pg::PgErrorKind::unsupported_type: what = "the engine's result cannot be read: "; break;
    default: what = "the engine rejected its query: "; break;
  }
  Diagnostic& d = diags.error(DiagCode::engine_query_failed, m.name_range, "metric `" + m.name + "`: " + what + e.message);
  add_server_detail(d, e);
  return e.kind == pg::PgErrorKind::cancelled;
}

}  // namespace

std::string masked_uri(const std::string& uri) {
  static const std::regex user_secret(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/?]*):[^@/?]*@)");
  static const std::regex password_param(R"(([?&\s]password\s*=\s*)[^&\s]*)");
  std::string out = std::regex_replace(uri, user_secret, "$1:***@");
  return std::regex_replace(out, password_param, "$1***");
}

bool bind_engine_tables(const EngineRequest& req, const sema::Unit& unit, const std::vector<sema::DataArg>& bound,
                        std::map<std::string, Schema>& schemas, Session& l) {
  std::map<std::string, const sema::DataArg*> by_source;
  for (const auto& b : bound)
    if (!b.from_default || b.bound_at.valid()) by_source[b.source] = &b;  // not a `source` block's file
  for (const auto& s : unit.sources) {
    auto it = by_source.find(s.name);
    l.engine.tables[s.name] = it != by_source.end() ? it->second->path : s.name;
  }
  if (!req.connect) return true;

  pg::ConnectOptions co;
  co.statement_timeout_ms = req.statement_timeout_ms;
  try {
    l.engine.connection = std::make_shared<pg::PgConnection>(l.engine.uri, co);
  } catch (const pg::PgError& e) {
    Diagnostic d;
    d.code = DiagCode::engine_unreachable;
    d.message = "cannot connect to the engine " + masked_uri(l.engine.uri) + ": " + e.message;
    l.diags.add(std::move(d));
    return false;
  }
  for (const auto& s : unit.sources) {
    const std::string& table = l.engine.tables[s.name];
    auto it = by_source.find(s.name);
    SourceRange at = it != by_source.end() && it->second->bound_at.valid() ? it->second->bound_at : s.range;
    std::vector<pg::PgColumn> columns;
    try {
      columns = l.engine.connection->describe("SELECT * FROM " + postgres().table_reference(table));
    } catch (const pg::PgError& e) {
      Diagnostic d;
      d.code = DiagCode::engine_table_unreadable;
      d.range = at;
      d.message = "source `" + s.name + "`: the engine cannot read table `" + table + "`: " + e.message;
      add_server_detail(d, e);
      if (e.kind == pg::PgErrorKind::missing_table) {
        l.unopened[s.name] = std::move(d);  // an error only when a metric reads the source
        continue;
      }
      l.diags.add(std::move(d));
      return false;
    }
    Schema schema;
    for (const auto& c : columns) {
      Field f;
      f.name = c.name;
      if (c.type) f.type = *c.type;
      else f.unsupported = "its PostgreSQL type `" + c.type_name + "` has no kpic type";
      schema.fields.push_back(std::move(f));
    }
    schemas[s.name] = std::move(schema);
  }
  return true;
}

int run_on_engine(Session& l, const std::vector<std::string>& only_metrics, RunResult& result) {
  std::vector<int> wanted = engine::select_metrics(l.program, only_metrics, false, l.diags);
  if (l.diags.has_errors()) {
    print_diags(l);
    return 2;  // an unknown --metric
  }
  auto t0 = Clock::now();
  plan::Plan plan = plan::build_plan(l.program, wanted);
  std::vector<std::string> tables;
  for (const auto& s : l.program.sources) tables.push_back(postgres().table_reference(l.engine.tables[s.name]));
  sql::Lowered lowered = lower_session_metrics(l, plan, wanted, tables, postgres());
  std::vector<bool> read = sources_read(l.program, only_metrics);  // a missing table matters only when read
  for (size_t s = 0; s < l.program.sources.size(); ++s)
    if (read[s])
      if (auto it = l.unopened.find(l.program.sources[s].name); it != l.unopened.end()) l.diags.add(it->second);
  if (l.diags.has_errors()) {
    print_diags(l);
    return 1;
  }
  result.timings.compile_ms = ms_since(t0);

  auto t1 = Clock::now();
  pg::PgConnection& conn = *l.engine.connection;
  for (const sql::MetricQuery& q : lowered.queries) {
    const sema::Metric& m = l.program.metrics[q.metric];
    pg::QueryResult rows;
    try {
      CancelOnInterrupt guard(conn);
      rows = conn.query(q.sql);
    } catch (const pg::PgError& e) {
      bool cancelled = report_query_error(m, e, l.diags);
      print_diags(l);
      return cancelled ? 130 : 1;
    }
    MetricResult mr;
    if (!read_rows(plan.metrics[q.metric], m, rows, mr, l.diags)) {
      print_diags(l);
      return 1;
    }
    result.metrics.push_back(std::move(mr));
  }
  result.timings.scan_ms = ms_since(t1);
  print_diags(l);  // notes and warnings
  return 0;
}

}  // namespace kpic::driver
