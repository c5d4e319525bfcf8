#include <doctest/doctest.h>

#include "compiler/driver/output/sparkline.h"
#include "compiler/driver/output/text_table.h"
#include "compiler/driver/output/unit_format.h"
#include "fixtures.h"

using namespace kpic;
using namespace kpic::output;
using namespace kpic::output::testing;

TEST_CASE("thousands separators") {
  CHECK(group_thousands("0") == "0");
  CHECK(group_thousands("999") == "999");
  CHECK(group_thousands("1000") == "1,000");
  CHECK(group_thousands("-1234567.891") == "-1,234,567.891");
  CHECK(group_thousands("123456") == "123,456");
}

TEST_CASE("values by unit") {
  CHECK(format_for_people(f(31.5), "percent") == "31.5%");
  CHECK(format_for_people(f(22.947277441659462), "pct") == "22.9%");
  CHECK(format_for_people(i(5), "%") == "5%");
  CHECK(format_for_people(f(1234.5), "usd") == "$1,234.50");
  CHECK(format_for_people(f(-12), "EUR") == "-€12.00");
  CHECK(format_for_people(f(-0.04), "percent") == "0.0%");
  CHECK(format_for_people(f(-0.5), "percent") == "-0.5%");
  CHECK(format_for_people(i(1500), "usd") == "$1,500.00");
  CHECK(format_for_people(f(99.999), "chf") == "100.00 CHF");
  // Only whole counts print without decimals: a mean of counts is not rounded to a whole number.
  CHECK(format_for_people(f(1234.6), "count") == "1,234.60");
  CHECK(format_for_people(f(226.42), "count") == "226.42");
  CHECK(format_for_people(f(226.0), "count") == "226");
  CHECK(format_for_people(i(1234567), "") == "1,234,567");
  CHECK(format_for_people(f(2.5), "") == "2.50");
  CHECK(format_for_people(f(0.00123), "") == "0.00123");
  CHECK(format_for_people(f(0), "") == "0.00");
  CHECK(format_for_people(f(3.25), "days") == "3.25");
  CHECK(format_for_people(null_float(), "usd") == "");
  CHECK(format_for_people(d(kJan2024), "") == "2024-01-01");
  CHECK(format_for_people(s("NA"), "") == "NA");
}

TEST_CASE("units that go in the column header") {
  CHECK(unit_in_header("days"));
  CHECK(unit_in_header("users"));
  CHECK_FALSE(unit_in_header("percent"));
  CHECK_FALSE(unit_in_header("usd"));
  CHECK_FALSE(unit_in_header("count"));
  CHECK_FALSE(unit_in_header(""));
}

TEST_CASE("sparklines scale from the lowest to the highest value") {
  CHECK(sparkline({1.0, 8.0}) == "▁█");
  CHECK(sparkline({0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0}) == "▁▂▃▄▅▆▇█");
  CHECK(sparkline({5.0, 5.0, 5.0}) == "▄▄▄");
  CHECK(sparkline({1.0, std::nullopt, 3.0}) == "▁ █");
  std::vector<std::optional<double>> many;
  for (int k = 0; k < 100; ++k) many.push_back(k);
  std::string line = sparkline(many);
  CHECK(display_width(line) == kMaxSparkPoints);
}
