// A decoder for the Thrift compact protocol (apache/thrift doc/specs/thrift-compact-protocol.md), the
// encoding of Parquet's footer and page headers. Every read is bounds-checked, nesting is depth-limited and
// unknown fields are skipped, so a corrupt or newer file yields a DataError (702), never a crash.
//
// Usage: a struct is read as a loop over field headers:
//   reader.begin_struct();
//   while (auto f = reader.next_field()) { switch (f->id) { case 1: x = reader.read_i32(); break;
//                                                          default: reader.skip(f->type); } }
//   reader.end_struct();
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace kpic::parquet {

enum class ThriftType : uint8_t {
  Stop = 0,
  BoolTrue = 1,
  BoolFalse = 2,
  Byte = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  Double = 7,
  Binary = 8,
  List = 9,
  Set = 10,
  Map = 11,
  Struct = 12,
  Uuid = 13,
};

struct ThriftField {
  int16_t id;
  ThriftType type;
};

struct ThriftList {
  ThriftType elem;
  uint32_t size;
};

class ThriftReader {
 public:
  static constexpr int kMaxDepth = 64;

  ThriftReader(const uint8_t* data, size_t size) : p_(data), begin_(data), end_(data + size) {}

  size_t position() const { return static_cast<size_t>(p_ - begin_); }

  void begin_struct();
  // The next field header of the current struct, or nullopt at its STOP byte.
  std::optional<ThriftField> next_field();
  void end_struct();

  bool read_bool(const ThriftField& f);  // a bool field: the value is in the field header
  bool read_bool_elem();                 // a bool list element: one byte
  int8_t read_byte();
  int16_t read_i16();
  int32_t read_i32();
  int64_t read_i64();
  double read_double();
  std::string read_binary();
  ThriftList read_list_header();  // also for sets

  // Skips a value of the given type (structs, lists and maps recursively).
  void skip(ThriftType type);

 private:
  uint64_t read_varint();
  uint8_t read_u8();
  void need(size_t n) const;
  static ThriftType checked_type(uint8_t nibble);

  const uint8_t* p_;
  const uint8_t* begin_;
  const uint8_t* end_;
  int depth_ = 0;
  int16_t last_id_stack_[kMaxDepth + 1] = {};
};

}  // namespace kpic::parquet
