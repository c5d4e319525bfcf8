#include <doctest/doctest.h>

#include "compiler/driver/output/test_report.h"
#include "fixtures.h"

using namespace kpic;
using namespace kpic::output;
using namespace kpic::output::testing;

TEST_CASE("equality within 1e-9 relative; ints match floats; null matches only null") {
  CHECK(values_equal(f(31.5), f(31.5)));
  CHECK(values_equal(f(100.0 / 3), f(33.333333333333)));
  CHECK_FALSE(values_equal(f(100.0 / 3), f(33.3333333)));
  CHECK(values_equal(i(3), f(3.0)));
  CHECK(values_equal(f(0), f(1e-15)));
  CHECK_FALSE(values_equal(f(0), f(1e-9)));
  CHECK(values_equal(null_float(), Value::null()));
  CHECK_FALSE(values_equal(null_float(), f(0)));
  CHECK_FALSE(values_equal(f(0), null_float()));
  CHECK(values_equal(s("a"), s("a")));
  CHECK_FALSE(values_equal(s("1"), i(1)));
  CHECK(values_equal(d(kJan2024), d(kJan2024)));
  CHECK(values_equal(i(9007199254740993), i(9007199254740993)));
  CHECK_FALSE(values_equal(i(9007199254740993), i(9007199254740992)));
}

TEST_CASE("ordering expectations") {
  CHECK(expect_holds(ast::Op::Gt, f(5), f(6)));
  CHECK_FALSE(expect_holds(ast::Op::Gt, f(5), f(5)));
  CHECK(expect_holds(ast::Op::Ge, f(5), f(5 - 1e-12)));
  CHECK(expect_holds(ast::Op::Lt, i(5), f(4.5)));
  CHECK(expect_holds(ast::Op::Le, i(5), i(5)));
  CHECK_FALSE(expect_holds(ast::Op::Lt, f(5), null_float()));
  CHECK(expect_holds(ast::Op::Ne, f(5), null_float()));
  CHECK_FALSE(expect_holds(ast::Op::Gt, s("a"), i(1)));
}

TEST_CASE("a scalar expectation that holds, and one that fails") {
  MetricResult nps = scalar("nps", f(30));
  CHECK(check_expect("nps", ast::Op::Eq, false, {f(30)}, &nps).ok);
  ExpectCheck c = check_expect("nps", ast::Op::Eq, false, {f(31.5)}, &nps);
  CHECK_FALSE(c.ok);
  CHECK(c.report ==
        "    expected: 31.5\n"
        "    actual:   30\n");
  c = check_expect("nps", ast::Op::Gt, false, {i(40)}, &nps, 2);
  CHECK(c.report ==
        "  expected: > 40\n"
        "  actual:   30\n");
  MetricResult ratio = scalar("ratio", null_float());
  CHECK(check_expect("ratio", ast::Op::Eq, false, {Value::null()}, &ratio).ok);
  CHECK(check_expect("ratio", ast::Op::Eq, false, {i(0)}, &ratio).report ==
        "    expected: 0\n"
        "    actual:   null\n");
}

TEST_CASE("a list expectation shows every row with its dimensions") {
  MetricResult mau = grouped("mau", {"month"}, {ValueType::Date},
                             {{{d(kJan2024)}, i(3)}, {{d(kFeb2024)}, i(5)}}, ValueType::Int);
  CHECK(check_expect("mau", ast::Op::Eq, true, {i(3), i(5)}, &mau).ok);
  ExpectCheck c = check_expect("mau", ast::Op::Eq, true, {i(3), i(4), Value::null()}, &mau);
  CHECK_FALSE(c.ok);
  CHECK(c.report ==
        "    month       expected  actual\n"
        "    ──────────  ────────  ───────────\n"
        "    2024-01-01  3         3\n"
        "    2024-02-01  4         5  ✗\n"
        "    -           null      (no row)  ✗\n");
  MetricResult region = grouped("top", {"region"}, {ValueType::String}, {{{s("NA")}, s("pro")}},
                                ValueType::String);
  CHECK(check_expect("top", ast::Op::Eq, true, {}, &region).report ==
        "    region  expected    actual\n"
        "    ──────  ──────────  ────────\n"
        "    \"NA\"    (no value)  \"pro\"  ✗\n");
}

TEST_CASE("shape mismatches and missing metrics are reported") {
  MetricResult mau = grouped("mau", {"month", "region"}, {ValueType::Date, ValueType::String}, {}, ValueType::Int);
  CHECK(check_expect("mau", ast::Op::Eq, false, {i(3)}, &mau).report ==
        "    mau is grouped by month, region: expect a list, one value per row\n");
  CHECK(check_expect("nope", ast::Op::Eq, false, {i(3)}, nullptr).report == "    no result for metric `nope`\n");
  MetricResult one = scalar("n", i(2));
  CHECK(check_expect("n", ast::Op::Eq, true, {i(2)}, &one).ok);
  CHECK_FALSE(check_expect("n", ast::Op::Eq, true, {i(2), i(2)}, &one).ok);
}
