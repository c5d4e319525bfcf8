// Text -> value conversions and type inference. Expected epoch values are hand-computed:
// 2024-01-01 is day 19723 (1704067200 s); 1970-01-01 is day 0.
#include <doctest/doctest.h>

#include "runtime/csv/csv_value.h"
#include "runtime/csv/type_inference.h"

using namespace kpic;
using namespace kpic::csv;

TEST_CASE("null tokens") {
  for (const char* s : {"", "NA", "null", "NULL"}) CHECK(is_null_token(s));
  for (const char* s : {"na", "Null", "N/A", " ", "0"}) CHECK_FALSE(is_null_token(s));
}

TEST_CASE("integers") {
  int64_t v = 0;
  CHECK((parse_int("42", v) && v == 42));
  CHECK((parse_int("-7", v) && v == -7));
  CHECK((parse_int("+7", v) && v == 7));
  CHECK((parse_int(" 12 ", v) && v == 12));
  CHECK((parse_int("9223372036854775807", v) && v == INT64_MAX));
  CHECK_FALSE(parse_int("9223372036854775808", v));
  CHECK_FALSE(parse_int("1.0", v));
  CHECK_FALSE(parse_int("12a", v));
  CHECK_FALSE(parse_int("", v));
  CHECK_FALSE(parse_int("+", v));
  CHECK_FALSE(parse_int("+-1", v));
  CHECK_FALSE(parse_int("1 2", v));
}

TEST_CASE("floats") {
  double v = 0;
  CHECK((parse_float("3.5", v) && v == 3.5));
  CHECK((parse_float("-0.25", v) && v == -0.25));
  CHECK((parse_float("1e3", v) && v == 1000));
  CHECK((parse_float(".5", v) && v == 0.5));
  CHECK((parse_float("7", v) && v == 7));
  CHECK_FALSE(parse_float("1,5", v));
  CHECK_FALSE(parse_float("abc", v));
  CHECK_FALSE(parse_float("0x10", v));
}

TEST_CASE("booleans") {
  bool b = false;
  CHECK((parse_bool("true", b) && b));
  CHECK((parse_bool("FALSE", b) && !b));
  CHECK((parse_bool("True", b) && b));
  CHECK_FALSE(parse_bool("1", b));
  CHECK_FALSE(parse_bool("yes", b));
  CHECK_FALSE(parse_bool("tRUE", b));
}

TEST_CASE("dates") {
  int32_t d = 0;
  CHECK((parse_date("1970-01-01", d) && d == 0));
  CHECK((parse_date("2024-01-01", d) && d == 19723));
  CHECK((parse_date("2024-02-29", d) && d == 19723 + 31 + 28));
  CHECK((parse_date("1969-12-31", d) && d == -1));
  CHECK((parse_date("2000-03-01", d) && d == 11017));
  CHECK_FALSE(parse_date("2023-02-29", d));
  CHECK_FALSE(parse_date("2024-13-01", d));
  CHECK_FALSE(parse_date("2024-1-01", d));
  CHECK_FALSE(parse_date("2024-01-01T00:00", d));
  CHECK_FALSE(parse_date("20240101", d));
}

TEST_CASE("timestamps to microseconds UTC") {
  const int64_t jan1 = 1704067200LL * 1000000;
  int64_t t = 0;
  CHECK((parse_timestamp("2024-01-01T00:00:00Z", t) && t == jan1));
  CHECK((parse_timestamp("2024-01-01 10:30", t) && t == jan1 + (10 * 3600 + 30 * 60) * 1000000LL));
  CHECK((parse_timestamp("2024-01-01T00:00:01.5", t) && t == jan1 + 1500000));
  CHECK((parse_timestamp("2024-01-01T00:00:00.123456789Z", t) && t == jan1 + 123456));
  CHECK((parse_timestamp("2024-01-01T01:00:00+01:00", t) && t == jan1));
  CHECK((parse_timestamp("2024-01-01T00:00:00-0130", t) && t == jan1 + 90 * 60 * 1000000LL));
  CHECK((parse_timestamp("2024-01-01T05:00:00+05", t) && t == jan1));
  CHECK((parse_timestamp("2024-01-01", t) && t == jan1));
  CHECK((parse_timestamp("1969-12-31T23:59:59Z", t) && t == -1000000));
  CHECK_FALSE(parse_timestamp("2024-01-01T24:00:00", t));
  CHECK_FALSE(parse_timestamp("2024-01-01T10", t));
  CHECK_FALSE(parse_timestamp("2024-01-01T10:00:00.", t));
  CHECK_FALSE(parse_timestamp("2024-01-01T10:00:00Zx", t));
  CHECK_FALSE(parse_timestamp("2024-01-01X10:00", t));
}

namespace {
ValueType infer(std::initializer_list<const char*> values) {
  TypeInference t;
  for (const char* v : values) t.add(v);
  return t.type();
}
}  // namespace

TEST_CASE("type inference picks the narrowest type every value fits") {
  CHECK(infer({"1", "2", "NA"}) == ValueType::Int);
  CHECK(infer({"1", "2.5"}) == ValueType::Float);
  CHECK(infer({"true", "False", ""}) == ValueType::Bool);
  CHECK(infer({"2024-01-01", "2024-12-31"}) == ValueType::Date);
  CHECK(infer({"2024-01-01", "2024-01-01T10:00:00Z"}) == ValueType::Timestamp);
  CHECK(infer({"1", "x"}) == ValueType::String);
  CHECK(infer({"2024-01-01", "3"}) == ValueType::String);
  CHECK(infer({"true", "1"}) == ValueType::String);
  CHECK(infer({"", "NA", "null"}) == ValueType::String);  // no value: string
  CHECK(infer({"99999999999999999999"}) == ValueType::Float);
  TypeInference t;
  t.add("1");
  CHECK_FALSE(t.saw_null());
  t.add("NULL");
  CHECK(t.saw_null());
}
