#include <doctest/doctest.h>

#include "compiler/driver/output/targets.h"
#include "fixtures.h"

using namespace kpic;
using namespace kpic::output;
using namespace kpic::output::testing;

TEST_CASE("an ungrouped metric is checked on its value; null misses nothing") {
  sema::Program p = program_of({{"nps", "percent", "", target(ast::Op::Ge, 50), ""},
                                {"churn", "percent", "", target(ast::Op::Lt, 5), ""},
                                {"free", "", "", std::nullopt, ""}});
  RunResult r;
  r.metrics.push_back(scalar("nps", f(50)));
  r.metrics.push_back(scalar("churn", f(5)));
  r.metrics.push_back(scalar("free", f(-1)));
  auto missed = missed_targets(p, r);
  REQUIRE(missed.size() == 1);
  CHECK(missed[0].metric == 1);
  CHECK(describe_missed(p, r, missed[0]) == "churn = 5.0% misses its target < 5%");
  CHECK_FALSE(targets_met(p, r));
  r.metrics[1].rows[0].value = null_float();
  CHECK(targets_met(p, r));
}

TEST_CASE("a metric over time is checked on its latest bucket, for every value of the other dimensions") {
  sema::Program p = program_of({{"nps", "", "", target(ast::Op::Ge, 30), ""}});
  RunResult r;
  r.metrics.push_back(grouped("nps", {"region", "month"}, {ValueType::String, ValueType::Date},
                              {{{s("APAC"), d(kJan2024)}, f(10)},
                               {{s("APAC"), d(kFeb2024)}, f(29.5)},
                               {{s("EMEA"), d(kFeb2024)}, f(40)},
                               {{s("NA"), d(kJan2024)}, f(5)},
                               {{s("NA"), Value::null(ValueType::Date)}, f(1)}}));
  CHECK(target_rows(r.metrics[0]) == std::vector<size_t>{1, 2});
  auto missed = missed_targets(p, r);
  REQUIRE(missed.size() == 1);
  CHECK(missed[0].row == 1);
  CHECK(describe_missed(p, r, missed[0]) == "nps = 29.50 misses its target >= 30 (region APAC, month 2024-02-01)");
}

TEST_CASE("a metric grouped without time is checked on every row") {
  sema::Program p = program_of({{"aov", "usd", "", target(ast::Op::Gt, 20.5), ""}});
  RunResult r;
  r.metrics.push_back(grouped("aov", {"region"}, {ValueType::String},
                              {{{s("APAC")}, f(20.5)}, {{s("EMEA")}, f(30)}, {{s("NA")}, f(3)}}));
  auto missed = missed_targets(p, r);
  REQUIRE(missed.size() == 2);
  CHECK(describe_missed(p, r, missed[0]) == "aov = $20.50 misses its target > $20.50 (region APAC)");
  CHECK(describe_missed(p, r, missed[1]) == "aov = $3.00 misses its target > $20.50 (region NA)");
}

TEST_CASE("every comparison of a target") {
  auto holds = [](ast::Op op, double t, double v) { return target_holds(target(op, t), v); };
  CHECK(holds(ast::Op::Eq, 1, 1));
  CHECK_FALSE(holds(ast::Op::Eq, 1, 2));
  CHECK(holds(ast::Op::Ne, 1, 2));
  CHECK(holds(ast::Op::Le, 1, 1));
  CHECK_FALSE(holds(ast::Op::Lt, 1, 1));
  CHECK(holds(ast::Op::Gt, 1, 1.5));
  CHECK_FALSE(holds(ast::Op::Ge, 1, 0.5));
}

TEST_CASE("metadata comes from the main file's metric of that name") {
  sema::Program p = program_of({{"x", "usd", "", std::nullopt, ""}, {"x", "percent", "", std::nullopt, ""}});
  p.metrics[0].from_main_file = false;
  CHECK(find_metric(p, "x")->unit == "percent");
  CHECK(find_metric(p, "y") == nullptr);
}
