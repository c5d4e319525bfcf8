// The Thrift compact-protocol decoder and the metadata structs, on hand-built byte sequences.
#include <doctest/doctest.h>

#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/parquet/parquet_metadata.h"
#include "runtime/parquet/thrift_compact.h"

using namespace kpic::parquet;

TEST_CASE("thrift: short and long field headers, ints, binary, bools") {
  // field 1 i32 5 | field 3 binary "ab" | field 20 (long form) i64 -1 | field 21 bool true | stop
  std::vector<uint8_t> b = {0x15, 0x0A, 0x28, 0x02, 'a', 'b', 0x06, 0x28, 0x01, 0x11, 0x00};
  ThriftReader r(b.data(), b.size());
  r.begin_struct();
  auto f = r.next_field();
  REQUIRE(f);
  CHECK(f->id == 1);
  CHECK(r.read_i32() == 5);
  f = r.next_field();
  CHECK(f->id == 3);
  CHECK(r.read_binary() == "ab");
  f = r.next_field();
  CHECK(f->id == 20);
  CHECK(f->type == ThriftType::I64);
  CHECK(r.read_i64() == -1);
  f = r.next_field();
  CHECK(f->id == 21);
  CHECK(r.read_bool(*f));
  CHECK(!r.next_field());
  r.end_struct();
  CHECK(r.position() == b.size());
}

TEST_CASE("thrift: unknown fields of every kind are skipped") {
  // field 1: struct { field 1: list<i32>[1,2,3]; field 2: map<binary,i32>{"k":7}; field 3: double } ;
  // field 2: i32 -3 (zigzag 5)
  std::vector<uint8_t> b = {0x1C, 0x19, 0x35, 0x02, 0x04, 0x06, 0x1B, 0x01, 0x85, 0x01, 'k',  0x0E, 0x17,
                            0,    0,    0,    0,    0,    0,    0xF0, 0x3F, 0x00, 0x15, 0x05, 0x00};
  ThriftReader r(b.data(), b.size());
  r.begin_struct();
  int32_t value = 0;
  while (auto f = r.next_field()) {
    if (f->id == 2)
      value = r.read_i32();
    else
      r.skip(f->type);
  }
  r.end_struct();
  CHECK(value == -3);
  CHECK(r.position() == b.size());
}

TEST_CASE("thrift: truncation, bad types and deep nesting are DataErrors") {
  std::vector<uint8_t> truncated = {0x18, 0x05, 'a'};  // binary of length 5 with 1 byte
  ThriftReader r1(truncated.data(), truncated.size());
  r1.begin_struct();
  r1.next_field();
  CHECK_THROWS_AS(r1.read_binary(), kpic::DataError);

  std::vector<uint8_t> deep(200, 0x1C);  // struct inside struct inside ...
  ThriftReader r2(deep.data(), deep.size());
  CHECK_THROWS_AS(r2.skip(ThriftType::Struct), kpic::DataError);

  std::vector<uint8_t> badtype = {0x1E, 0x00};  // type nibble 14 does not exist
  ThriftReader r3(badtype.data(), badtype.size());
  r3.begin_struct();
  CHECK_THROWS_AS(r3.next_field(), kpic::DataError);

  std::vector<uint8_t> longlist = {0xF5, 0xFF, 0xFF, 0xFF, 0x0F};  // list of 2^32-1 i32s in 5 bytes
  ThriftReader r4(longlist.data(), longlist.size());
  CHECK_THROWS_AS(r4.read_list_header(), kpic::DataError);
}

TEST_CASE("thrift: a v1 data page header") {
  std::vector<uint8_t> b = {0x15, 0x00, 0x15, 0x14, 0x15, 0x14, 0x2C, 0x15, 0x06,
                            0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00, 0xAA};
  size_t used = 0;
  PageHeader h = parse_page_header(b.data(), b.size(), used);
  CHECK(used == b.size() - 1);
  CHECK(h.type == PageType::DataPage);
  CHECK(h.uncompressed_page_size == 10);
  CHECK(h.compressed_page_size == 10);
  REQUIRE(h.data_page);
  CHECK(h.data_page->num_values == 3);
  CHECK(h.data_page->encoding == Encoding::Plain);
  CHECK(h.data_page->definition_level_encoding == Encoding::Rle);
  CHECK(!h.crc);
}

TEST_CASE("thrift: FileMetaData with a schema, a logical type and a row group") {
  std::vector<uint8_t> b = {
      0x15, 0x04,                               // version 2
      0x19, 0x2C,                               // schema: list of 2 structs
      0x48, 0x01, 'r',  0x15, 0x02, 0x00,       //   root: name "r" (field 4), num_children 1 (field 5)
      0x15, 0x0C, 0x25, 0x02, 0x18, 0x01, 'x',  //   type BYTE_ARRAY(6), repetition OPTIONAL, name "x"
      0x6C, 0x1C, 0x00, 0x00,                   //   field 10 logicalType { 1: StringType {} }
      0x00, 0x16, 0x14,                         // num_rows 10
      0x19, 0x0C,                               // row_groups: empty list... of structs (size 0)
      0x00};
  FileMetaData m = parse_file_metadata(b.data(), b.size());
  CHECK(m.version == 2);
  REQUIRE(m.schema.size() == 2);
  CHECK(m.schema[0].name == "r");
  CHECK(m.schema[0].num_children == 1);
  CHECK(m.schema[1].type == PhysicalType::ByteArray);
  CHECK(m.schema[1].repetition == Repetition::Optional);
  CHECK(m.schema[1].logical.kind == LogicalType::String);
  CHECK(m.num_rows == 10);
  CHECK(m.row_groups.empty());
}
