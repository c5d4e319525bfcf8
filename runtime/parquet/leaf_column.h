// How a Parquet leaf column maps onto a kpic column: the output ValueType and the conversion applied to
// each physical value. Decided once per file from the schema (map_schema), used by every chunk decode.
//
// Mapping decisions (also in .notes/parquet.md):
//  - BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY without a decimal or float16 annotation read as String (the raw
//    bytes), whatever the annotation (STRING, ENUM, JSON, BSON, UUID, none, unknown): kpic has no bytes type.
//  - DECIMAL reads as Float (unscaled / 10^scale); FLOAT16 as Float.
//  - TIME reads as Int microseconds since midnight; TIMESTAMP (any unit) and INT96 as Timestamp (µs UTC,
//    nanoseconds floored).
//  - UINT_64 reads as Int; a value above INT64_MAX is an error (703) naming the column, never a wrong number.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/column/schema.h"
#include "runtime/parquet/parquet_metadata.h"

namespace kpic::parquet {

enum class Conversion : uint8_t {
  Bool,
  Int32ToInt,
  UInt32ToInt,
  Int32ToDate,
  TimeMillisToInt,
  Int64ToInt,
  UInt64ToInt,
  TimeNanosToInt,
  TimestampMillis,
  TimestampMicros,
  TimestampNanos,
  Int96ToTimestamp,
  Int32Decimal,
  Int64Decimal,
  BytesDecimal,
  FloatToFloat,
  DoubleToFloat,
  Float16ToFloat,
  BytesToString,
};

struct LeafColumn {
  std::string name;      // the top-level field name
  int chunk_index = -1;  // index of its ColumnChunk in each row group (first leaf for groups)
  PhysicalType physical = PhysicalType::Int32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width
  int max_def = 0;
  Conversion conversion = Conversion::Int64ToInt;
  ValueType type = ValueType::Int;
  int32_t scale = 0;         // Decimal
  double scale_divisor = 1;  // 10^scale
  std::string unsupported;   // nested / repeated / unreadable: the reason
  std::string logical;       // a readable annotation for `schema --verbose`, e.g. "DECIMAL(10,2)"
  int int_bits = 0;          // an 8- or 16-bit integer annotation: values must fit it
  bool int_signed = true;
};

// Maps the flattened schema to one LeafColumn per top-level field (groups and repeated fields included,
// marked unsupported) and fills `schema`. Throws DataError (702) on a malformed schema tree.
std::vector<LeafColumn> map_schema(const FileMetaData& meta, Schema& schema);

// Bytes per physical value for fixed-width types (0 for BYTE_ARRAY; booleans count as 1 here).
int physical_width(const LeafColumn& leaf);

}  // namespace kpic::parquet
