// End-to-end engine tests on hand-built Programs (as sema produces them) and small hand-checked rows:
// plan -> JIT kernels -> scan -> post-aggregate steps. Expected numbers are computed by hand in comments.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "compiler/engine/evaluate.h"
#include "runtime/exec/time_bucket.h"
#include "tests/engine/test_program.h"

using namespace kpic;
using namespace kpic::test;
using sema::Builtin;
using Op = ast::Op;

namespace {

sema::Source make_source(const std::string& name, std::vector<std::pair<std::string, ValueType>> cols) {
  sema::Source s;
  s.name = name;
  for (auto& [n, t] : cols) s.schema.fields.push_back({n, t, true, "", ""});
  s.schema_known = true;
  return s;
}

RunResult run(const sema::Program& p, std::vector<const TableReader*> readers, int threads = 2) {
  Diagnostics diags;
  engine::EvaluateOptions opts;
  opts.threads = threads;
  opts.use_cache = false;
  RunResult r = engine::evaluate(p, readers, opts, diags);
  for (const auto& d : diags.list()) MESSAGE(d.message);
  REQUIRE_FALSE(diags.has_errors());
  return r;
}

const MetricResult& metric(const RunResult& r, const std::string& name) {
  for (const auto& m : r.metrics)
    if (m.name == name) return m;
  FAIL("no metric " << name);
  return r.metrics[0];
}


int32_t day(int y, int m, int d) { return static_cast<int32_t>(exec::days_from_civil(y, m, d)); }

}  // namespace

TEST_CASE("surveys: pct, count, grouped by a string column") {
  sema::Program p;
  p.sources.push_back(make_source("surveys", {{"score", ValueType::Int}, {"region", ValueType::String},
                                              {"csat", ValueType::Int}}));
  TextTable data(p.sources[0].schema, {{"10", "eu", "5"},
                                       {"9", "eu", "4"},
                                       {"7", "us", "3"},
                                       {"3", "us", "1"},
                                       {"", "eu", "4"},
                                       {"6", "us", "5"},
                                       {"8", "eu", "2"},
                                       {"10", "us", "5"}});
  auto nps = [&] {
    return bin(Op::Sub, agg(Builtin::Pct, [&] { std::vector<sema::ExprPtr> a; a.push_back(bin(Op::Ge, col(p, 0, "score"), lit_int(9))); return a; }()),
               agg(Builtin::Pct, [&] { std::vector<sema::ExprPtr> a; a.push_back(bin(Op::Le, col(p, 0, "score"), lit_int(6))); return a; }()));
  };
  add_metric(p, "nps", nps(), 0);
  {
    std::vector<sema::ExprPtr> a;
    a.push_back(col(p, 0, "score"));
    add_metric(p, "responses", agg(Builtin::Count, std::move(a)), 0);
  }
  {
    std::vector<sema::ExprPtr> a;
    a.push_back(bin(Op::Ge, col(p, 0, "csat"), lit_int(4)));
    add_metric(p, "csat", agg(Builtin::Pct, std::move(a)), 0);
  }
  {
    std::vector<sema::Dimension> dims;
    dims.push_back(dim("region", col(p, 0, "region")));
    add_metric(p, "nps_by_region", nps(), 0, std::move(dims));
  }
  {
    std::vector<sema::ExprPtr> a;
    add_metric(p, "eu_rows", agg(Builtin::Count, std::move(a), bin(Op::Eq, col(p, 0, "region"), lit_str("eu"))), 0);
  }
  for (int threads : {1, 2, 4}) {
    RunResult r = run(p, {&data}, threads);
    // non-null scores 10 9 7 3 6 8 10: 7; promoters 3, detractors 2 -> 300/7 - 200/7
    CHECK(metric(r, "nps").rows[0].value.f == doctest::Approx(100.0 / 7).epsilon(1e-12));
    CHECK(metric(r, "responses").rows[0].value.i == 7);
    CHECK(metric(r, "csat").rows[0].value.f == 62.5);  // 5 of 8 are >= 4
    CHECK(metric(r, "eu_rows").rows[0].value.i == 4);
    const auto& g = metric(r, "nps_by_region");
    REQUIRE(g.rows.size() == 2);
    CHECK(g.rows[0].dims[0].s == "eu");  // eu: 10 9 8 -> 2 promoters of 3
    CHECK(g.rows[0].value.f == doctest::Approx(200.0 / 3));
    CHECK(g.rows[1].dims[0].s == "us");  // us: 7 3 6 10 -> 1 promoter, 2 detractors of 4
    CHECK(g.rows[1].value.f == doctest::Approx(-25.0));
  }
}

TEST_CASE("orders: time buckets, composition, per, period functions, quantiles, ungrouped values in rows") {
  sema::Program p;
  p.sources.push_back(make_source("orders", {{"customer_id", ValueType::Int}, {"ts", ValueType::Timestamp},
                                             {"amount", ValueType::Float}}));
  TextTable data(p.sources[0].schema, {{"1", "2024-01-03T10:00:00", "10.0"},
                                       {"2", "2024-01-15T00:00:00", "20.0"},
                                       {"1", "2024-01-31T23:59:59", "5.5"},
                                       {"3", "2024-03-01T00:00:00", "100.0"},
                                       {"1", "2024-03-10T12:00:00", "1.0"}});
  auto by_month = [&] {
    std::vector<sema::Dimension> d;
    std::vector<sema::ExprPtr> a;
    a.push_back(col(p, 0, "ts"));
    d.push_back(dim("month", call(Builtin::Month, std::move(a))));
    return d;
  };
  auto one = [](sema::ExprPtr e) {
    std::vector<sema::ExprPtr> a;
    a.push_back(std::move(e));
    return a;
  };
  add_metric(p, "revenue", agg(Builtin::Sum, one(col(p, 0, "amount"))), 0, by_month());
  add_metric(p, "customers", agg(Builtin::CountDistinct, one(col(p, 0, "customer_id"))), 0, by_month());
  add_metric(p, "arpu", bin(Op::Div, mref(p, "revenue"), mref(p, "customers")), -1);
  add_metric(p, "revenue_growth", period(Builtin::Growth, mref(p, "revenue")), -1);
  add_metric(p, "revenue_prev", period(Builtin::Prev, mref(p, "revenue")), -1);
  add_metric(p, "revenue_running", period(Builtin::RunningSum, mref(p, "revenue")), -1);
  {
    auto inner = agg(Builtin::Count, {});
    auto outer = agg(Builtin::Pct, one(bin(Op::Gt, std::move(inner), lit_int(1))));
    outer->per.push_back(col(p, 0, "customer_id"));
    add_metric(p, "repeat_rate", std::move(outer), 0);
  }
  {
    auto outer = agg(Builtin::Avg, one(agg(Builtin::Count, {})));
    outer->per.push_back(col(p, 0, "customer_id"));
    add_metric(p, "orders_per_customer", std::move(outer), 0, by_month());
  }
  add_metric(p, "median_amount", agg(Builtin::Median, one(col(p, 0, "amount"))), 0);
  {
    std::vector<sema::ExprPtr> a;
    a.push_back(col(p, 0, "amount"));
    a.push_back(lit_float(0.9));
    add_metric(p, "p90", agg(Builtin::Quantile, std::move(a)), 0);
  }
  {
    auto avg = agg(Builtin::Avg, one(col(p, 0, "amount")));
    avg->ungrouped = true;
    add_metric(p, "big", agg(Builtin::Pct, one(bin(Op::Gt, col(p, 0, "amount"), std::move(avg)))), 0);
  }
  {
    add_metric(p, "avg_amount", agg(Builtin::Avg, one(col(p, 0, "amount"))), 0);
    auto ref = mref(p, "avg_amount");
    ref->level = sema::Level::Row;
    int m = add_metric(p, "big_vs_metric", agg(Builtin::Pct, one(bin(Op::Gt, col(p, 0, "amount"), std::move(ref)))), 0);
    p.metrics[m].deps.clear();
    p.metrics[m].deps.push_back(m - 1);
  }
  {
    std::vector<sema::Dimension> d;
    d.push_back(dim("week", call(Builtin::Week, one(col(p, 0, "ts")))));
    add_metric(p, "orders_by_week", agg(Builtin::Count, {}), 0, std::move(d));
  }
  {
    std::vector<sema::ExprPtr> by_month_keys;
    auto mid = agg(Builtin::Avg, one(agg(Builtin::Count, {})));
    mid->per.push_back(call(Builtin::Month, one(col(p, 0, "ts"))));
    auto outer = agg(Builtin::Max, one(std::move(mid)), nullptr, ValueType::Float);
    outer->per.push_back(col(p, 0, "customer_id"));
    add_metric(p, "busiest_customer_monthly_orders", std::move(outer), 0);
  }
  add_metric(p, "approx_customers", agg(Builtin::ApproxCountDistinct, one(col(p, 0, "customer_id"))), 0);
  {
    std::vector<sema::ExprPtr> a;
    a.push_back(col(p, 0, "ts"));
    a.push_back(agg(Builtin::Max, one(col(p, 0, "ts"))));
    auto first = agg(Builtin::Min, one(col(p, 0, "ts")));
    std::vector<sema::ExprPtr> b;
    b.push_back(std::move(first));
    b.push_back(agg(Builtin::Max, one(col(p, 0, "ts"))));
    add_metric(p, "span_days", call(Builtin::DaysBetween, std::move(b)), 0);
  }

  RunResult r = run(p, {&data});
  const auto& rev = metric(r, "revenue");
  REQUIRE(rev.rows.size() == 2);
  CHECK(rev.rows[0].dims[0].i == day(2024, 1, 1));
  CHECK(rev.rows[0].value.f == 35.5);
  CHECK(rev.rows[1].dims[0].i == day(2024, 3, 1));
  CHECK(rev.rows[1].value.f == 101.0);
  const auto& arpu = metric(r, "arpu");
  REQUIRE(arpu.rows.size() == 2);
  CHECK(arpu.dim_names == std::vector<std::string>{"month"});
  CHECK(arpu.rows[0].value.f == 17.75);
  CHECK(arpu.rows[1].value.f == 50.5);
  CHECK(metric(r, "revenue_growth").rows[1].value.is_null);  // February has no data
  CHECK(metric(r, "revenue_prev").rows[0].value.is_null);
  CHECK(metric(r, "revenue_running").rows[1].value.f == 136.5);
  CHECK(metric(r, "repeat_rate").rows[0].value.f == doctest::Approx(100.0 / 3));
  const auto& opc = metric(r, "orders_per_customer");
  REQUIRE(opc.rows.size() == 2);
  CHECK(opc.rows[0].value.f == 1.5);  // January: customer 1 two orders, customer 2 one
  CHECK(opc.rows[1].value.f == 1.0);
  CHECK(metric(r, "median_amount").rows[0].value.f == 10.0);
  CHECK(metric(r, "p90").rows[0].value.f == doctest::Approx(68.0));  // 20 + 0.6 * 80
  CHECK(metric(r, "big").rows[0].value.f == 20.0);                   // only 100 > 27.3
  CHECK(metric(r, "big_vs_metric").rows[0].value.f == 20.0);
  const auto& wk = metric(r, "orders_by_week");
  REQUIRE(wk.rows.size() == 5);
  CHECK(wk.rows[0].dims[0].i == day(2024, 1, 1));  // Wednesday 3 Jan -> Monday 1 Jan
  CHECK(wk.rows[2].dims[0].i == day(2024, 1, 29));
  CHECK(wk.rows[3].dims[0].i == day(2024, 2, 26));  // Friday 1 Mar -> Monday 26 Feb
  CHECK(metric(r, "approx_customers").rows[0].value.i == 3);
  // customer 1: January 2 orders, March 1 -> 1.5; customers 2 and 3: 1
  CHECK(metric(r, "busiest_customer_monthly_orders").rows[0].value.f == 1.5);
  CHECK(metric(r, "span_days").rows[0].value.f == doctest::Approx(67.0 + 2.0 / 24));  // 3 Jan 10:00 -> 10 Mar 12:00
}

TEST_CASE("composition across sources is a full outer join; empty groups count 0") {
  sema::Program p;
  p.sources.push_back(make_source("marketing", {{"month", ValueType::Date}, {"cost", ValueType::Float}}));
  p.sources.push_back(make_source("customers", {{"signup_ts", ValueType::Timestamp}}));
  TextTable m(p.sources[0].schema, {{"2024-01-01", "100"}, {"2024-02-01", "50"}, {"2024-02-01", "30"}});
  TextTable c(p.sources[1].schema, {{"2024-01-05T00:00:00"}, {"2024-01-09T00:00:00"}, {"2024-03-02T00:00:00"}});
  auto one = [](sema::ExprPtr e) {
    std::vector<sema::ExprPtr> a;
    a.push_back(std::move(e));
    return a;
  };
  std::vector<sema::Dimension> d1, d2;
  d1.push_back(dim("month", call(Builtin::Month, one(col(p, 0, "month")))));
  d2.push_back(dim("month", call(Builtin::Month, one(col(p, 1, "signup_ts")))));
  add_metric(p, "spend", agg(Builtin::Sum, one(col(p, 0, "cost"))), 0, std::move(d1));
  add_metric(p, "new_customers", agg(Builtin::Count, {}), 1, std::move(d2));
  add_metric(p, "cac", bin(Op::Div, mref(p, "spend"), mref(p, "new_customers")), -1);
  RunResult r = run(p, {&m, &c});
  const auto& cac = metric(r, "cac");
  REQUIRE(cac.rows.size() == 3);
  CHECK(cac.rows[0].value.f == 50.0);  // Jan: 100 / 2
  CHECK(cac.rows[1].value.is_null);    // Feb: 80 / 0
  CHECK(cac.rows[2].value.is_null);    // Mar: null / 1
  // new_customers itself only has the months with customers.
  CHECK(metric(r, "new_customers").rows.size() == 2);
}

namespace {
// sum(mrr - lag(mrr, customer_id, month) where status != "new") by month over the given rows.
std::vector<Value> lag_deltas(const std::vector<std::vector<std::string>>& rows) {
  sema::Program p;
  p.sources.push_back(make_source("subs", {{"customer_id", ValueType::Int}, {"month", ValueType::Date},
                                           {"mrr", ValueType::Float}, {"status", ValueType::String}}));
  TextTable data(p.sources[0].schema, rows);
  auto lag = [&] {
    auto e = std::make_unique<sema::Expr>();
    e->kind = sema::ExprKind::Lag;
    e->type = ValueType::Float;
    e->level = sema::Level::Row;
    e->builtin = Builtin::Lag;
    e->args.push_back(col(p, 0, "mrr"));
    e->args.push_back(col(p, 0, "customer_id"));
    e->args.push_back(col(p, 0, "month"));
    return e;
  };
  std::vector<sema::Dimension> d;
  std::vector<sema::ExprPtr> a;
  a.push_back(col(p, 0, "month"));
  d.push_back(dim("month", call(Builtin::Month, std::move(a))));
  std::vector<sema::ExprPtr> s;
  s.push_back(bin(Op::Sub, col(p, 0, "mrr"), lag()));
  add_metric(p, "delta", agg(Builtin::Sum, std::move(s), bin(Op::Ne, col(p, 0, "status"), lit_str("new"))), 0,
             std::move(d));
  RunResult r = run(p, {&data});
  std::vector<Value> out;
  for (const auto& row : metric(r, "delta").rows) out.push_back(row.value);
  return out;
}
}  // namespace

TEST_CASE("lag: previous value per key ordered by month") {
  // Rows out of order: the rows are sorted by (key, month).
  auto delta = lag_deltas({{"1", "2024-03-01", "12", "contraction"},
                           {"1", "2024-01-01", "10", "new"},
                           {"2", "2024-02-01", "20", "new"},
                           {"1", "2024-02-01", "15", "expansion"},
                           {"2", "2024-03-01", "20", "active"}});
  REQUIRE(delta.size() == 3);
  CHECK(delta[0].is_null);   // January: only a new row
  CHECK(delta[1].f == 5.0);  // February: 15 - 10
  CHECK(delta[2].f == -3.0); // March: (12 - 15) + (20 - 20)

  // Rows already in time order with sparse keys: one pass with a hash table, same answers.
  auto again = lag_deltas({{"1", "2024-01-01", "10", "new"},
                           {"9000000000", "2024-02-01", "20", "new"},
                           {"1", "2024-02-01", "15", "expansion"},
                           {"1", "2024-03-01", "12", "contraction"},
                           {"9000000000", "2024-03-01", "20", "active"}});
  REQUIRE(again.size() == 3);
  CHECK(again[0].is_null);
  CHECK(again[1].f == 5.0);
  CHECK(again[2].f == -3.0);
}

TEST_CASE("integer overflow is reported, not wrapped") {
  sema::Program p;
  p.sources.push_back(make_source("t", {{"x", ValueType::Int}}));
  TextTable data(p.sources[0].schema, {{"9223372036854775807"}, {"1"}});
  std::vector<sema::ExprPtr> a;
  a.push_back(col(p, 0, "x"));
  add_metric(p, "total", agg(Builtin::Sum, std::move(a)), 0);
  Diagnostics diags;
  engine::EvaluateOptions opts;
  opts.use_cache = false;
  engine::evaluate(p, {&data}, opts, diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.list()[0].code == DiagCode::overflow);
  CHECK(diags.list()[0].message.find("total") != std::string::npos);
}

TEST_CASE("calendar buckets") {
  using namespace kpic::exec;
  CHECK(bucket_days(day(2024, 12, 31), kBucketWeek) == day(2024, 12, 30));
  CHECK(bucket_days(day(2023, 1, 1), kBucketWeek) == day(2022, 12, 26));
  CHECK(bucket_days(day(2024, 2, 29), kBucketMonth) == day(2024, 2, 1));
  CHECK(bucket_days(day(2024, 8, 15), kBucketQuarter) == day(2024, 7, 1));
  CHECK(bucket_days(day(1969, 12, 31), kBucketYear) == day(1969, 1, 1));
  CHECK(prev_bucket(day(2024, 3, 1), kBucketMonth) == day(2024, 2, 1));
  CHECK(prev_bucket(day(2024, 1, 1), kBucketQuarter) == day(2023, 10, 1));
  CHECK(days_of_us(-1) == -1);
  CivilDate c = civil_from_days(day(2000, 2, 29));
  CHECK((c.year == 2000 && c.month == 2 && c.day == 29));
  // Month buckets come from a table inside 1900..2099 and from arithmetic outside: both agree with the
  // civil-date round trip on every day around and across the table's edges.
  for (int64_t d = day(1899, 11, 1); d < day(1900, 3, 1); ++d)
    CHECK(bucket_days(d, kBucketMonth) == days_from_civil(civil_from_days(d).year, civil_from_days(d).month, 1));
  for (int64_t d = day(2099, 11, 1); d < day(2100, 4, 1); ++d)
    CHECK(bucket_days(d, kBucketMonth) == days_from_civil(civil_from_days(d).year, civil_from_days(d).month, 1));
  CHECK(bucket_days(day(2099, 12, 31), kBucketMonth) == day(2099, 12, 1));
  CHECK(bucket_days(day(1600, 3, 17), kBucketMonth) == day(1600, 3, 1));
}

TEST_CASE("buckets N back, ISO weekdays and hours") {
  using namespace kpic::exec;
  CHECK(bucket_back(day(2024, 3, 1), kBucketMonth, 12) == day(2023, 3, 1));
  CHECK(bucket_back(day(2024, 3, 1), kBucketMonth, 3) == day(2023, 12, 1));
  CHECK(bucket_back(day(2024, 1, 1), kBucketMonth, 0) == day(2024, 1, 1));
  CHECK(bucket_back(day(1970, 2, 1), kBucketMonth, 14) == day(1968, 12, 1));
  CHECK(bucket_back(day(2024, 1, 1), kBucketQuarter, 4) == day(2023, 1, 1));
  CHECK(bucket_back(day(2024, 4, 1), kBucketQuarter, 5) == day(2023, 1, 1));
  CHECK(bucket_back(day(2024, 1, 1), kBucketYear, 30) == day(1994, 1, 1));
  CHECK(bucket_back(day(2024, 1, 1), kBucketWeek, 52) == day(2023, 1, 2));
  CHECK(bucket_back(day(2024, 3, 1), kBucketDay, 366) == day(2023, 3, 1));
  // N steps of prev_bucket land where one bucket_back of N does.
  for (auto kind : {kBucketDay, kBucketWeek, kBucketMonth, kBucketQuarter, kBucketYear}) {
    int64_t start = bucket_days(day(2001, 7, 9), kind), stepped = start;
    for (int n = 1; n <= 30; ++n) {
      stepped = prev_bucket(stepped, kind);
      CHECK(bucket_back(start, kind, n) == stepped);
    }
  }
  CHECK(iso_weekday(day(2024, 1, 1)) == 1);     // a Monday
  CHECK(iso_weekday(day(2024, 1, 7)) == 7);     // a Sunday
  CHECK(iso_weekday(day(1970, 1, 1)) == 4);     // a Thursday
  CHECK(iso_weekday(day(1969, 12, 28)) == 7);   // before the epoch
  CHECK(hour_of_us(0) == 0);
  CHECK(hour_of_us(23 * kUsPerHour + 59 * 60 * kUsPerSecond) == 23);
  CHECK(hour_of_us(-1) == 23);                  // 1969-12-31 23:59:59.999999
  CHECK(hour_of_us(-kUsPerHour) == 23);
  CHECK(hour_of_us(-kUsPerHour - 1) == 22);
}

TEST_CASE("chunks excluded by statistics are not read") {
  sema::Program p;
  p.sources.push_back(make_source("t", {{"x", ValueType::Int}}));
  TextTable data(p.sources[0].schema, {{"1"}, {"2"}, {"3"}, {"4"}, {"10"}, {"11"}}, 2);
  add_metric(p, "big", agg(Builtin::Count, {}), 0, {}, bin(Op::Ge, col(p, 0, "x"), lit_int(5)));
  RunResult r = run(p, {&data}, 1);
  CHECK(metric(r, "big").rows[0].value.i == 2);
  CHECK(data.chunks_read == 1);  // chunks {1,2} and {3,4} have max < 5
}

TEST_CASE("compiled kernels are cached on disk and reused") {
  sema::Program p;
  p.sources.push_back(make_source("cache_test", {{"x", ValueType::Int}}));
  TextTable data(p.sources[0].schema, {{"1"}, {"2"}});
  std::vector<sema::ExprPtr> a;
  a.push_back(bin(Op::Mul, col(p, 0, "x"), lit_int(7919)));  // a program no other test compiles
  add_metric(p, "total", agg(Builtin::Sum, std::move(a)), 0);
  std::string dir = std::filesystem::temp_directory_path() / ("kpic_cache_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  engine::EvaluateOptions opts;
  opts.cache_dir = dir;
  Diagnostics diags;
  RunResult first = engine::evaluate(p, {&data}, opts, diags);
  RunResult second = engine::evaluate(p, {&data}, opts, diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK_FALSE(first.timings.cache_hit);
  CHECK(second.timings.cache_hit);
  CHECK(second.metrics[0].rows[0].value.i == 3 * 7919);
  int objects = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) objects += entry.path().extension() == ".kobj";
  CHECK(objects == 1);
  std::filesystem::remove_all(dir);
}
