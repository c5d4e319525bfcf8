// Footers built by hand (a small Thrift compact writer): an empty row group reads as an empty table
// whatever its chunk offsets say, and what the footer says twice must agree.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/parquet/parquet_reader.h"
#include "tests/readers/parquet/compact_writer.h"

using kpic::DataError;
using kpic::parquet::ParquetReader;
using kpic::parquet::test::Compact;

namespace {

// A file of one optional INT64 column `x`: `file_rows` in the footer, one row group of `group_rows` whose
// chunk declares its data at `offset` with `size` bytes (no page is written).
std::vector<uint8_t> file(int64_t file_rows, int64_t group_rows, int64_t offset, int64_t size) {
  Compact w;
  w.field(1, Compact::I32), w.varint(1);
  w.field(2, Compact::List), w.list(2, Compact::Struct);
  w.begin(), w.field(4, Compact::Binary), w.binary("schema"), w.field(5, Compact::I32), w.varint(1), w.end();
  w.begin(), w.field(1, Compact::I32), w.varint(2), w.field(3, Compact::I32), w.varint(1);
  w.field(4, Compact::Binary), w.binary("x"), w.end();
  w.field(3, Compact::I64), w.varint(file_rows);
  w.field(4, Compact::List), w.list(1, Compact::Struct);
  w.begin();
  w.field(1, Compact::List), w.list(1, Compact::Struct);
  w.begin();
  w.field(2, Compact::I64), w.varint(0);
  w.field(3, Compact::Struct);
  w.begin();
  w.field(1, Compact::I32), w.varint(2);
  w.field(2, Compact::List), w.list(1, Compact::I32), w.varint(0);
  w.field(3, Compact::List), w.list(1, Compact::Binary), w.binary("x");
  w.field(4, Compact::I32), w.varint(0);
  w.field(5, Compact::I64), w.varint(group_rows);
  w.field(6, Compact::I64), w.varint(size);
  w.field(7, Compact::I64), w.varint(size);
  w.field(9, Compact::I64), w.varint(offset);
  w.end();
  w.end();
  w.field(2, Compact::I64), w.varint(0);
  w.field(3, Compact::I64), w.varint(group_rows);
  w.end();
  w.end();
  std::vector<uint8_t> out = {'P', 'A', 'R', '1'};
  out.insert(out.end(), w.bytes.begin(), w.bytes.end());
  auto len = static_cast<uint32_t>(w.bytes.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(len >> (8 * i)));
  out.insert(out.end(), {'P', 'A', 'R', '1'});
  return out;
}

std::string refusal(std::vector<uint8_t> bytes) {
  try {
    ParquetReader::open_memory("t.parquet", std::move(bytes));
  } catch (const DataError& e) {
    CHECK(e.code == 702);
    return e.message;
  }
  return "";
}

}  // namespace

TEST_CASE("an empty row group is an empty table, whatever its chunk offsets") {
  auto r = ParquetReader::open_memory("t.parquet", file(0, 0, 0, 0));
  CHECK(r->schema().num_rows == 0);
  REQUIRE(r->num_chunks() == 1);
  CHECK(r->read_column(0, 0).length == 0);
}

TEST_CASE("a footer that contradicts itself is refused") {
  CHECK(refusal(file(5, 0, 0, 0)) == "t.parquet: the row groups hold 0 rows, the footer says 5");
  CHECK(refusal(file(3, 3, 0, 0)).find("column chunk bytes 0+0 lie outside the file's data") != std::string::npos);
  CHECK(refusal(file(3, 3, 4, 100)).find("lie outside the file's data (4..4)") != std::string::npos);
}
