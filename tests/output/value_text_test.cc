#include <doctest/doctest.h>

#include <limits>

#include "compiler/driver/output/value_text.h"
#include "fixtures.h"

using namespace kpic;
using namespace kpic::output;
using namespace kpic::output::testing;

TEST_CASE("dates and timestamps print as ISO 8601") {
  CHECK(iso_date(0) == "1970-01-01");
  CHECK(iso_date(-1) == "1969-12-31");
  CHECK(iso_date(kJan2024) == "2024-01-01");
  CHECK(iso_date(kFeb2024) == "2024-02-01");
  CHECK(iso_date(kMar2024) == "2024-03-01");  // 2024 is a leap year: Feb has 29 days
  CHECK(iso_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(iso_timestamp(1706702400000000) == "2024-01-31T12:00:00Z");
  CHECK(iso_timestamp(1706702400250000) == "2024-01-31T12:00:00.25Z");
  CHECK(iso_timestamp(-1) == "1969-12-31T23:59:59.999999Z");
}

TEST_CASE("doubles print in their shortest round-trip form") {
  CHECK(shortest_double(31.5) == "31.5");
  CHECK(shortest_double(0.1) == "0.1");
  CHECK(shortest_double(22.947277441659462) == "22.947277441659462");
  CHECK(shortest_double(1234.0) == "1234");
  CHECK(shortest_double(-0.25) == "-0.25");
}

TEST_CASE("raw and JSON text of values") {
  CHECK(raw_text(i(-42)) == "-42");
  CHECK(raw_text(Value::of_bool(true)) == "true");
  CHECK(raw_text(s("a,b")) == "a,b");
  CHECK(raw_text(null_float()).empty());
  CHECK(json_literal(null_float()) == "null");
  CHECK(json_literal(f(std::numeric_limits<double>::infinity())) == "null");
  CHECK(json_literal(d(kJan2024)) == "\"2024-01-01\"");
  CHECK(json_literal(Value::of_timestamp(0)) == "\"1970-01-01T00:00:00Z\"");
  CHECK(json_string("say \"hi\"\n\\\x01") == "\"say \\\"hi\\\"\\n\\\\\\u0001\"");
  // JSON is UTF-8: valid sequences pass (é, €, 😀), other bytes (binary read as text) become U+FFFD.
  CHECK(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  CHECK(json_string("a\x80" "b") == "\"a\\ufffdb\"");
  CHECK(json_string("\xc0\xaf") == "\"\\ufffd\\ufffd\"");          // overlong '/'
  CHECK(json_string("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate
  CHECK(json_string("\xe2\x82") == "\"\\ufffd\\ufffd\"");            // cut short
}

TEST_CASE("values order with nulls last, ints and floats as numbers") {
  CHECK(compare_values(i(1), f(1.5)) < 0);
  CHECK(compare_values(f(2.0), i(2)) == 0);
  CHECK(compare_values(null_float(), i(-100)) > 0);
  CHECK(compare_values(i(-100), null_float()) < 0);
  CHECK(compare_values(null_float(), Value::null()) == 0);
  CHECK(compare_values(s("APAC"), s("EMEA")) < 0);
  CHECK(compare_values(d(1), Value::of_timestamp(86400000000)) == 0);
  CHECK(dims_less({s("a"), i(2)}, {s("a"), i(3)}));
  CHECK_FALSE(dims_less({s("b"), i(1)}, {s("a"), i(3)}));
  CHECK(dims_equal({s("a"), null_float()}, {s("a"), Value::null()}));
}
