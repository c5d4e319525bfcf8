// MemoryTable: `kpic test` given rows in the same Batch layout as the file readers.
#include <doctest/doctest.h>

#include "runtime/readers/memory_table.h"
#include "tests/readers/csv/csv_test_files.h"

using namespace kpic;

TEST_CASE("given rows become a batch with nulls and a dictionary") {
  Schema s;
  s.fields = {Field{"n", ValueType::Int, true, {}}, Field{"x", ValueType::Float, true, {}},
              Field{"s", ValueType::String, true, {}}, Field{"t", ValueType::Timestamp, true, {}}};
  MemoryTable t(s, {{Value::of_int(1), Value::null(), Value::of_int(3)},
                    {Value::of_int(2), Value::of_float(2.5), Value::null()},
                    {Value::of_string("a"), Value::of_string("b"), Value::of_string("a")},
                    {Value::of_date(1), Value::of_timestamp(5), Value::null()}});
  CHECK(t.schema().num_rows == 3);
  CHECK(test::rows_of(t) == std::vector<std::string>{"1|2|'a'|t86400000000", "null|2.5|'b'|t5", "3|null|'a'|null"});
  std::vector<Batch> b;
  t.read_chunk(0, {2}, b);
  CHECK(b[0].columns[0].dict->size() == 2);
}

TEST_CASE("given rows of the wrong type or length") {
  Schema s;
  s.fields = {Field{"n", ValueType::Int, true, {}}, Field{"m", ValueType::Int, true, {}}};
  auto message = [&](std::vector<std::vector<Value>> cols) {
    try {
      MemoryTable t(s, std::move(cols), "given orders");
    } catch (const DataError& e) {
      CHECK(e.code == 706);
      CHECK(e.path == "given orders");
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(message({{Value::of_int(1)}, {Value::of_string("x")}}) == "value 1 of column `m` is a string, but the column is int");
  CHECK(message({{Value::of_int(1)}, {}}) == "column `m` has 0 values, column `n` has 1");
}
