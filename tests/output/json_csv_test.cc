#include <doctest/doctest.h>

#include "compiler/driver/output/format_results.h"
#include "fixtures.h"

using namespace kpic;
using namespace kpic::output;
using namespace kpic::output::testing;

TEST_CASE("json: exactly the contract's example") {
  CHECK(format_json(contract_result()) ==
        "{\"metrics\": [\n"
        "  {\"name\": \"nps\", \"by\": [], \"rows\": [{\"value\": 31.5}]},\n"
        "  {\"name\": \"mau\", \"by\": [\"month\"], \"rows\": [{\"month\": \"2024-01-01\", \"value\": 1234}, "
        "{\"month\": \"2024-02-01\", \"value\": 1301}]}\n"
        "]}\n");
}

TEST_CASE("json: no metrics, nulls, full precision, rows sorted with null keys last, escapes") {
  CHECK(format_json(RunResult{}) == "{\"metrics\": []}\n");
  RunResult r;
  r.metrics.push_back(scalar("ratio", null_float()));
  r.metrics.push_back(grouped("nps", {"region", "plan"}, {ValueType::String, ValueType::String},
                              {{{s("NA"), s("pro")}, f(29.936974789915965)},
                               {{Value::null(ValueType::String), s("pro")}, f(-0.5)},
                               {{s("APAC"), s("a\"b")}, f(1e-7)}}));
  CHECK(format_json(r) ==
        "{\"metrics\": [\n"
        "  {\"name\": \"ratio\", \"by\": [], \"rows\": [{\"value\": null}]},\n"
        "  {\"name\": \"nps\", \"by\": [\"region\", \"plan\"], \"rows\": ["
        "{\"region\": \"APAC\", \"plan\": \"a\\\"b\", \"value\": 1e-07}, "
        "{\"region\": \"NA\", \"plan\": \"pro\", \"value\": 29.936974789915965}, "
        "{\"region\": null, \"plan\": \"pro\", \"value\": -0.5}]}\n"
        "]}\n");
}

TEST_CASE("json: a grouped metric without rows, timestamps and bools") {
  RunResult r;
  r.metrics.push_back(grouped("empty", {"day"}, {ValueType::Date}, {}));
  r.metrics.push_back(grouped("flag_count", {"hour", "paid"}, {ValueType::Timestamp, ValueType::Bool},
                              {{{Value::of_timestamp(1706702400000000), Value::of_bool(true)}, i(3)}},
                              ValueType::Int));
  CHECK(format_json(r) ==
        "{\"metrics\": [\n"
        "  {\"name\": \"empty\", \"by\": [\"day\"], \"rows\": []},\n"
        "  {\"name\": \"flag_count\", \"by\": [\"hour\", \"paid\"], \"rows\": ["
        "{\"hour\": \"2024-01-31T12:00:00Z\", \"paid\": true, \"value\": 3}]}\n"
        "]}\n");
}

TEST_CASE("csv: one table per grouping, raw values, blank line between tables, RFC 4180 quoting") {
  RunResult r;
  r.metrics.push_back(scalar("nps", f(31.5)));
  r.metrics.push_back(grouped("mau", {"month"}, {ValueType::Date},
                              {{{d(kJan2024)}, i(1234)}, {{d(kFeb2024)}, i(1301)}}, ValueType::Int));
  r.metrics.push_back(scalar("csat", null_float()));
  r.metrics.push_back(grouped("dau", {"month"}, {ValueType::Date}, {{{d(kFeb2024)}, f(42.5)}}));
  r.metrics.push_back(grouped("revenue", {"region"}, {ValueType::String},
                              {{{s("NA")}, null_float()}, {{s("A, \"Inc\"")}, f(10.25)}}));
  CHECK(format_csv(r) ==
        "nps,csat\n"
        "31.5,\n"
        "\n"
        "month,mau,dau\n"
        "2024-01-01,1234,\n"
        "2024-02-01,1301,42.5\n"
        "\n"
        "region,revenue\n"
        "\"A, \"\"Inc\"\"\",10.25\n"
        "NA,\n");
  CHECK(format_csv(RunResult{}).empty());
}

TEST_CASE("format names") {
  CHECK(parse_format("table") == Format::Table);
  CHECK(parse_format("json") == Format::Json);
  CHECK(parse_format("csv") == Format::Csv);
  CHECK(parse_format("markdown") == Format::Markdown);
  CHECK(parse_format("md") == Format::Markdown);
  CHECK_FALSE(parse_format("yaml").has_value());
}
